package io.tglake.sample;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * What the bot says, as tglake's outgoing records (see {@link SupportBotTraffic#generate(Consumer,
 * Consumer)}): a message within 5 s of an unanswered update of its chat is the webhook response to
 * it, any other a Bot API call; callback queries are answered in the webhook response.
 */
final class BotAnswers {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final long BOT_ID = SupportBotTraffic.BOT_ID;

  // Capture times are drawn from their own generator, so the updates are the same bytes with or
  // without the outgoing records.
  private final SplittableRandom botRng;
  private Consumer<OutgoingRecord> outgoing = r -> {};

  /** Chat -> {update_id, arrival millis, answered 0/1} of its latest update, within the day. */
  private final Map<Long, long[]> lastInChat = new HashMap<>();

  BotAnswers(long seed) {
    this.botRng = new SplittableRandom(seed * 31 + 7);
  }

  void sendTo(Consumer<OutgoingRecord> outgoing) {
    this.outgoing = outgoing;
  }

  /** A day starts: no update of the day before is answered by a message of this one. */
  void startDay() {
    lastInChat.clear();
  }

  /** The outgoing record of a bot message the plan produced at {@code atMillis}. */
  void botSays(ObjectNode m, long atMillis) {
    long chatId = m.get("chat").get("id").asLong();
    ObjectNode request = JSON.objectNode();
    request.put("chat_id", chatId);
    request.put("text", m.get("text").asText());
    if (m.has("reply_markup")) {
      request.set("reply_markup", m.get("reply_markup").deepCopy());
    }
    long[] last = lastInChat.get(chatId);
    if (last != null && last[2] == 0 && atMillis - last[1] <= 5_000) {
      last[2] = 1;
      outgoing.accept(
          OutgoingRecord.webhookResponse(
              BOT_ID,
              last[0],
              "sendMessage",
              request,
              Instant.ofEpochMilli(last[1] + 200 + botRng.nextInt(1_300)),
              m.deepCopy()));
    } else {
      outgoing.accept(
          OutgoingRecord.botApi(
              BOT_ID,
              "sendMessage",
              request,
              m.deepCopy(),
              Instant.ofEpochMilli(atMillis + 40 + botRng.nextInt(360))));
    }
  }

  /**
   * A callback query is answered in the webhook response; a message is remembered for the bot's
   * next answer.
   */
  void answerOrRemember(String type, ObjectNode payload, long updateId, long arrival) {
    if (type.equals("callback_query")) {
      ObjectNode request = JSON.objectNode();
      request.put("callback_query_id", payload.get("id").asText());
      outgoing.accept(
          OutgoingRecord.webhookResponse(
              BOT_ID,
              updateId,
              "answerCallbackQuery",
              request,
              Instant.ofEpochMilli(arrival + 150 + botRng.nextInt(450))));
      if (payload.has("message")) {
        lastInChat.put(
            payload.get("message").get("chat").get("id").asLong(),
            new long[] {updateId, arrival, 1});
      }
    } else if (type.equals("message") && payload.has("chat")) {
      lastInChat.put(payload.get("chat").get("id").asLong(), new long[] {updateId, arrival, 0});
    }
  }
}
