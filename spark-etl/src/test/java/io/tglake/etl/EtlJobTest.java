package io.tglake.etl;

import static io.tglake.etl.Fixtures.DAY;
import static io.tglake.etl.Fixtures.textUpdate;
import static io.tglake.etl.Fixtures.writeRaw;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.testkit.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job end to end on local directories: partitions, reruns, quarantine, dedup, backfill,
 * reports.
 */
class EtlJobTest {

  private final SparkSession spark = SharedSpark.get();
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

  @TempDir Path lake;

  private Path raw() {
    return lake.resolve("raw");
  }

  private Path enriched() {
    return lake.resolve("enriched");
  }

  private JobArgs day(LocalDate d) {
    return JobArgs.forDay(raw().toString(), enriched().toString(), d);
  }

  private List<Long> ids(String table, LocalDate d) {
    return spark
        .read()
        .parquet(enriched().resolve(table).resolve("context_date=" + d).toString())
        .select("update_id")
        .orderBy("update_id")
        .as(org.apache.spark.sql.Encoders.LONG())
        .collectAsList();
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }

  @Test
  void writesOneParquetFilePerTableAndAReport() throws IOException {
    writeRaw(raw(), DAY, "1.json", textUpdate(1, "hi"), T);
    writeRaw(
        raw(),
        DAY,
        "2.json",
        """
        {"update_id":2,"callback_query":{"id":"cb1","from":{"id":42,"is_bot":false,"first_name":"Ana"},
         "chat_instance":"ci","data":"helpful:yes",
         "message":{"message_id":7,"date":0,"chat":{"id":42,"type":"private"}}}}""",
        T.plusSeconds(5));

    DayResult r = TelegramEtlJob.run(spark, day(DAY)).single();

    assertThat(r.status()).as("status").isEqualTo(DayResult.Status.SUCCEEDED);
    assertThat(r.objectsRead()).as("objects read").isEqualTo(2);
    assertThat(r.updates()).as("updates").isEqualTo(2);
    assertThat(r.rowsPerTable())
        .as("rows per table")
        .containsExactly(
            java.util.Map.entry("messages", 1L), java.util.Map.entry("message_entities", 0L),
            java.util.Map.entry("callback_queries", 1L),
                java.util.Map.entry("chat_member_updates", 0L),
            java.util.Map.entry("updates", 2L), java.util.Map.entry(BotMessages.TABLE, 0L));
    for (String t : List.of("messages", "callback_queries", "updates")) {
      List<Path> parts = files(enriched().resolve(t).resolve("context_date=" + DAY));
      assertThat(parts).as("one zstd parquet file for %s", t).hasSize(1);
      assertThat(parts.get(0).getFileName().toString())
          .as("file name of %s", t)
          .endsWith(".zstd.parquet");
    }
    assertThat(enriched().resolve("message_entities").resolve("context_date=" + DAY))
        .as("no partition for a table without rows")
        .doesNotExist();
    List<Path> reports = files(enriched().resolve("_runs").resolve("context_date=" + DAY));
    assertThat(reports).as("one run report").hasSize(1);
    JsonNode report = new ObjectMapper().readTree(reports.get(0).toFile());
    assertThat(report.get("status").asText()).as("report status").isEqualTo("SUCCEEDED");
    assertThat(report.get("objects_read").asLong()).as("report objects").isEqualTo(2);
    assertThat(report.get("rows").get("updates").asLong()).as("report updates rows").isEqualTo(2);
    assertThat(report.get("quarantined").asLong()).as("report quarantined").isZero();
  }

  @Test
  void rerunReplacesExactlyThatDayInEveryTableAndNoOther() throws IOException {
    LocalDate next = DAY.plusDays(1);
    writeRaw(raw(), DAY, "1.json", textUpdate(1, "/start"), T);
    writeRaw(raw(), DAY, "2.json", textUpdate(2, "two"), T);
    writeRaw(raw(), next, "3.json", textUpdate(3, "three"), T.plusSeconds(86400));
    assertThat(
            TelegramEtlJob.run(
                    spark, JobArgs.forRange(raw().toString(), enriched().toString(), DAY, next))
                .ok())
        .as("first run")
        .isTrue();
    Path nextFile = files(enriched().resolve("updates").resolve("context_date=" + next)).get(0);
    long nextModified = Files.getLastModifiedTime(nextFile).toMillis();

    Files.delete(raw().resolve("context_date=" + DAY).resolve("2.json"));
    writeRaw(raw(), DAY, "4.json", textUpdate(4, "four"), T);
    DayResult again = TelegramEtlJob.run(spark, day(DAY)).single();
    DayResult third = TelegramEtlJob.run(spark, day(DAY)).single();

    assertThat(again.updates()).as("rerun updates").isEqualTo(2);
    assertThat(third.rowsPerTable())
        .as("a third run gives the same counts")
        .isEqualTo(again.rowsPerTable());
    for (String t : List.of("messages", "updates")) {
      assertThat(ids(t, DAY))
          .as("%s of the rerun day: exactly the new content", t)
          .containsExactly(1L, 4L);
      assertThat(files(enriched().resolve(t).resolve("context_date=" + DAY)))
          .as("one file in %s", t)
          .hasSize(1);
      assertThat(ids(t, next)).as("%s of the other day untouched", t).containsExactly(3L);
    }
    assertThat(Files.getLastModifiedTime(nextFile).toMillis())
        .as("other day's file not rewritten")
        .isEqualTo(nextModified);
  }

  @Test
  void rerunAfterACrashMidWriteLeavesTheExactPartition() throws IOException {
    writeRaw(raw(), DAY, "1.json", textUpdate(1, "hi"), T);
    // What a crashed run leaves: a staging folder and a stray file in the day's partition.
    Path table = enriched().resolve("updates");
    Files.createDirectories(table.resolve(".spark-staging-crashed/context_date=" + DAY));
    Files.writeString(
        table.resolve(".spark-staging-crashed/context_date=" + DAY + "/part-x.parquet"), "junk");
    Files.createDirectories(table.resolve("context_date=" + DAY));
    Files.writeString(
        table.resolve("context_date=" + DAY + "/part-00000-crashed.zstd.parquet"), "junk");

    DayResult r = TelegramEtlJob.run(spark, day(DAY)).single();

    assertThat(r.status()).as("status").isEqualTo(DayResult.Status.SUCCEEDED);
    List<Path> parts = files(table.resolve("context_date=" + DAY));
    assertThat(parts).as("only the rerun's file").hasSize(1);
    assertThat(parts.get(0).getFileName().toString())
        .as("stray file gone")
        .doesNotContain("crashed");
    assertThat(ids("updates", DAY)).as("rows").containsExactly(1L);
  }

  @Test
  void quarantinesObjectsThatAreNotUpdatesWithExactCounts() throws IOException {
    for (int i = 1; i <= 6; i++) {
      writeRaw(raw(), DAY, i + ".json", textUpdate(i, "ok " + i), T);
    }
    writeRaw(raw(), DAY, "90.json", "{\"update_id\": 90, \"message\": {", T);
    writeRaw(raw(), DAY, "91.json", "[{\"update_id\": 91}]", T);
    writeRaw(raw(), DAY, "92.json", "{\"message\": {\"message_id\": 1}}", T);
    writeRaw(
        raw(), DAY, "93.json", "{\"update_id\": \"abc\", \"message\": {\"message_id\": 1}}", T);
    writeRaw(raw(), DAY, "94.json", "{\"update_id\": 9.5}", T);
    writeRaw(raw(), DAY, "95.json", "not json at all", T);

    DayResult ok = TelegramEtlJob.run(spark, day(DAY).withMaxBadFraction(0.5)).single();

    assertThat(ok.status()).as("below threshold").isEqualTo(DayResult.Status.SUCCEEDED);
    assertThat(ok.objectsRead()).as("objects").isEqualTo(12);
    assertThat(ok.quarantined()).as("quarantined").isEqualTo(6);
    assertThat(ok.updates()).as("updates").isEqualTo(6);
    List<Row> q =
        spark
            .read()
            .json(enriched().resolve("_quarantine/context_date=" + DAY).toString())
            .orderBy("source_file")
            .collectAsList();
    assertThat(q).as("quarantine lines").hasSize(6);
    assertThat(
            q.stream()
                .map(
                    row ->
                        row.getAs("source_file").toString().replaceAll(".*/", "")
                            + " "
                            + row.getAs("error"))
                .toList())
        .as("errors per object")
        .containsExactly(
            "90.json body is not valid JSON",
            "91.json body is not a JSON object",
            "92.json update_id missing",
            "93.json update_id is not a 64-bit integer",
            "94.json update_id is not a 64-bit integer",
            "95.json body is not valid JSON");
    assertThat(q.get(0).<String>getAs("raw"))
        .as("raw text kept")
        .isEqualTo("{\"update_id\": 90, \"message\": {");

    DayResult failed = TelegramEtlJob.run(spark, day(DAY)).single();
    assertThat(failed.status())
        .as("above the default 5%% threshold")
        .isEqualTo(DayResult.Status.FAILED);
    assertThat(failed.error().orElseThrow()).as("error names the counts").contains("6 of 12");
    assertThat(List.of(failed.objectsRead(), failed.quarantined()))
        .as("counts of the failed day")
        .containsExactly(12L, 6L);
    assertThat(
            spark
                .read()
                .json(enriched().resolve("_quarantine/context_date=" + DAY).toString())
                .count())
        .as("quarantine still written for inspection")
        .isEqualTo(6);
  }

  @Test
  void dropsRedeliveriesThatCrossedMidnightAndDuplicatesWithinTheDay() throws IOException {
    LocalDate before = DAY.minusDays(1);
    writeRaw(raw(), before, "100.json", textUpdate(100, "late evening"), T.minusSeconds(3600));
    writeRaw(raw(), DAY, "100.json", textUpdate(100, "late evening"), T);
    writeRaw(raw(), DAY, "101.json", textUpdate(101, "a"), T);
    writeRaw(raw(), DAY, "101-copy.json", textUpdate(101, "a"), T.plusSeconds(1));
    writeRaw(raw(), DAY, "102.json", textUpdate(102, "b"), T);

    // Without lookback first, so that the run with it is the last one and its tables are checked
    // below.
    DayResult noLookback = TelegramEtlJob.run(spark, day(DAY).withDedupLookbackDays(0)).single();
    DayResult r = TelegramEtlJob.run(spark, day(DAY)).single();

    assertThat(r.duplicatesDropped()).as("duplicates dropped").isEqualTo(2);
    assertThat(r.updates()).as("updates").isEqualTo(2);
    assertThat(noLookback.updates())
        .as("without lookback the redelivery counts on this day too")
        .isEqualTo(3);
    assertThat(ids("updates", DAY)).as("ids kept").containsExactly(101L, 102L);
    assertThat(
            spark
                .read()
                .parquet(enriched().resolve("updates/context_date=" + DAY).toString())
                .where("update_id = 101")
                .select("source_file")
                .first()
                .getString(0))
        .as("the first-received object wins")
        .endsWith("/101.json");
  }

  @Test
  void backfillRunsEachDayAndReportsAFailedDayWithoutStopping() throws IOException {
    LocalDate d1 = DAY;
    LocalDate d2 = DAY.plusDays(1);
    LocalDate d3 = DAY.plusDays(2);
    writeRaw(raw(), d1, "1.json", textUpdate(1, "one"), T);
    writeRaw(raw(), d2, "2.json", "{broken", T);
    writeRaw(raw(), d3, "3.json", textUpdate(3, "three"), T);

    RunResult run =
        TelegramEtlJob.run(
            spark, JobArgs.forRange(raw().toString(), enriched().toString(), d1, d3));

    assertThat(run.days())
        .extracting(DayResult::date)
        .as("days in order")
        .containsExactly(d1, d2, d3);
    assertThat(run.days())
        .extracting(DayResult::status)
        .as("statuses")
        .containsExactly(
            DayResult.Status.SUCCEEDED, DayResult.Status.FAILED, DayResult.Status.SUCCEEDED);
    assertThat(run.ok()).as("run fails when a day fails").isFalse();
    assertThat(ids("updates", d3)).as("day after the failure processed").containsExactly(3L);

    writeRaw(raw(), d2, "2.json", textUpdate(2, "fixed"), T);
    RunResult rerun =
        TelegramEtlJob.run(
            spark, JobArgs.forRange(raw().toString(), enriched().toString(), d1, d3));
    assertThat(rerun.ok()).as("rerunning the range repairs it").isTrue();
    assertThat(ids("updates", d2)).as("repaired day").containsExactly(2L);
    assertThat(ids("updates", d1)).as("day 1 unchanged").containsExactly(1L);
  }

  @Test
  void missingOrEmptyDayIsASuccessThatWritesNoPartition() throws IOException {
    // a missing day under an existing raw root (a missing root is an error: PoisonObjectsTest)
    Files.createDirectories(raw());
    DayResult missing = TelegramEtlJob.run(spark, day(DAY)).single();
    Files.createDirectories(raw().resolve("context_date=" + DAY));
    DayResult empty = TelegramEtlJob.run(spark, day(DAY)).single();

    assertThat(missing.status()).as("missing").isEqualTo(DayResult.Status.EMPTY);
    assertThat(empty.status()).as("empty").isEqualTo(DayResult.Status.EMPTY);
    assertThat(missing.ok()).as("empty is success").isTrue();
    for (String t : Tables.NAMES) {
      assertThat(enriched().resolve(t)).as("no output for %s", t).doesNotExist();
    }
  }
}
