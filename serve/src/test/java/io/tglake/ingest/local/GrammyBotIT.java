package io.tglake.ingest.local;

import static io.tglake.ingest.local.GrammyBotRun.BOT_ID;
import static io.tglake.ingest.local.GrammyBotRun.CALLBACK_UPDATE;
import static io.tglake.ingest.local.GrammyBotRun.TEXT_UPDATE;
import static io.tglake.ingest.local.GrammyBotRun.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.ingest.relay.StandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real bot on grammY (npm, run with node) behind {@code serve} in relay mode, its API root
 * pointed at the pass-through, and a local stand-in for api.telegram.org ({@link GrammyBotRun}):
 * the bot answers the first message through its webhook response and everything else through the
 * Bot API; tglake stores the updates and both kinds of outgoing records. (The sample module's
 * GrammyBotEtlIT runs the ETL over the same kind of lake.)
 */
class GrammyBotIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-22T10:15:30.123Z");

  @TempDir Path dir;

  @Test
  void grammyBotKeepsWorkingBehindTheRelayAndEverythingItSaysIsRecorded() throws Exception {
    GrammyBotRun.Result run =
        GrammyBotRun.run(
            dir, NOW, Path.of("src/test/node/grammy-bot"), Path.of("target/grammy-bot"));

    JsonNode webhookReply = MAPPER.readTree(run.textReply().body());
    assertThat(webhookReply.path("method").asText())
        .as("grammY's webhook reply reaches Telegram")
        .isEqualTo("sendMessage");
    assertThat(webhookReply.path("chat_id").asLong()).isEqualTo(7391200458L);
    assertThat(webhookReply.path("text").asText()).isEqualTo("Recebido: Meu pedido não chegou");
    assertThat(run.callbackStatus()).isEqualTo(200);

    assertThat(run.telegramCalls())
        .extracting(StandIn.Received::pathAndQuery)
        .as("the bot's API calls reach " + "Telegram through the pass-through")
        .containsExactly(
            "/bot" + TOKEN + "/getMe",
            "/bot" + TOKEN + "/sendMessage",
            "/bot" + TOKEN + "/answerCallbackQuery");
    assertThat(Files.readString(dir.resolve("raw/context_date=2026-11-22/500020001.json")))
        .isEqualTo(TEXT_UPDATE);
    assertThat(Files.readString(dir.resolve("raw/context_date=2026-11-22/500020002.json")))
        .isEqualTo(CALLBACK_UPDATE);
    List<String> outgoing = run.outgoing();
    assertThat(outgoing).as("one webhook_response record and two bot_api records").hasSize(3);
    JsonNode wr =
        MAPPER.readTree(dir.resolve("outgoing/context_date=2026-11-22/wr-500020001.json").toFile());
    JsonNode expectedWr =
        MAPPER.readTree(
            "{\"record_version\":1,\"source\":\"webhook_response\",\"bot_id\":"
                + BOT_ID
                + ",\"method\":\"sendMessage\",\"in_response_to_update_id\":500020001,"
                + "\"captured_at\":\"2026-11-22T10:15:30.123Z\",\"request\":"
                + requestOf(webhookReply)
                + ",\"ok\":null,\"result\":null,\"error_code\":null,\"description\":null}");
    assertThat(wr).isEqualTo(expectedWr);
    List<JsonNode> api = new ArrayList<>();
    for (String f : outgoing) {
      if (f.contains("/api-" + BOT_ID + "-")) {
        api.add(MAPPER.readTree(dir.resolve("outgoing").resolve(f).toFile()));
      }
    }
    assertThat(api)
        .extracting(n -> n.path("method").asText())
        .containsExactlyInAnyOrder("sendMessage", "answerCallbackQuery");
    JsonNode sent =
        api.stream()
            .filter(n -> n.path("method").asText().equals("sendMessage"))
            .findFirst()
            .orElseThrow();
    assertThat(sent.path("request")).isEqualTo(MAPPER.readTree(run.telegramCalls().get(1).body()));
    assertThat(sent.path("result").path("message_id").asLong()).isEqualTo(5002);
    assertThat(sent.path("ok").asBoolean()).isTrue();
    assertThat(sent.path("request").path("reply_markup").toString()).contains("help:yes");
    JsonNode answered =
        api.stream()
            .filter(n -> n.path("method").asText().equals("answerCallbackQuery"))
            .findFirst()
            .orElseThrow();
    assertThat(answered.path("request").path("callback_query_id").asText())
        .isEqualTo("4382bfdwdsb323b2d9");
    assertThat(answered.path("result").asBoolean()).isTrue();
    String secretPart = TOKEN.substring(TOKEN.indexOf(':') + 1);
    for (String f : outgoing) {
      assertThat(f + Files.readString(dir.resolve("outgoing").resolve(f)))
          .doesNotContain(secretPart);
    }
    assertThat(String.join("\n", run.log())).doesNotContain(secretPart);
  }

  private static String requestOf(JsonNode webhookReply) {
    com.fasterxml.jackson.databind.node.ObjectNode copy = webhookReply.deepCopy();
    copy.remove("method");
    return copy.toString();
  }
}
