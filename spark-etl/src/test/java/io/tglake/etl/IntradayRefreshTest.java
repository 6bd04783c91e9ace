package io.tglake.etl;

import static io.tglake.etl.Fixtures.DAY;
import static io.tglake.etl.Fixtures.textUpdate;
import static io.tglake.etl.Fixtures.writeRaw;
import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.etl.lease.DayLease;
import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.ObjectStores;
import io.tglake.testkit.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The intraday refresh beside other runs of the same day: while another run holds the day's lease
 * it writes nothing and ends 0 (the refresh before it stays); it never records a scheduled start,
 * so the nightly run of the day that follows runs the day instead of ending as a duplicate start.
 */
class IntradayRefreshTest {

  private final SparkSession spark = SharedSpark.get();

  @TempDir Path lake;

  private JobArgs run(String dayOption, String instant) throws Exception {
    return EtlArgv.parse(
        Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC),
        "--raw",
        lake.resolve("raw").toString(),
        "--enriched",
        lake.resolve("enriched").toString(),
        dayOption,
        instant,
        "--lease-wait",
        "0");
  }

  private long messageFiles() throws Exception {
    Path day = lake.resolve("enriched/messages/context_date=" + DAY);
    if (!Files.isDirectory(day)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(day)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
    }
  }

  @Test
  void aRefreshOfADayHeldByAnotherRunWritesNothingEndsZeroAndTheNightlyRunStillRunsTheDay()
      throws Exception {
    writeRaw(
        lake.resolve("raw"),
        DAY,
        "1.json",
        textUpdate(1, "hi"),
        Instant.parse("2026-11-22T10:00:00Z"));
    String noon = DAY + "T12:00:00Z";
    RunResult first = TelegramEtlJob.run(spark, run("--intraday-time", noon), line -> {});
    assertThat(first.single().status()).isEqualTo(DayResult.Status.SUCCEEDED);
    assertThat(first.single().rowsPerTable()).containsEntry("messages", 1L);
    assertThat(messageFiles()).as("today's partition after the first refresh").isEqualTo(1);

    writeRaw(
        lake.resolve("raw"),
        DAY,
        "2.json",
        textUpdate(2, "later"),
        Instant.parse("2026-11-22T12:30:00Z"));
    try (ObjectStore store =
            ObjectStores.open(lake.resolve("enriched").toString(), Optional.empty());
        DayLease held =
            DayLease.acquire(store, DAY, "a-manual-rerun", Duration.ofMinutes(10), Duration.ZERO)) {
      List<String> metrics = new ArrayList<>();
      RunResult busy =
          TelegramEtlJob.run(spark, run("--intraday-time", DAY + "T13:00:00Z"), metrics::add);
      assertThat(busy.single().status())
          .as("the other run keeps the day")
          .isEqualTo(DayResult.Status.BUSY);
      assertThat(busy.exitCode(RunKind.INTRADAY))
          .as("no FAILED job run, no page: the next refresh retries")
          .isZero();
      assertThat(metrics).as("a busy day reports no figures: the holder reports the day").isEmpty();
      assertThat(held.held()).as("the holder keeps its lease").isTrue();
    }
    assertThat(messageFiles()).as("the first refresh's partition is untouched").isEqualTo(1);

    RunResult nightly =
        TelegramEtlJob.run(
            spark, run("--scheduled-time", DAY.plusDays(1) + "T01:30:00Z"), line -> {});
    assertThat(nightly.single().status())
        .as("no refresh took the scheduled-start marker")
        .isEqualTo(DayResult.Status.SUCCEEDED);
    assertThat(nightly.single().rowsPerTable())
        .as("the final word has the whole day")
        .containsEntry("messages", 2L);
  }
}
