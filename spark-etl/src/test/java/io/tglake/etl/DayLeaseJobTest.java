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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs of one day never interleave; a crashed run's lease is taken over; partial runs are
 * visible.
 */
class DayLeaseJobTest {

  private final SparkSession spark = SharedSpark.get();
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path lake;

  private Path enriched() {
    return lake.resolve("enriched");
  }

  private JobArgs args(Duration leaseWait) {
    return JobArgs.forDay(lake.resolve("raw").toString(), enriched().toString(), DAY)
        .withSafety(SafetyOptions.DEFAULTS.withLeaseWait(leaseWait));
  }

  private void fiveMessagesAndACallback() throws IOException {
    for (int i = 1; i <= 5; i++) {
      writeRaw(lake.resolve("raw"), DAY, i + ".json", textUpdate(i, "m" + i), T.plusSeconds(i));
    }
    writeRaw(
        lake.resolve("raw"),
        DAY,
        "6.json",
        """
        {"update_id":6,"callback_query":{"id":"cb1","from":{"id":42,"is_bot":false,"first_name":"Ana"},
         "chat_instance":"ci","data":"x","message":{"message_id":7,"date":0,"chat":{"id":42,"type":"private"}}}}""",
        T.plusSeconds(6));
  }

  private Path runs() {
    return enriched().resolve("_runs/context_date=" + DAY);
  }

  private List<JsonNode> reports() throws IOException {
    try (Stream<Path> s = Files.list(runs())) {
      List<JsonNode> out = new ArrayList<>();
      for (Path p :
          s.filter(p -> p.getFileName().toString().matches("\\d{8}T.*\\.json")).sorted().toList()) {
        out.add(JSON.readTree(p.toFile()));
      }
      return out;
    }
  }

  private List<String> partitionFiles(String table) throws IOException {
    Path dir = enriched().resolve(table).resolve("context_date=" + DAY);
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith(".") && !n.startsWith("_"))
          .sorted()
          .toList();
    }
  }

  /** Every table's partition holds exactly the files that {@code report} says its run wrote. */
  private void assertTablesFromRun(JsonNode report) throws IOException {
    for (String t : Tables.NAMES) {
      List<String> listed = new ArrayList<>();
      report.get("files").get(t).forEach(n -> listed.add(n.asText()));
      assertThat(partitionFiles(t))
          .as("%s partition = the files of run %s", t, report.get("run_id").asText())
          .isEqualTo(listed);
    }
  }

  private long count(String table) {
    return spark
        .read()
        .parquet(enriched().resolve(table).resolve("context_date=" + DAY).toString())
        .count();
  }

  @Test
  void twoConcurrentRunsOfADayOneWritesTheOtherIsBusyAndTheTablesAreConsistent() throws Exception {
    fiveMessagesAndACallback();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<RunResult>> runs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      runs.add(
          pool.submit(
              () -> {
                go.await();
                return TelegramEtlJob.run(spark, args(Duration.ZERO), line -> {});
              }));
    }
    go.countDown();
    List<RunResult> results = List.of(runs.get(0).get(), runs.get(1).get());
    pool.shutdown();

    assertThat(results.stream().map(r -> r.single().status()).sorted().toList())
        .as("one writes, one refused")
        .containsExactly(DayResult.Status.SUCCEEDED, DayResult.Status.BUSY);
    assertThat(results.stream().map(RunResult::exitCode).sorted().toList())
        .as("exit codes")
        .containsExactly(0, 3);
    DayResult busy =
        results.stream()
            .map(RunResult::single)
            .filter(d -> d.status() == DayResult.Status.BUSY)
            .findFirst()
            .orElseThrow();
    assertThat(busy.error().orElseThrow())
        .as("clear message")
        .contains("is being processed by run", "--lease-wait");
    assertThat(List.of(count("messages"), count("callback_queries"), count("updates")))
        .as("exact rows")
        .containsExactly(5L, 1L, 6L);
    List<JsonNode> reports = reports();
    assertThat(reports).as("only the run that wrote reports").hasSize(1);
    assertThat(reports.get(0).get("status").asText()).isEqualTo("SUCCEEDED");
    assertTablesFromRun(reports.get(0));
    assertThat(runs().resolve("lease.json")).as("lease released").doesNotExist();
  }

  @Test
  void aRunThatWaitsGetsTheDayAfterTheFirstFinishes() throws Exception {
    fiveMessagesAndACallback();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Future<RunResult> a =
        pool.submit(() -> TelegramEtlJob.run(spark, args(Duration.ofMinutes(5)), line -> {}));
    Future<RunResult> b =
        pool.submit(() -> TelegramEtlJob.run(spark, args(Duration.ofMinutes(5)), line -> {}));
    List<DayResult> days = List.of(a.get().single(), b.get().single());
    pool.shutdown();

    assertThat(days)
        .extracting(DayResult::status)
        .as("both succeed, one after the other")
        .containsExactly(DayResult.Status.SUCCEEDED, DayResult.Status.SUCCEEDED);
    List<JsonNode> reports = reports();
    assertThat(reports).as("two reports").hasSize(2);
    assertThat(List.of(count("messages"), count("updates")))
        .as("exact rows, no duplicates")
        .containsExactly(5L, 6L);
    assertThat(reports)
        .extracting(n -> n.get("status").asText())
        .as("both reports")
        .containsExactly("SUCCEEDED", "SUCCEEDED");
    long fromOneRun =
        reports.stream()
            .filter(
                r -> {
                  try {
                    for (String t : Tables.NAMES) {
                      List<String> listed = new ArrayList<>();
                      r.get("files").get(t).forEach(n -> listed.add(n.asText()));
                      if (!partitionFiles(t).equals(listed)) {
                        return false;
                      }
                    }
                    return true;
                  } catch (IOException e) {
                    throw new IllegalStateException(e);
                  }
                })
            .count();
    assertThat(fromOneRun)
        .as("all five partitions are the files of exactly one run (the later one)")
        .isEqualTo(1);
  }

  @Test
  void leaseWaitFromTheCommandLineIsHowLongARunWaitsForALiveHolder() throws Exception {
    fiveMessagesAndACallback();
    Files.createDirectories(runs());
    Instant now = Instant.now();
    Files.writeString(
        runs().resolve("lease.json"),
        """
        {"run_id": "live-run", "owner_host": "elsewhere", "acquired_at": "%s", "expires_at": "%s"}"""
            .formatted(now, now.plus(Duration.ofMinutes(10))));
    JobArgs parsed =
        EtlArgv.parse(
            java.time.Clock.systemUTC(),
            "--raw",
            lake.resolve("raw").toString(),
            "--enriched",
            enriched().toString(),
            "--date",
            DAY.toString(),
            "--lease-wait",
            "2");

    long t0 = System.nanoTime();
    RunResult r = TelegramEtlJob.run(spark, parsed, line -> {});
    double waited = (System.nanoTime() - t0) / 1e9;

    assertThat(r.single().status())
        .as("the live holder keeps the day")
        .isEqualTo(DayResult.Status.BUSY);
    assertThat(r.exitCode()).as("exit code").isEqualTo(3);
    assertThat(r.single().error().orElseThrow())
        .as("names the holder and the wait")
        .contains("live-run", "waited 2 s (--lease-wait)");
    assertThat(waited).as("waited --lease-wait 2, not the default 30 s").isBetween(1.9, 20.0);
    assertThat(partitionFiles("messages")).as("nothing written").isEmpty();
  }

  @Test
  void crashedRunsStaleLeaseIsTakenOverAndThePartialRunStaysVisible() throws Exception {
    fiveMessagesAndACallback();
    // What a crashed run leaves: its lease (expired) and its RUNNING report.
    Files.createDirectories(runs());
    Files.writeString(
        runs().resolve("lease.json"),
        """
        {"run_id": "20261123T030000.000Z-dead00", "owner_host": "gone", "acquired_at": "2026-11-23T03:00:00Z",
         "expires_at": "2026-11-23T03:10:00Z"}""");
    Files.writeString(
        runs().resolve("20261123T030000.000Z-dead00.json"),
        """
        {"context_date": "2026-11-22", "run_id": "20261123T030000.000Z-dead00", "status": "RUNNING",
         "tables_written": ["messages"]}""");

    DayResult r = TelegramEtlJob.run(spark, args(Duration.ZERO), line -> {}).single();

    assertThat(r.status()).as("stale lease taken over").isEqualTo(DayResult.Status.SUCCEEDED);
    assertThat(runs().resolve("lease.json")).as("released after the run").doesNotExist();
    assertThat(runs().resolve("lease-takeover-20261123T030000.000Z-dead00.json"))
        .as("take-over marker")
        .exists();
    List<JsonNode> reports = reports();
    assertThat(reports)
        .extracting(n -> n.get("status").asText())
        .as("the crash stays visible")
        .containsExactly("RUNNING", "SUCCEEDED");
    assertTablesFromRun(reports.get(1));
  }

  @Test
  void aRunThatFailsPartWayReportsWhichTablesItWroteAndTheNextRunReplacesAllFive()
      throws Exception {
    fiveMessagesAndACallback();
    Files.createDirectories(enriched());
    Files.writeString(
        enriched().resolve("callback_queries"), "a file where the table folder belongs");

    DayResult failed = TelegramEtlJob.run(spark, args(Duration.ZERO), line -> {}).single();

    assertThat(failed.status())
        .as("one table cannot be written")
        .isEqualTo(DayResult.Status.FAILED);
    JsonNode report = reports().get(0);
    assertThat(report.get("status").asText()).isEqualTo("FAILED");
    List<String> written = new ArrayList<>();
    report.get("tables_written").forEach(n -> written.add(n.asText()));
    assertThat(written)
        .as("every table but the failed one, exactly")
        .containsExactly("messages", "message_entities", "chat_member_updates", "updates");
    String firstRun = report.get("run_id").asText();

    Files.delete(enriched().resolve("callback_queries"));
    writeRaw(lake.resolve("raw"), DAY, "7.json", textUpdate(7, "m7"), T.plusSeconds(7));
    DayResult ok = TelegramEtlJob.run(spark, args(Duration.ZERO), line -> {}).single();

    assertThat(ok.status()).isEqualTo(DayResult.Status.SUCCEEDED);
    JsonNode second = reports().get(1);
    assertThat(second.get("run_id").asText()).as("another run").isNotEqualTo(firstRun);
    assertThat(second.get("tables_written").size()).as("all five").isEqualTo(5);
    assertTablesFromRun(second);
    assertThat(
            spark
                .read()
                .parquet(enriched().resolve("messages/context_date=" + DAY).toString())
                .select("update_id")
                .orderBy("update_id")
                .as(Encoders.LONG())
                .collectAsList())
        .as("messages from the second run")
        .containsExactly(1L, 2L, 3L, 4L, 5L, 7L);
  }
}
