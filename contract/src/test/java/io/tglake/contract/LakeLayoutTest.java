package io.tglake.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LakeLayoutTest {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 22);

  @Test
  void rawKeyIsTheUtcArrivalDayAndTheUpdateId() {
    assertThat(LakeLayout.rawKey(Instant.parse("2026-11-22T23:59:59.999Z"), 500012345L))
        .as("the seeds' layout, relative to the raw prefix")
        .isEqualTo("context_date=2026-11-22/500012345.json");
    assertThat(LakeLayout.rawKey(Instant.parse("2026-11-23T00:00:00Z"), 500012345L))
        .as("midnight UTC starts the next day, whatever the JVM's zone")
        .isEqualTo("context_date=2026-11-23/500012345.json");
    assertThat(LakeLayout.under(LakeLayout.DEFAULT_RAW_PREFIX, LakeLayout.rawKey(DAY, 7)))
        .isEqualTo("telegram/context_date=2026-11-22/7.json");
  }

  @Test
  void chatMigrationMarkersLiveOutsideEveryDay() {
    assertThat(LakeLayout.chatMigrationKey(-1001234567890L))
        .isEqualTo("_chat_migrations/-1001234567890");
    assertThat(LakeLayout.parseDayKey(LakeLayout.chatMigrationKey(5)))
        .as("never read as an update of a day")
        .isEmpty();
  }

  @Test
  void rawKeyParsesBackToItsDayAndName() {
    assertThat(LakeLayout.parseDayKey(LakeLayout.rawKey(DAY, 500012345L)))
        .as("round trip")
        .contains(new LakeLayout.DayKey(DAY, "500012345.json"));
    assertThat(LakeLayout.parseDayKey("context_date=2026-11-22/sub/1.json"))
        .as("deeper than one level")
        .isEmpty();
    assertThat(LakeLayout.parseDayKey("telegram/context_date=2026-11-22/1.json"))
        .as("not relative")
        .isEmpty();
    assertThat(LakeLayout.parseDayKey("context_date=2026-11-22/"))
        .as("the folder itself")
        .isEmpty();
  }

  @Test
  void dayFolderNamesRoundTripAndRejectEverythingElse() {
    assertThat(LakeLayout.dayDir(DAY)).isEqualTo("context_date=2026-11-22");
    assertThat(LakeLayout.dayPrefix(DAY)).isEqualTo("context_date=2026-11-22/");
    assertThat(LakeLayout.parseDayDir(LakeLayout.dayDir(DAY))).as("round trip").contains(DAY);
    assertThat(LakeLayout.parseDayDir(LakeLayout.dayDir(LocalDate.of(2024, 2, 29))))
        .contains(LocalDate.of(2024, 2, 29));
    assertThat(LakeLayout.parseDayDir("context_date=2026-02-30"))
        .as("impossible date")
        .isEqualTo(Optional.empty());
    assertThat(LakeLayout.parseDayDir("context_date=2026-1-2")).as("not ISO").isEmpty();
    assertThat(LakeLayout.parseDayDir("context_date=2026-11-22/"))
        .as("a prefix, not a name")
        .isEmpty();
    assertThat(LakeLayout.parseDayDir("day=2026-11-22")).isEmpty();
    assertThat(LakeLayout.dayDir(DAY)).startsWith(LakeLayout.ANY_DAY_PREFIX);
  }

  @Test
  void enrichedKeysAreBelowTheirFolders() {
    assertThat(LakeLayout.tablePrefix("messages", DAY))
        .isEqualTo("messages/context_date=2026-11-22/");
    assertThat(LakeLayout.quarantinePrefix(DAY)).isEqualTo("_quarantine/context_date=2026-11-22/");
    assertThat(LakeLayout.runsPrefix(DAY)).isEqualTo("_runs/context_date=2026-11-22/");
    assertThat(LakeLayout.runReportKey(DAY, "20261123T031500Z-ab12"))
        .isEqualTo("_runs/context_date=2026-11-22/20261123T031500Z-ab12.json");
    assertThat(LakeLayout.leaseKey(DAY)).isEqualTo("_runs/context_date=2026-11-22/lease.json");
    assertThat(LakeLayout.rawArrivalsKey(DAY))
        .as("an erasure's arrival times: a hidden name of the raw day")
        .isEqualTo("context_date=2026-11-22/_arrivals.json");
    assertThat(LakeLayout.takeoverKey(DAY, "run 1/a:b"))
        .as("a run id with characters unsafe in a key is reduced to [A-Za-z0-9._-]")
        .isEqualTo("_runs/context_date=2026-11-22/lease-takeover-run_1_a_b.json");
    assertThat(
            LakeLayout.parseDayKey(
                LakeLayout.leaseKey(DAY).substring(LakeLayout.RUNS_DIR.length() + 1)))
        .contains(new LakeLayout.DayKey(DAY, LakeLayout.LEASE_NAME));
  }

  @Test
  void erasureRecordsLiveUnderPrivacyWithoutDayPartitions() {
    assertThat(LakeLayout.erasureAuditKey("req-1")).isEqualTo("_privacy/erasures/req-1.json");
    assertThat(LakeLayout.erasurePlanKey("req-1")).isEqualTo("_privacy/erasures/req-1.plan.json");
    assertThat(LakeLayout.erasureDayKey("req-1", DAY))
        .isEqualTo("_privacy/erasures/req-1/days/2026-11-22.json");
    assertThat(LakeLayout.erasureAuditKey("req-1")).startsWith(LakeLayout.PRIVACY_DIR + "/");
  }

  @Test
  void outgoingRecordsHaveTheirOwnPrefixWithTheSameDays() {
    assertThat(LakeLayout.outgoingKey(DAY, "42-sendMessage-7"))
        .isEqualTo("outgoing/context_date=2026-11-22/42-sendMessage-7.json");
    assertThat(LakeLayout.outgoingKey(DAY, "k"))
        .startsWith(LakeLayout.DEFAULT_OUTGOING_PREFIX + "/");
  }

  @Test
  void prefixesAreJoinedWithoutDoubleOrLeadingSlashes() {
    assertThat(LakeLayout.under("/telegram/", "k")).isEqualTo("telegram/k");
    assertThat(LakeLayout.under(" bots/telegram ", "k")).isEqualTo("bots/telegram/k");
    assertThat(LakeLayout.under("", "k")).as("bucket root").isEqualTo("k");
    assertThat(LakeLayout.under("/", "k")).isEqualTo("k");
    assertThat(LakeLayout.trimSlashes(null)).isEmpty();
  }

  @Test
  void aRangeStagingFolderNamesItsDaysAndRunAndParsesBack() {
    String name = LakeLayout.rangeStagingDir("20261206T120000.000Z-ab12", DAY, DAY.plusDays(30));
    assertThat(name)
        .as("hidden, so no reader takes it for data")
        .isEqualTo(".tglake-staging-2026-11-22_2026-12-22-20261206T120000.000Z-ab12");
    assertThat(LakeLayout.parseRangeStagingDir(name))
        .as("round trip")
        .contains(new LakeLayout.RangeStaging(DAY, DAY.plusDays(30), "20261206T120000.000Z-ab12"));
    assertThat(LakeLayout.parseRangeStagingDir(".tglake-staging-20261206T120000.000Z-ab12"))
        .as("a name without days (no run can be asked about it)")
        .isEmpty();
    assertThat(LakeLayout.parseRangeStagingDir(".tglake-staging-2026-11-22_2026-11-21-r"))
        .as("last day before the first")
        .isEmpty();
    assertThat(LakeLayout.parseRangeStagingDir(".tglake-staging-2026-02-30_2026-03-01-r"))
        .as("impossible date")
        .isEmpty();
    assertThat(LakeLayout.parseRangeStagingDir("context_date=2026-11-22")).isEmpty();
  }
}
