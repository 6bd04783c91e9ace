package io.tglake.etl;

import static io.tglake.etl.RangeLake.D1;
import static io.tglake.etl.RangeLake.D2;
import static io.tglake.etl.RangeLake.D3;
import static io.tglake.etl.RangeLake.D4;
import static io.tglake.etl.RangeLake.D5;
import static io.tglake.etl.RangeLake.at;
import static io.tglake.etl.RangeLake.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.contract.LakeLayout;
import io.tglake.etl.lease.DayLease;
import io.tglake.etl.store.LocalObjectStore;
import io.tglake.etl.store.ObjectStore;
import io.tglake.testkit.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A --from/--to range in one pass ({@link RangeRun}) on local directories: per-day semantics kept
 * exactly.
 */
class RangeRunTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final SparkSession spark = SharedSpark.get();

  @TempDir Path lake;

  private String raw() {
    return lake.resolve("raw").toString();
  }

  private String enriched() {
    return lake.resolve("enriched").toString();
  }

  private JobArgs range(LocalDate from, LocalDate to) {
    return JobArgs.forRange(raw(), enriched(), from, to);
  }

  private List<Long> ids(String table, LocalDate day) {
    Path dir = lake.resolve("enriched").resolve(table).resolve("context_date=" + day);
    if (!Files.exists(dir)) {
      return List.of();
    }
    return spark
        .read()
        .parquet(dir.toString())
        .select("update_id")
        .orderBy("update_id")
        .as(Encoders.LONG())
        .collectAsList();
  }

  /** The reports of a day, oldest first (run ids start with the start time). */
  private List<JsonNode> reports(LocalDate day) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String n : RangeLake.names(lake.resolve("enriched/_runs/context_date=" + day))) {
      if (n.matches("\\d{8}T.*\\.json")) {
        out.add(
            JSON.readTree(lake.resolve("enriched/_runs/context_date=" + day).resolve(n).toFile()));
      }
    }
    return out;
  }

  private static RunResult run(JobArgs args) {
    return TelegramEtlJob.run(SharedSpark.get(), args, l -> {});
  }

  @Test
  void oneRangePassWritesExactlyWhatDayByDayRunsWrite() throws IOException {
    RangeLake.fiveDays(lake);
    List<LocalDate> days = List.of(D1, D2, D3, D4, D5);
    String byDay = lake.resolve("by-day").toString();
    List<String> expected = new ArrayList<>();
    for (LocalDate d : days) {
      expected.add(
          RangeLake.summary(
              TelegramEtlJob.run(
                      spark, JobArgs.forDay(raw(), byDay, d).withMaxBadFraction(0.05), l -> {})
                  .single()));
    }
    List<String> metrics = new ArrayList<>();
    RunResult oneChunk = TelegramEtlJob.run(spark, range(D1, D5), metrics::add);
    String chunked = lake.resolve("chunked").toString();
    RunResult chunks = run(JobArgs.forRange(raw(), chunked, D1, D5).withChunkDays(2));

    assertThat(oneChunk.days().stream().map(RangeLake::summary).toList())
        .as("day results of the one pass")
        .isEqualTo(expected);
    assertThat(chunks.days().stream().map(RangeLake::summary).toList())
        .as("day results in passes of 2 days")
        .isEqualTo(expected);
    var reference = RangeLake.content(spark, byDay, days);
    assertThat(RangeLake.content(spark, enriched(), days))
        .as("every table and quarantine, every day, row for row")
        .isEqualTo(reference);
    assertThat(RangeLake.content(spark, chunked, days))
        .as("the same in passes of 2 days (a chunk boundary " + "between D2 and D3, D4 and D5)")
        .isEqualTo(reference);
    // And what that reference is, so that two equally wrong runs cannot pass.
    assertThat(ids("updates", D1))
        .as("D1: update 2's second object is a redelivery")
        .containsExactly(1L, 2L, 3L);
    assertThat(ids("updates", D2))
        .as("D2: update 3 was stored on D1 already")
        .containsExactly(10L, 11L);
    assertThat(ids("updates", D5))
        .as("D5: 21 updates, the broken object quarantined")
        .hasSize(21)
        .startsWith(100L)
        .endsWith(120L);
    assertThat(reference.keySet())
        .as("partitions: none for the empty D3 and the missing D4")
        .containsExactly(
            "_quarantine/" + D5,
            "bot_messages/" + D1,
            "callback_queries/" + D2,
            "chat_member_updates/" + D5,
            "message_entities/" + D2,
            "messages/" + D1,
            "messages/" + D2,
            "messages/" + D5,
            "updates/" + D1,
            "updates/" + D2,
            "updates/" + D5);
    reference.forEach(
        (partition, rows) ->
            assertThat(partition.startsWith("_quarantine/") || rows.get(0).equals("#files=1"))
                .as("one file in %s: %s", partition, rows.get(0))
                .isTrue());
    assertThat(
            oneChunk.days().stream()
                .map(r -> r.status().name() + "/" + r.duplicatesDropped())
                .toList())
        .as("statuses and duplicates per day")
        .containsExactly("SUCCEEDED/1", "SUCCEEDED/1", "EMPTY/0", "EMPTY/0", "SUCCEEDED/0");
    for (LocalDate d : days) {
      assertThat(reports(d)).as("one report of %s", d).hasSize(1);
      assertThat(reports(d).get(0).get("status").asText())
          .as("report of %s", d)
          .isEqualTo(d.equals(D3) || d.equals(D4) ? "EMPTY" : "SUCCEEDED");
    }
    int perDay = 1 + io.tglake.contract.Metrics.ETL_ROWS_TABLES.size();
    assertThat(metrics)
        .as("per day one metric line of the day and one per table, all of run kind backfill")
        .hasSize(days.size() * perDay)
        .allMatch(l -> l.contains("\"" + io.tglake.contract.Metrics.RUN_KIND + "\":\"backfill\""));
    for (LocalDate d : days) {
      assertThat(metrics.stream().filter(l -> l.contains("\"context_date\":\"" + d + "\"")).count())
          .as("metric lines of %s", d)
          .isEqualTo(perDay);
    }
    for (LocalDate d : days) {
      for (String table : io.tglake.contract.Metrics.ETL_ROWS_TABLES) {
        assertThat(etlRows(metrics, d, table))
            .as("EtlRows of %s on %s: the rows its partition holds", table, d)
            .isEqualTo(rowCount(enriched(), table, d));
      }
    }
    assertThat(etlRows(metrics, D5, "updates")).as("EtlRows of updates on D5").isEqualTo(21L);
  }

  /** The one EtlRows value the metric lines carry for {@code table} on {@code day}. */
  private static long etlRows(List<String> metrics, LocalDate day, String table)
      throws IOException {
    List<Long> values = new ArrayList<>();
    for (String line : metrics) {
      JsonNode n = JSON.readTree(line);
      if (n.path("context_date").asText().equals(day.toString())
          && n.path(io.tglake.contract.Metrics.TABLE).asText().equals(table)) {
        values.add(n.get(io.tglake.contract.Metrics.ETL_ROWS).asLong());
      }
    }
    assertThat(values).as("one EtlRows line of %s on %s", table, day).hasSize(1);
    return values.get(0);
  }

  private long rowCount(String root, String table, LocalDate day) {
    Path dir = Path.of(root).resolve(table).resolve("context_date=" + day);
    return Files.exists(dir) ? spark.read().parquet(dir.toString()).count() : 0;
  }

  @Test
  void aFailingDayInTheMiddleIsNotWrittenWhileTheOthersAre() throws IOException {
    put(lake, "raw", D1, "1.json", Fixtures.textUpdate(1, "a"), at(D1, 1));
    put(lake, "raw", D2, "2.json", Fixtures.textUpdate(2, "b"), at(D2, 1));
    put(lake, "raw", D3, "3.json", Fixtures.textUpdate(3, "c"), at(D3, 1));
    assertThat(run(range(D1, D3)).ok()).as("first run").isTrue();
    put(lake, "raw", D1, "4.json", Fixtures.textUpdate(4, "d"), at(D1, 4));
    put(lake, "raw", D2, "5.json", Fixtures.textUpdate(5, "e"), at(D2, 5));
    put(lake, "raw", D2, "bad1.json", "{oops", at(D2, 6));
    put(lake, "raw", D2, "bad2.json", "[1]", at(D2, 7));
    put(lake, "raw", D3, "6.json", Fixtures.textUpdate(6, "f"), at(D3, 6));

    RunResult r = run(range(D1, D3));

    assertThat(r.days().stream().map(d -> d.status().name()).toList())
        .as("statuses")
        .containsExactly("SUCCEEDED", "FAILED", "SUCCEEDED");
    assertThat(r.exitCode()).as("exit code").isEqualTo(1);
    assertThat(r.days().get(1).error().orElseThrow())
        .as("why D2 failed")
        .contains("2 of 4 objects", "--max-bad-fraction");
    for (String t : List.of("messages", "updates")) {
      assertThat(ids(t, D1)).as("%s D1: new", t).containsExactly(1L, 4L);
      assertThat(ids(t, D2)).as("%s D2: the old partition, untouched", t).containsExactly(2L);
      assertThat(ids(t, D3)).as("%s D3: new", t).containsExactly(3L, 6L);
    }
    assertThat(
            spark
                .read()
                .json(lake.resolve("enriched/_quarantine/context_date=" + D2).toString())
                .count())
        .as("D2's quarantine written, as a run of D2 alone writes it")
        .isEqualTo(2);
    assertThat(reports(D2).get(1).get("status").asText())
        .as("D2's report of this run")
        .isEqualTo("FAILED");
  }

  @Test
  void aRangeOverlappingAnAlreadyWrittenRangeReplacesExactlyItsDays() throws IOException {
    put(lake, "raw", D1, "1.json", Fixtures.textUpdate(1, "a"), at(D1, 1));
    put(lake, "raw", D2, "2.json", Fixtures.textUpdate(2, "b"), at(D2, 1));
    put(lake, "raw", D3, "3.json", Fixtures.textUpdate(3, "c"), at(D3, 1));
    assertThat(run(range(D1, D3)).ok()).as("first range").isTrue();
    Path d1File =
        lake.resolve("enriched/updates/context_date=" + D1)
            .resolve(RangeLake.names(lake.resolve("enriched/updates/context_date=" + D1)).get(0));
    long d1Modified = Files.getLastModifiedTime(d1File).toMillis();
    Files.delete(lake.resolve("raw/context_date=" + D2 + "/2.json"));
    put(lake, "raw", D2, "7.json", Fixtures.textUpdate(7, "g"), at(D2, 7));
    put(lake, "raw", D3, "8.json", Fixtures.textUpdate(8, "h"), at(D3, 8));
    // D4's update 3 is a redelivery of D3's: dropped although D3 is also in this range.
    put(lake, "raw", D4, "3.json", Fixtures.textUpdate(3, "c"), at(D4, 1));
    put(lake, "raw", D4, "9.json", Fixtures.textUpdate(9, "i"), at(D4, 9));

    RunResult r = run(range(D2, D4));

    assertThat(r.ok()).as("second range: %s", r.days()).isTrue();
    assertThat(ids("updates", D1)).as("D1 outside the range").containsExactly(1L);
    assertThat(Files.getLastModifiedTime(d1File).toMillis())
        .as("D1's file not rewritten")
        .isEqualTo(d1Modified);
    assertThat(ids("updates", D2)).as("D2 replaced").containsExactly(7L);
    assertThat(ids("updates", D3)).as("D3 replaced").containsExactly(3L, 8L);
    assertThat(ids("updates", D4)).as("D4 new").containsExactly(9L);
    for (LocalDate d : List.of(D2, D3, D4)) {
      assertThat(RangeLake.names(lake.resolve("enriched/updates/context_date=" + d)))
          .as("one file on %s", d)
          .hasSize(1);
    }
    assertThat(RangeLake.names(lake.resolve("enriched/updates")))
        .as("no staging left visible or hidden")
        .containsExactly(
            "context_date=" + D1, "context_date=" + D2, "context_date=" + D3, "context_date=" + D4);
    try (var s = Files.list(lake.resolve("enriched/updates"))) {
      assertThat(
              s.map(p -> p.getFileName().toString())
                  .filter(n -> n.startsWith(".tglake-staging"))
                  .toList())
          .as("staging removed")
          .isEmpty();
    }
  }

  @Test
  void aSingleDayRunInsideTheRangeIsBusyEitherWayAndTheTablesStayConsistent() throws Exception {
    for (LocalDate d : List.of(D1, D2, D3)) {
      put(
          lake,
          "raw",
          d,
          "1" + d.getDayOfMonth() + ".json",
          Fixtures.textUpdate(10 + d.getDayOfMonth(), "x"),
          at(d, 1));
    }
    assertThat(run(JobArgs.forDay(raw(), enriched(), D2)).ok()).as("D2 written before").isTrue();
    put(lake, "raw", D2, "99.json", Fixtures.textUpdate(99, "new"), at(D2, 99));
    JobArgs noWait = range(D1, D3).withSafety(SafetyOptions.DEFAULTS.withLeaseWait(Duration.ZERO));
    AtomicReference<RunResult> inside = new AtomicReference<>();
    RunResult r;
    try (ObjectStore store = new LocalObjectStore(lake.resolve("enriched"));
        DayLease other =
            DayLease.acquire(
                store, D2, "20261123T000000.000Z-other1", Duration.ofMinutes(10), Duration.ZERO)) {
      r =
          TelegramEtlJob.run(
              spark,
              noWait,
              store,
              TelegramEtlJob.newRunId(),
              l -> {},
              day -> {
                if (day.equals(
                    D1)) { // the range holds D3's lease from the start: a single-day run of it is
                  // refused
                  inside.set(
                      run(
                          JobArgs.forDay(raw(), enriched(), D3)
                              .withSafety(SafetyOptions.DEFAULTS.withLeaseWait(Duration.ZERO))));
                }
              });
    }

    assertThat(r.days().stream().map(d -> d.status().name()).toList())
        .as("the range's days")
        .containsExactly("SUCCEEDED", "BUSY", "SUCCEEDED");
    assertThat(r.exitCode()).as("range exit code").isEqualTo(3);
    assertThat(inside.get().single().status())
        .as("single-day run of D3 during the range")
        .isEqualTo(DayResult.Status.BUSY);
    assertThat(inside.get().exitCode()).as("its exit code").isEqualTo(3);
    assertThat(ids("updates", D2)).as("D2 untouched by the range").containsExactly(31L);
    assertThat(ids("updates", D3)).as("D3 written once, by the range").containsExactly(32L);
    assertThat(reports(D3)).as("only the range reported D3").hasSize(1);
    RunResult later = run(JobArgs.forDay(raw(), enriched(), D2));
    assertThat(later.single().status()).as("D2 once free").isEqualTo(DayResult.Status.SUCCEEDED);
    assertThat(ids("updates", D2)).as("D2 now").containsExactly(31L, 99L);
  }

  @Test
  void leasesAreTakenInAscendingOrderBeforeAnyDayIsRead() throws Exception {
    for (LocalDate d : List.of(D1, D2, D3)) {
      put(
          lake,
          "raw",
          d,
          "1" + d.getDayOfMonth() + ".json",
          Fixtures.textUpdate(10 + d.getDayOfMonth(), "x"),
          at(d, 1));
    }
    JobArgs waiting =
        range(D1, D3).withSafety(SafetyOptions.DEFAULTS.withLeaseWait(Duration.ofSeconds(60)));
    try (ObjectStore store = new LocalObjectStore(lake.resolve("enriched"))) {
      DayLease other =
          DayLease.acquire(
              store, D2, "20261123T000000.000Z-other1", Duration.ofMinutes(10), Duration.ZERO);
      var range = java.util.concurrent.CompletableFuture.supplyAsync(() -> run(waiting));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (store.get(DayLease.key(D1)).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      // The range now waits for D2: D1 held, D3 not yet taken (a reverse order could deadlock
      // against a run taking them ascending), and nothing of D1 written before all leases are held.
      boolean d1Held = store.get(DayLease.key(D1)).isPresent();
      boolean d3Held = store.get(DayLease.key(D3)).isPresent();
      boolean d1Written = Files.exists(lake.resolve("enriched/updates/context_date=" + D1));
      other.close();
      RunResult r = range.get(90, java.util.concurrent.TimeUnit.SECONDS);

      assertThat(d1Held).as("D1's lease taken while D2's is held by another run").isTrue();
      assertThat(d3Held).as("D3's lease not taken before D2's").isFalse();
      assertThat(d1Written).as("D1 not written before every lease is held").isFalse();
      assertThat(r.days().stream().map(d -> d.status().name()).toList())
          .as("all days once D2 is released")
          .containsExactly("SUCCEEDED", "SUCCEEDED", "SUCCEEDED");
      assertThat(ids("updates", D2))
          .as("D2 written after the wait")
          .containsExactly(10L + D2.getDayOfMonth());
    }
  }

  /**
   * Stands for the JVM dying: not an Exception, so nothing on the way catches it as a day failure.
   */
  static final class Crash extends Error {
    private static final long serialVersionUID = 1L;

    Crash() {
      super("injected crash after the first day's commit");
    }
  }

  @Test
  void aCrashBetweenTwoDaysCommitsLeavesTheFirstDayNewAndTheSecondOld() throws Exception {
    put(lake, "raw", D1, "1.json", Fixtures.textUpdate(1, "a"), at(D1, 1));
    put(lake, "raw", D2, "2.json", Fixtures.textUpdate(2, "b"), at(D2, 1));
    assertThat(run(range(D1, D2)).ok()).as("old run").isTrue();
    put(lake, "raw", D1, "3.json", Fixtures.textUpdate(3, "c"), at(D1, 3));
    put(lake, "raw", D2, "4.json", Fixtures.textUpdate(4, "d"), at(D2, 4));

    try (ObjectStore store = new LocalObjectStore(lake.resolve("enriched"))) {
      assertThatThrownBy(
              () ->
                  TelegramEtlJob.run(
                      spark,
                      range(D1, D2),
                      store,
                      TelegramEtlJob.newRunId(),
                      l -> {},
                      day -> {
                        throw new Crash();
                      }))
          .as("the crash ends the run")
          .isInstanceOf(Crash.class);
    }

    for (String t : List.of("messages", "updates")) {
      assertThat(ids(t, D1)).as("%s D1: all new", t).containsExactly(1L, 3L);
      assertThat(ids(t, D2)).as("%s D2: all old", t).containsExactly(2L);
    }
    assertThat(reports(D2).get(1).get("status").asText())
        .as("D2's report of the crashed run")
        .isEqualTo(RunReport.RUNNING);
    assertThat(reports(D2).get(1).get("tables_written")).as("nothing of D2 replaced").isEmpty();
    assertThat(run(range(D1, D2)).ok()).as("rerun").isTrue();
    assertThat(ids("updates", D2)).as("D2 after the rerun").containsExactly(2L, 4L);
  }

  /** Every range staging folder in the enriched tables, as {@code <table>/<folder>}, sorted. */
  private List<String> stagingFolders() throws IOException {
    List<String> out = new ArrayList<>();
    try (var tables = Files.list(lake.resolve("enriched"))) {
      for (Path table : tables.filter(Files::isDirectory).sorted().toList()) {
        try (var s = Files.list(table)) {
          s.map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith(LakeLayout.RANGE_STAGING_PREFIX))
              .sorted()
              .forEach(n -> out.add(table.getFileName() + "/" + n));
        }
      }
    }
    return out;
  }

  /** The files under the range staging folders, relative path → bytes. */
  private Map<Path, byte[]> stagedFiles() throws IOException {
    Map<Path, byte[]> out = new TreeMap<>();
    Path root = lake.resolve("enriched");
    try (var all = Files.walk(root)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        Path rel = root.relativize(p);
        if (rel.getNameCount() > 1
            && rel.getName(1).toString().startsWith(LakeLayout.RANGE_STAGING_PREFIX)) {
          out.put(rel, Files.readAllBytes(p));
        }
      }
    }
    return out;
  }

  private void restore(Map<Path, byte[]> files) throws IOException {
    for (var e : files.entrySet()) {
      Path p = lake.resolve("enriched").resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, e.getValue());
    }
  }

  @Test
  void aStagingFolderLeftByACrashGoesAtTheNextRunButNeverWhileItsRunHoldsADay() throws Exception {
    put(lake, "raw", D1, "1.json", Fixtures.textUpdate(1, "a"), at(D1, 1));
    put(lake, "raw", D2, "2.json", Fixtures.textUpdate(2, "b"), at(D2, 2));
    String crashed = TelegramEtlJob.newRunId();
    Map<Path, byte[]> left = new TreeMap<>();
    try (ObjectStore store = new LocalObjectStore(lake.resolve("enriched"))) {
      assertThatThrownBy(
              () ->
                  TelegramEtlJob.run(
                      spark,
                      range(D1, D2),
                      store,
                      crashed,
                      l -> {},
                      day -> {
                        try {
                          left.putAll(stagedFiles());
                        } catch (IOException e) {
                          throw new IllegalStateException(e);
                        }
                        throw new Crash();
                      }))
          .as("the crash after D1's commit")
          .isInstanceOf(Crash.class);
    }
    // A JVM that dies runs no finally: put back what it left on disk at the crash.
    restore(left);
    String folder = LakeLayout.rangeStagingDir(crashed, D1, D2);
    List<String> stale = Tables.NAMES.stream().sorted().map(t -> t + "/" + folder).toList();
    assertThat(stagingFolders()).as("what the crash left: every table staged").isEqualTo(stale);
    assertThat(RangeLake.names(lake.resolve("enriched/updates").resolve(folder)))
        .as("D2's staged partition, not committed (D1's was)")
        .containsExactly("context_date=" + D2);

    try (ObjectStore store = new LocalObjectStore(lake.resolve("enriched"));
        DayLease stillHeld =
            DayLease.acquire(store, D2, crashed, Duration.ofMinutes(10), Duration.ZERO)) {
      assertThat(run(range(D3, D4)).ok()).as("a range of other days").isTrue();
      assertThat(run(JobArgs.forDay(raw(), enriched(), D5)).ok()).as("another day").isTrue();
      assertThat(stagingFolders())
          .as("kept while its run still holds one of its days (D2)")
          .isEqualTo(stale);
    }

    put(lake, "raw", D2, "5.json", Fixtures.textUpdate(5, "e"), at(D2, 5));
    assertThat(run(JobArgs.forDay(raw(), enriched(), D2)).ok()).as("a run of D2").isTrue();
    assertThat(stagingFolders()).as("removed by the next run of one of its days").isEmpty();
    assertThat(ids("updates", D2))
        .as("D2 from raw now, not from the stale staging (2 only)")
        .containsExactly(2L, 5L);

    restore(left);
    assertThat(stagingFolders()).as("left again").isEqualTo(stale);
    put(lake, "raw", D1, "6.json", Fixtures.textUpdate(6, "f"), at(D1, 6));
    assertThat(run(range(D1, D2)).ok()).as("the rerun of the range").isTrue();
    assertThat(stagingFolders()).as("removed by the next range run").isEmpty();
    assertThat(ids("updates", D1)).as("D1 after the rerun").containsExactly(1L, 6L);
    assertThat(ids("updates", D2)).as("D2 after the rerun").containsExactly(2L, 5L);
  }
}
