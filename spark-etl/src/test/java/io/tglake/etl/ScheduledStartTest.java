package io.tglake.etl;

import static io.tglake.etl.Fixtures.DAY;
import static io.tglake.etl.Fixtures.textUpdate;
import static io.tglake.etl.Fixtures.writeRaw;
import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.contract.Metrics;
import io.tglake.etl.lease.DayLease;
import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.ObjectStores;
import io.tglake.testkit.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second start of the same scheduled run (Scheduler retrying after an ambiguous StartJobRun
 * error) ends without a failure while the first start holds the day; every other conflict stays
 * BUSY (exit 3), and a scheduled start that finds the day free runs it.
 */
class ScheduledStartTest {

  @BeforeEach
  void rawRootExists() throws IOException {
    // the days are missing, not the root: a missing --raw root fails the run before any lease
    // (PoisonObjectsTest)
    Files.createDirectories(lake.resolve("raw"));
  }

  private static final String SCHEDULED_TIME = "2026-11-23T01:30:00Z";
  private final SparkSession spark = SharedSpark.get();

  @TempDir Path lake;

  private JobArgs scheduled() throws Exception {
    return EtlArgv.parse(
        Clock.fixed(Instant.parse(SCHEDULED_TIME), ZoneOffset.UTC),
        "--raw",
        lake.resolve("raw").toString(),
        "--enriched",
        lake.resolve("enriched").toString(),
        "--scheduled-time",
        SCHEDULED_TIME,
        "--lease-wait",
        "0");
  }

  private JobArgs manual() {
    return JobArgs.forDay(lake.resolve("raw").toString(), lake.resolve("enriched").toString(), DAY)
        .withSafety(SafetyOptions.DEFAULTS.withLeaseWait(Duration.ZERO));
  }

  private ObjectStore enriched() {
    return ObjectStores.open(lake.resolve("enriched").toString(), Optional.empty());
  }

  private Path messages() {
    return lake.resolve("enriched/messages/context_date=" + DAY);
  }

  @Test
  void aSecondStartOfTheScheduledRunEndsWithoutFailureWhileTheFirstHoldsTheDay() throws Exception {
    writeRaw(
        lake.resolve("raw"),
        DAY,
        "1.json",
        textUpdate(1, "hi"),
        Instant.parse("2026-11-22T10:00:00Z"));
    try (ObjectStore store = enriched()) {
      assertThat(ScheduledStarts.first(store, DAY, "first-start"))
          .as("the first start records itself")
          .isTrue();
      try (DayLease held =
          DayLease.acquire(store, DAY, "first-start", Duration.ofMinutes(10), Duration.ZERO)) {
        List<String> metrics = new ArrayList<>();
        RunResult second = TelegramEtlJob.run(spark, scheduled(), metrics::add);

        assertThat(second.single().status()).isEqualTo(DayResult.Status.DUPLICATE_START);
        assertThat(second.exitCode())
            .as("job SUCCESS: the FAILED-state rule does not page")
            .isZero();
        assertThat(metrics).as("no figures: the first start reports the day").isEmpty();
        assertThat(messages()).as("nothing written by the second start").doesNotExist();
        assertThat(held.held()).as("the first start keeps its lease").isTrue();
      }
    }
  }

  @Test
  void aScheduledStartThatMeetsAManualRunIsStillBusy() throws Exception {
    try (ObjectStore store = enriched();
        DayLease manualRun =
            DayLease.acquire(store, DAY, "manual-run", Duration.ofMinutes(10), Duration.ZERO)) {
      RunResult r = TelegramEtlJob.run(spark, scheduled(), line -> {});

      assertThat(r.single().status())
          .as("first scheduled start, day held by someone else")
          .isEqualTo(DayResult.Status.BUSY);
      assertThat(r.exitCode()).isEqualTo(3);
      assertThat(lake.resolve("enriched/" + ScheduledStarts.key(DAY)))
          .as("the start is recorded")
          .exists();
    }
  }

  @Test
  void aManualRunNeverCountsAsADuplicateStart() throws Exception {
    try (ObjectStore store = enriched()) {
      ScheduledStarts.first(store, DAY, "first-start");
      try (DayLease held =
          DayLease.acquire(store, DAY, "first-start", Duration.ofMinutes(10), Duration.ZERO)) {
        RunResult r = TelegramEtlJob.run(spark, manual(), line -> {});
        assertThat(r.single().status()).isEqualTo(DayResult.Status.BUSY);
        assertThat(r.exitCode()).isEqualTo(3);
      }
    }
  }

  @Test
  void aLaterScheduledStartThatFindsTheDayFreeRunsItAndReportsAsScheduled() throws Exception {
    writeRaw(
        lake.resolve("raw"),
        DAY,
        "1.json",
        textUpdate(1, "hi"),
        Instant.parse("2026-11-22T10:00:00Z"));
    try (ObjectStore store = enriched()) {
      ScheduledStarts.first(store, DAY, "crashed-first-start");
    }
    List<String> metrics = new ArrayList<>();
    RunResult r = TelegramEtlJob.run(spark, scheduled(), metrics::add);

    assertThat(r.single().status())
        .as("the crashed first start is redone")
        .isEqualTo(DayResult.Status.SUCCEEDED);
    assertThat(Files.isDirectory(messages())).isTrue();
    assertThat(EtlMetricsTest.runKinds(metrics))
        .as("figures of the scheduled run: the day's document and one per table")
        .hasSize(1 + Metrics.ETL_ROWS_TABLES.size())
        .containsOnly("scheduled");
  }
}
