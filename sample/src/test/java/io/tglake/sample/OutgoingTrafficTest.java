package io.tglake.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.testkit.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the simulated bot says: tglake's outgoing record format, and the demo report's response
 * times.
 */
class OutgoingTrafficTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FIELDS =
      List.of(
          "record_version",
          "source",
          "bot_id",
          "method",
          "in_response_to_update_id",
          "captured_at",
          "request",
          "ok",
          "result",
          "error_code",
          "description");

  @TempDir Path lake;

  @Test
  void recordsFollowTheFixedFormatAndLeaveTheUpdatesUnchanged() throws IOException {
    TrafficSpec spec =
        new TrafficSpec(LocalDate.of(2026, 1, 5), 2, 400, 9, TrafficSpec.DEFAULT_ZONE);
    List<Delivery> plain = new ArrayList<>();
    new SupportBotTraffic(spec).generate(plain::add);
    List<Delivery> withBot = new ArrayList<>();
    List<OutgoingRecord> records = new ArrayList<>();
    new SupportBotTraffic(spec).generate(withBot::add, records::add);

    assertThat(withBot).as("same number of deliveries").hasSameSizeAs(plain);
    for (int i = 0; i < plain.size(); i++) {
      assertThat(withBot.get(i).body())
          .as("delivery %d: the bot's generator draws apart", i)
          .isEqualTo(plain.get(i).body());
    }
    Map<Long, Instant> arrivals = new HashMap<>();
    plain.forEach(d -> arrivals.putIfAbsent(d.updateId(), d.arrival()));
    Set<String> sources = new HashSet<>();
    Set<String> keys = new HashSet<>();
    for (OutgoingRecord r : records) {
      JsonNode n = JSON.readTree(r.body());
      List<String> names = new ArrayList<>();
      n.fieldNames().forEachRemaining(names::add);
      assertThat(names).as("fields of %s", r.key()).containsExactlyElementsOf(FIELDS);
      assertThat(n.get("bot_id").asLong()).as("bot id").isEqualTo(SupportBotTraffic.BOT_ID);
      assertThat(Instant.parse(n.get("captured_at").asText()))
          .as("captured_at = the record's time")
          .isEqualTo(r.capturedAt());
      assertThat(keys.add(r.key())).as("unique key %s", r.key()).isTrue();
      String source = n.get("source").asText();
      sources.add(source + " " + n.get("method").asText());
      if (source.equals("webhook_response")) {
        long update = n.get("in_response_to_update_id").asLong();
        assertThat(r.key()).as("webhook answer key").isEqualTo("wr-" + update + ".json");
        assertThat(r.capturedAt())
            .as("answered after the update %d arrived", update)
            .isAfter(arrivals.get(update));
        assertThat(n.get("ok").isNull() && n.get("result").isNull())
            .as("no visible result")
            .isTrue();
      } else {
        assertThat(r.key()).as("Bot API key").matches("api-7000000001-[0-9a-f]{64}\\.json");
        assertThat(n.get("result").get("message_id").asLong()).as("Telegram's result").isPositive();
        assertThat(n.get("request").get("text").asText())
            .as("request text = result text")
            .isEqualTo(n.get("result").get("text").asText());
      }
    }
    assertThat(sources)
        .as("both sources, messages and callback answers")
        .containsExactlyInAnyOrder(
            "webhook_response sendMessage",
            "bot_api sendMessage",
            "webhook_response answerCallbackQuery");
  }

  @Test
  void reportShowsResponseTimesFromWhatTheBotSaid() throws Exception {
    LocalDate day = LocalDate.of(2026, 11, 20);
    raw(day, 1, 42, "2026-11-20T10:00:00Z", "Onde está meu pedido?");
    raw(day, 2, 43, "2026-11-20T11:00:00Z", "Oi?");
    raw(day, 3, 44, "2026-11-20T12:00:00Z", "Preciso de ajuda");
    var request = JSON.createObjectNode().put("chat_id", 42).put("text", "Já vou verificar.");
    OutgoingRecord.webhookResponse(
            SupportBotTraffic.BOT_ID,
            1,
            "sendMessage",
            request,
            Instant.parse("2026-11-20T10:00:02.500Z"))
        .writeTo(lake.resolve("outgoing"));
    var request2 = JSON.createObjectNode().put("chat_id", 44).put("text", "Claro!");
    var result =
        JSON.createObjectNode()
            .put("message_id", 9)
            .put("date", Instant.parse("2026-11-20T12:00:10Z").getEpochSecond());
    result.set("chat", JSON.createObjectNode().put("id", 44).put("type", "private"));
    OutgoingRecord.botApi(
            SupportBotTraffic.BOT_ID,
            "sendMessage",
            request2,
            result,
            Instant.parse("2026-11-20T12:00:10.200Z"))
        .writeTo(lake.resolve("outgoing"));
    var etl =
        io.tglake.etl.TelegramEtlJob.run(
            SharedSpark.get(),
            io.tglake.etl.JobArgs.forDay(
                lake.resolve("raw").toString(), lake.resolve("enriched").toString(), day),
            l -> {});
    assertThat(etl.ok()).as("ETL %s", etl).isTrue();

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new DemoReport(SharedSpark.get(), new PrintStream(out, true, StandardCharsets.UTF_8))
        .print(
            new DemoReport.Args(
                lake.resolve("enriched"),
                ZoneId.of("America/Sao_Paulo"),
                Optional.empty(),
                Optional.empty(),
                5));
    String report = out.toString(StandardCharsets.UTF_8);

    assertThat(report)
        .as("report:%n%s", report)
        .contains("conversations in private chats: 3, answered: 2, no answer: 1")
        .contains("first response: p50 2.5 s, p90 10.0 s; bot messages per conversation: 0.67")
        .contains("    07:00       1       1  2.5 s")
        .contains("    08:00       1       0  -")
        .contains("    09:00       1       1  10.0 s");
  }

  private void raw(LocalDate day, long updateId, long chat, String at, String text)
      throws IOException {
    Path f = lake.resolve("raw").resolve("context_date=" + day).resolve(updateId + ".json");
    Files.createDirectories(f.getParent());
    Files.writeString(
        f,
        "{\"update_id\":"
            + updateId
            + ",\"message\":{\"message_id\":"
            + updateId
            + ",\"from\":{"
            + "\"id\":"
            + chat
            + ",\"is_bot\":false,\"first_name\":\"U\"},\"chat\":{\"id\":"
            + chat
            + ",\"type\":"
            + "\"private\"},\"date\":"
            + Instant.parse(at).getEpochSecond()
            + ",\"text\":\""
            + text
            + "\"}}");
    Files.setLastModifiedTime(f, FileTime.from(Instant.parse(at)));
  }
}
