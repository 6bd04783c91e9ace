package io.tglake.etl.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tglake.etl.DayResult;
import io.tglake.etl.GateOptions;
import io.tglake.etl.JobArgs;
import io.tglake.etl.SafetyOptions;
import io.tglake.etl.TelegramEtlJob;
import io.tglake.etl.lease.DayLease;
import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.ObjectStores;
import io.tglake.testkit.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An erasure always completes: its rebuild is not refused by the quality gate the erasure itself
 * moved, and it never reads or rewrites a day while an ETL run holds that day's lease (it waits,
 * then gives up with BusyDay: exit 3).
 */
class ForgetGateAndLeaseTest {

  private final SparkSession spark = SharedSpark.get();
  private static final long ANA = 42;
  private static final long CAIO = 77;
  private static final LocalDate DAY = LocalDate.parse("2026-11-20");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);

  @TempDir Path lake;

  private Path raw() {
    return lake.resolve("raw");
  }

  private Path enriched() {
    return lake.resolve("enriched");
  }

  private void raw(String name, String body) throws IOException {
    Path dir = raw().resolve("context_date=" + DAY);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(name), body, StandardCharsets.UTF_8);
    Files.setLastModifiedTime(dir.resolve(name), FileTime.from(Instant.parse(DAY + "T10:00:00Z")));
  }

  /**
   * The probe's day: 50 objects of others, {@code anas} of Ana, 3 broken; the default 5% gate
   * passes it.
   */
  private void day(int anas) throws IOException {
    for (int i = 1; i <= 50; i++) {
      raw(i + ".json", UpdateJson.privateText(i, CAIO, "U" + CAIO, "oi " + i));
    }
    for (int i = 0; i < anas; i++) {
      raw((100 + i) + ".json", UpdateJson.privateText(100 + i, ANA, "U" + ANA, "oi " + (100 + i)));
    }
    for (int i = 0; i < 3; i++) {
      raw("broken-" + i + ".json", "{\"update_id\": " + (900 + i) + ", \"message\": {");
    }
    DayResult r =
        TelegramEtlJob.run(spark, JobArgs.forDay(raw().toString(), enriched().toString(), DAY))
            .single();
    assertThat(r.status())
        .as("3 of %d pass the default gate", 53 + anas)
        .isEqualTo(DayResult.Status.SUCCEEDED);
  }

  private ForgetArgs args(GateOptions.Values gate) {
    return new ForgetArgs(
        Set.of(ANA),
        raw().toString(),
        enriched().toString(),
        Optional.empty(),
        Optional.empty(),
        false,
        "req-gate",
        Optional.empty(),
        Optional.empty(),
        gate,
        Optional.empty());
  }

  private void forget(ForgetArgs a) throws Exception {
    try (ObjectStore r = ObjectStores.open(a.raw(), Optional.empty());
        ObjectStore e = ObjectStores.open(a.enriched(), Optional.empty())) {
      new ForgetJob(
              a,
              r,
              e,
              new EtlDayRebuilder(spark, a, e),
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
              CLOCK)
          .run();
    }
  }

  private List<Long> messageUsers() {
    return spark
        .read()
        .parquet(enriched().resolve("messages").toString())
        .select("user_id")
        .distinct()
        .orderBy("user_id")
        .as(Encoders.LONG())
        .collectAsList();
  }

  @Test
  void anErasureThatShrinksTheDayPastTheGateStillCompletesWithNoRowOfThePersonLeft()
      throws Exception {
    day(10); // 3 of 63 = 4.8 % before, 3 of 53 = 5.7 % after
    assertThat(messageUsers()).containsExactly(ANA, CAIO);

    forget(args(GateOptions.Values.DEFAULTS));

    assertThat(messageUsers())
        .as("no row of the person left, every other row kept")
        .containsExactly(CAIO);
    assertThat(spark.read().parquet(enriched().resolve("messages").toString()).count())
        .isEqualTo(50);
    assertThat(
            spark
                .read()
                .json(enriched().resolve("_quarantine/context_date=" + DAY).toString())
                .count())
        .as("the broken objects stay quarantined")
        .isEqualTo(3);
    assertThat(enriched().resolve("_privacy/erasures/req-gate.json"))
        .as("audit written: completed")
        .exists();
  }

  @Test
  void forgetWaitsForTheDaysLeaseAndGivesUpAsBusyWithoutTouchingTheDay() throws Exception {
    day(10);
    GateOptions.Values noWait =
        new GateOptions.Values(
            JobArgs.DEFAULT_MAX_BAD_FRACTION, SafetyOptions.DEFAULTS.withLeaseWait(Duration.ZERO));
    Path anas = raw().resolve("context_date=" + DAY).resolve("100.json");
    try (ObjectStore e = ObjectStores.open(enriched().toString(), Optional.empty());
        DayLease etl =
            DayLease.acquire(
                e, DAY, "20261201T120000.000Z-e7e7e7", Duration.ofMinutes(10), Duration.ZERO)) {
      assertThatThrownBy(() -> forget(args(noWait)))
          .as("an ETL run holds the day")
          .isInstanceOf(ForgetJob.BusyDay.class)
          .hasMessageContaining("20261201T120000.000Z-e7e7e7");
      assertThat(anas).as("nothing deleted while the day is busy").exists();
      assertThat(messageUsers()).as("tables untouched").containsExactly(ANA, CAIO);
    }

    forget(args(noWait)); // the same request, once the ETL run is gone, resumes and finishes

    assertThat(anas).doesNotExist();
    assertThat(messageUsers()).containsExactly(CAIO);
  }
}
