package io.tglake.etl.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.etl.DayResult;
import io.tglake.etl.JobArgs;
import io.tglake.etl.TelegramEtlJob;
import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.ObjectStores;
import io.tglake.testkit.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure covers what the bot said: its messages in the person's private chat, its webhook answers
 * to their updates (also in a group) and its answers to their callback queries go from the outgoing
 * layer and from bot_messages; the bot's messages to others stay.
 */
class ForgetOutgoingTest {

  private final SparkSession spark = SharedSpark.get();
  private static final long ANA = 42;
  private static final LocalDate D1 = LocalDate.parse("2026-11-20");
  private static final LocalDate D2 = D1.plusDays(1);
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);
  private static final String ANA_USER = "{\"id\": 42, \"is_bot\": false, \"first_name\": \"Ana\"}";
  private static final String CAIO_USER =
      "{\"id\": 77, \"is_bot\": false, \"first_name\": \"Caio\"}";

  @TempDir Path lake;

  private void write(String layer, LocalDate day, String name, String body) throws IOException {
    Path dir = lake.resolve(layer).resolve("context_date=" + day);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(name), body, StandardCharsets.UTF_8);
  }

  private static String record(String source, String method, Long inResponseTo, String request) {
    return "{\"record_version\":1,\"source\":\""
        + source
        + "\",\"bot_id\":7,\"method\":\""
        + method
        + "\","
        + "\"in_response_to_update_id\":"
        + inResponseTo
        + ",\"captured_at\":\"2026-11-20T10:00:05Z\","
        + "\"request\":"
        + request
        + ",\"ok\":null,\"result\":null,\"error_code\":null,\"description\":null}";
  }

  private void buildLake() throws IOException {
    write(
        "raw",
        D1,
        "1.json",
        "{\"update_id\": 1, \"message\": {\"message_id\": 1, \"from\": "
            + ANA_USER
            + ", \"chat\": {\"id\": 42, \"type\": \"private\"}, \"date\": 1795341600, \"text\": \"oi\"}}");
    write(
        "raw",
        D1,
        "3.json",
        "{\"update_id\": 3, \"message\": {\"message_id\": 3, \"from\": "
            + ANA_USER
            + ", \"chat\": {\"id\": -100, \"type\": \"supergroup\", \"title\": \"G\"}, \"date\": 1795341600, "
            + "\"text\": \"alguém?\"}}");
    write(
        "raw",
        D1,
        "4.json",
        "{\"update_id\": 4, \"message\": {\"message_id\": 4, \"from\": "
            + CAIO_USER
            + ", \"chat\": {\"id\": -100, \"type\": \"supergroup\", \"title\": \"G\"}, \"date\": 1795341600, "
            + "\"text\": \"bom dia\"}}");
    write(
        "raw",
        D1,
        "6.json",
        "{\"update_id\": 6, \"callback_query\": {\"id\": \"c6\", \"from\": "
            + ANA_USER
            + ", \"chat_instance\": \"1\", \"data\": \"helpful:yes\"}}");
    write(
        "outgoing",
        D1,
        "wr-1.json",
        record("webhook_response", "sendMessage", 1L, "{\"chat_id\":42,\"text\":\"Olá Ana\"}"));
    write(
        "outgoing",
        D1,
        "wr-3.json",
        record(
            "webhook_response",
            "sendMessage",
            3L,
            "{\"chat_id\":-100,\"text\":\"Resposta no grupo\"}"));
    write(
        "outgoing",
        D1,
        "wr-4.json",
        record(
            "webhook_response",
            "sendMessage",
            4L,
            "{\"chat_id\":-100,\"text\":\"Bom dia, Caio\"}"));
    write(
        "outgoing",
        D1,
        "api-7-a.json",
        record(
            "bot_api",
            "answerCallbackQuery",
            null,
            "{\"callback_query_id\":\"c6\",\"text\":\"Obrigado\"}"));
    write(
        "outgoing",
        D1,
        "api-7-b.json",
        record("bot_api", "sendMessage", null, "{\"chat_id\":77,\"text\":\"Oi Caio\"}"));
    // A day with no update at all: the bot writes to her on its own (chat_id form-posted as a
    // string).
    write(
        "outgoing",
        D2,
        "api-7-c.json",
        record(
            "bot_api", "sendMessage", null, "{\"chat_id\":\"42\",\"text\":\"Seu pedido chegou\"}"));
    for (LocalDate d : List.of(D1, D2)) {
      DayResult r =
          TelegramEtlJob.run(
                  spark,
                  JobArgs.forDay(
                      lake.resolve("raw").toString(), lake.resolve("enriched").toString(), d),
                  l -> {})
              .single();
      assertThat(r.ok()).as("initial ETL of %s: %s", d, r.error()).isTrue();
    }
  }

  private List<String> files(String layer) throws IOException {
    try (Stream<Path> s = Files.walk(lake.resolve(layer))) {
      return s.filter(Files::isRegularFile)
          .map(p -> lake.resolve(layer).relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  private List<String> botMessages() {
    return spark
        .read()
        .parquet(lake.resolve("enriched").resolve("bot_messages").toString())
        .selectExpr("cast(context_date as string)", "record_key", "chat_id")
        .orderBy("context_date", "record_key")
        .collectAsList()
        .stream()
        .map(Row::toString)
        .toList();
  }

  @Test
  void erasesTheBotsMessagesToThePersonAndItsAnswersToTheirUpdates() throws Exception {
    buildLake();
    assertThat(botMessages()).as("before").hasSize(6);
    ForgetArgs args =
        new ForgetArgs(
            Set.of(ANA),
            lake.resolve("raw").toString(),
            lake.resolve("enriched").toString(),
            Optional.empty(),
            Optional.empty(),
            false,
            "req-1",
            Optional.empty(),
            Optional.empty());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ObjectStore raw = ObjectStores.open(args.raw(), Optional.empty());
        ObjectStore enriched = ObjectStores.open(args.enriched(), Optional.empty());
        ObjectStore outgoing = ObjectStores.open(args.outgoingRoot(), Optional.empty())) {
      new ForgetJob(
              args,
              raw,
              enriched,
              outgoing,
              new EtlDayRebuilder(spark, args, enriched),
              new PrintStream(out, true, StandardCharsets.UTF_8),
              CLOCK)
          .run();

      assertThat(files("outgoing"))
          .as(
              "outgoing records left: the bot's words to others (wr-3 answered her "
                  + "question in the group, so it goes)")
          .containsExactly(
              "context_date=2026-11-20/api-7-b.json", "context_date=2026-11-20/wr-4.json");
      assertThat(files("raw"))
          .as("raw objects left")
          .containsExactly("context_date=2026-11-20/4.json");
      assertThat(botMessages())
          .as("bot_messages rebuilt without hers (day 2 emptied)")
          .containsExactly("[2026-11-20,api-7-b.json,77]", "[2026-11-20,wr-4.json,-100]");
      JsonNode audit =
          new ObjectMapper().readTree(enriched.get("_privacy/erasures/req-1.json").orElseThrow());
      assertThat(
              List.of(
                  audit.get("objects_removed").asLong(),
                  audit.get("outgoing_records_removed").asLong()))
          .as("raw objects and outgoing records removed")
          .containsExactly(3L, 4L);
    }
  }
}
