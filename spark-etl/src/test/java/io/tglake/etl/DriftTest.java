package io.tglake.etl;

import static io.tglake.etl.Fixtures.DAY;
import static io.tglake.etl.Fixtures.writeRaw;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.testkit.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fields and content the contract does not read are reported per day with counts, not dropped
 * silently.
 */
class DriftTest {

  private final SparkSession spark = SharedSpark.get();
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

  @TempDir Path lake;

  static final String QUOTE =
      """
      {"update_id": 1, "message": {"message_id": 1, "date": 1, "chat": {"id": 5, "type": "group", "title": "G"},
        "text": "agreed", "quote": {"text": "we ship", "position": 0}}}""";
  static final String MARKUP =
      """
      {"update_id": 2, "message": {"message_id": 2, "date": 1, "chat": {"id": 5, "type": "group", "title": "G"},
        "text": "pick one", "reply_markup": {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}}}""";
  static final String QUOTE_AGAIN =
      QUOTE
          .replace("\"update_id\": 1", "\"update_id\": 3")
          .replace("\"message_id\": 1", "\"message_id\": 3");
  static final String REACTION =
      """
      {"update_id": 4, "message_reaction": {"chat": {"id": 5, "type": "group", "title": "G"}, "message_id": 2,
        "user": {"id": 42, "is_bot": false, "first_name": "Ana"}, "date": 2,
        "old_reaction": [], "new_reaction": [{"type": "emoji", "emoji": "👍"}]}}""";
  static final String NEW_KIND =
      """
      {"update_id": 5, "future_update": {"id": "f1"}}""";
  static final String NEW_CONTENT =
      """
      {"update_id": 6, "message": {"message_id": 6, "date": 1, "chat": {"id": 5, "type": "group", "title": "G"},
        "hologram": {"file_id": "h1"}}}""";
  static final String NEW_ENTITY_FIELD =
      """
      {"update_id": 7, "message": {"message_id": 7, "date": 1, "chat": {"id": 5, "type": "group", "title": "G"},
        "text": "hi", "entities": [{"type": "bold", "offset": 0, "length": 2, "glow": true}]}}""";

  private static final Map<String, Long> EXPECTED =
      Map.of(
          "message.quote", 2L,
          "message.reply_markup", 1L,
          "message_reaction.message_id", 1L,
          "message_reaction.old_reaction", 1L,
          "message_reaction.new_reaction", 1L,
          "future_update", 1L,
          "message.hologram", 1L,
          "message.entities[].glow", 1L);

  @Test
  void unmodelledPathsAreTheTopMostMissingKeysOutsidePresenceOnlyStructs() {
    StructType inferred =
        spark
            .read()
            .json(
                spark.createDataset(
                    List.of(
                        QUOTE,
                        MARKUP,
                        REACTION,
                        NEW_KIND,
                        NEW_ENTITY_FIELD,
                        "{\"update_id\": 8, \"message\": {\"poll\": {\"id\": \"p\", \"question\": \"q\"}}}"),
                    Encoders.STRING()))
            .schema();

    assertThat(ContractDrift.unmodelledPaths(TelegramSchema.update(), inferred))
        .as("new keys, not their children; poll content is presence-only by design")
        .containsExactlyInAnyOrder(
            "future_update",
            "message.entities[].glow",
            "message.quote",
            "message.reply_markup",
            "message_reaction.message_id",
            "message_reaction.new_reaction",
            "message_reaction.old_reaction");
  }

  @Test
  void sparksCorruptRecordMarkerIsNoDriftPath() {
    Dataset<Row> raw = Fixtures.jsonToDF(spark, QUOTE, "{\"update_id\": 9, \"message\": ");
    StructType inferred = spark.read().json(raw.select("raw_json").as(Encoders.STRING())).schema();
    assertThat(inferred.fieldNames())
        .as("a broken object puts Spark's marker into the day's schema")
        .contains("_corrupt_record");

    List<Row> rows =
        RawParser.parse(raw, inferred)
            .orderBy("source_file")
            .select("error", "drift_paths")
            .collectAsList();
    assertThat(rows).extracting(r -> r.getString(0)).containsExactly(null, "invalid JSON");
    assertThat(rows)
        .extracting(r -> r.getList(1))
        .as("the quote is drift; the broken object has none")
        .containsExactly(List.of("message.quote"), List.of());
  }

  @Test
  void dayReportListsDriftPathsWithCountsAndOtherMessages() throws Exception {
    List<String> bodies =
        List.of(QUOTE, MARKUP, QUOTE_AGAIN, REACTION, NEW_KIND, NEW_CONTENT, NEW_ENTITY_FIELD);
    for (int i = 0; i < bodies.size(); i++) {
      writeRaw(lake.resolve("raw"), DAY, (i + 1) + ".json", bodies.get(i), T.plusSeconds(i));
    }

    List<String> metricLines = new java.util.ArrayList<>();
    DayResult r =
        TelegramEtlJob.run(
                spark,
                JobArgs.forDay(
                    lake.resolve("raw").toString(), lake.resolve("enriched").toString(), DAY),
                metricLines::add)
            .single();

    assertThat(r.status()).as("drift does not fail a day").isEqualTo(DayResult.Status.SUCCEEDED);
    assertThat(r.quality().driftPaths())
        .as("drift paths with object counts")
        .containsExactlyInAnyOrderEntriesOf(EXPECTED);
    assertThat(r.quality().driftPaths().keySet().iterator().next())
        .as("most frequent first")
        .isEqualTo("message.quote");
    assertThat(r.quality().otherMessages()).as("the hologram message is 'other'").isEqualTo(1);
    assertThat(r.quality().rescued()).as("drift is not a mismatch").isZero();
    assertThat(r.quality().summary(2))
        .as("one-line summary")
        .isEqualTo(
            "drift: 8 unmodelled paths (message.quote=2, future_update=1, ...), other messages=1, rescued=0");

    Map<String, List<String>> metrics = EtlMetricsTest.parse(metricLines, null);
    assertThat(metrics)
        .as("the day's EMF lines parsed back")
        .containsAllEntriesOf(
            Map.of(
                "EtlUpdates", List.of("Count", "7"),
                "EtlObjectsRead", List.of("Count", "7"),
                "EtlRescued", List.of("Count", "0"),
                "EtlDayFailed", List.of("Count", "0"),
                "EtlRows[Table=messages]", List.of("Count", "5"),
                "EtlRows[Table=message_entities]", List.of("Count", "1"),
                "EtlRows[Table=updates]", List.of("Count", "7")));

    JsonNode report;
    try (Stream<Path> s = Files.list(lake.resolve("enriched/_runs/context_date=" + DAY))) {
      Path file =
          s.filter(p -> p.getFileName().toString().matches("\\d{8}T.*\\.json"))
              .findFirst()
              .orElseThrow();
      report = new ObjectMapper().readTree(file.toFile());
    }
    assertThat(report.get("other_messages").asLong()).as("report other").isEqualTo(1);
    assertThat(report.get("drift_paths").size()).as("report paths").isEqualTo(8);
    EXPECTED.forEach(
        (path, n) ->
            assertThat(report.get("drift_paths").get(path).asLong())
                .as("report count of %s", path)
                .isEqualTo(n));
  }
}
