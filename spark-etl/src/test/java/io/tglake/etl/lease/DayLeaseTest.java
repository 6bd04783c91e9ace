package io.tglake.etl.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class DayLeaseTest {

  private static final LocalDate DAY = LocalDate.parse("2026-11-22");
  private static final Duration TTL = Duration.ofMinutes(10);
  private final MemoryStore store = new MemoryStore();

  private String leaseText() {
    return new String(store.get(DayLease.key(DAY)).orElseThrow(), StandardCharsets.UTF_8);
  }

  /**
   * Whether {@code condition} holds within {@code limit}: the same bound a fixed sleep of {@code
   * limit} gave (a renewal that comes later still fails), without sleeping past the moment it
   * holds.
   */
  private static boolean within(Duration limit, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() >= deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  @Test
  void leaseIsACreateOnlyObjectWithRunHostAndExpiryDeletedOnClose() throws Exception {
    try (DayLease lease = DayLease.acquire(store, DAY, "run-a", TTL, Duration.ZERO)) {
      assertThat(lease.held()).as("held").isTrue();
      assertThat(DayLease.key(DAY)).as("key").isEqualTo("_runs/context_date=2026-11-22/lease.json");
      assertThat(leaseText())
          .as("lease content")
          .contains(
              "\"run_id\" : \"run-a\"", "\"owner_host\"", "\"acquired_at\"", "\"expires_at\"");
      DayLease.Holder h =
          DayLease.Holder.parse(store.get(DayLease.key(DAY)).orElseThrow()).orElseThrow();
      assertThat(Duration.between(h.acquiredAt(), h.expiresAt()))
          .as("expiry = acquired + ttl")
          .isEqualTo(TTL);
    }
    assertThat(store.get(DayLease.key(DAY))).as("released").isEmpty();
  }

  @Test
  void secondRunOfTheDayIsRefusedAfterItsWaitWithTheHolderNamed() throws Exception {
    try (DayLease first = DayLease.acquire(store, DAY, "run-a", TTL, Duration.ZERO)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> DayLease.acquire(store, DAY, "run-b", TTL, Duration.ofMillis(1500)))
          .isInstanceOf(DayLease.Busy.class)
          .hasMessageContaining("run-a")
          .hasMessageContaining("--lease-wait")
          .satisfies(e -> assertThat(((DayLease.Busy) e).holderRunId()).isEqualTo("run-a"));
      assertThat((System.nanoTime() - start) / 1e9)
          .as("waited about --lease-wait")
          .isBetween(1.4, 10.0);
      assertThat(leaseText()).as("the holder's lease untouched").contains("run-a");
    }
  }

  @Test
  void aWaitingRunGetsTheLeaseWhenTheHolderReleasesIt() throws Exception {
    DayLease first = DayLease.acquire(store, DAY, "run-a", TTL, Duration.ZERO);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<DayLease> second =
          pool.submit(() -> DayLease.acquire(store, DAY, "run-b", TTL, Duration.ofSeconds(30)));
      Thread.sleep(500);
      assertThat(second.isDone()).as("still waiting while run-a holds it").isFalse();
      first.close();
      try (DayLease b = second.get()) {
        assertThat(b.runId()).as("run-b got it after the release").isEqualTo("run-b");
        assertThat(leaseText()).contains("run-b");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void crashedRunsExpiredLeaseIsTakenOverAndMarked() throws Exception {
    store.put(
        DayLease.key(DAY),
        new DayLease.Holder(
                "crashed-run",
                "host-x",
                Instant.parse("2026-11-23T03:00:00Z"),
                Instant.parse("2026-11-23T03:10:00Z"))
            .toJson());

    try (DayLease lease = DayLease.acquire(store, DAY, "run-b", TTL, Duration.ZERO)) {
      assertThat(lease.runId()).as("taken over").isEqualTo("run-b");
      assertThat(leaseText()).contains("run-b");
    }
    assertThat(store.list("_runs/context_date=2026-11-22/").stream().map(o -> o.key()).toList())
        .as("only the take-over marker remains")
        .containsExactly("_runs/context_date=2026-11-22/lease-takeover-crashed-run.json");
  }

  @Test
  void liveLeaseIsNotTakenOverAndUnreadableLeaseIsNotDeleted() throws Exception {
    store.put(
        DayLease.key(DAY),
        new DayLease.Holder("live-run", "host-x", Instant.now(), Instant.now().plus(TTL)).toJson());
    assertThatThrownBy(() -> DayLease.acquire(store, DAY, "run-b", TTL, Duration.ZERO))
        .isInstanceOf(DayLease.Busy.class)
        .hasMessageContaining("live-run");
    store.put(DayLease.key(DAY), "{half".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> DayLease.acquire(store, DAY, "run-b", TTL, Duration.ZERO))
        .isInstanceOf(DayLease.Busy.class)
        .hasMessageContaining("unreadable");
    assertThat(leaseText()).as("left for a human").isEqualTo("{half");
  }

  /**
   * Eight runs race for a free and for a stale lease under {@link RaceScript}: everyone's first two
   * lease calls lined up, and every delete of the lease held back until every other run has
   * decided, then let through one at a time after the previous deleter created its lease. In this
   * interleaving a take-over without its marker deletes the winner's fresh lease, and a
   * get-then-put instead of the atomic create lets every run win, every time; the store is only as
   * atomic as S3, so both halves are won by the code, not by the store.
   */
  @Test
  void manyRunsRacingForAFreeOrAStaleLeaseLetExactlyOneWin() throws Exception {
    for (boolean stale : List.of(false, true)) {
      int runs = 8;
      MemoryStore memory = new MemoryStore();
      RaceScript s = new RaceScript(memory, DayLease.key(DAY), runs);
      if (stale) {
        s.put(
            DayLease.key(DAY),
            new DayLease.Holder("crashed", "h", Instant.EPOCH, Instant.EPOCH.plusSeconds(1))
                .toJson());
      }
      ExecutorService pool = Executors.newFixedThreadPool(runs);
      List<Future<DayLease>> results = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        String id = "run-" + i;
        Callable<DayLease> c =
            () -> {
              try {
                return DayLease.acquire(s, DAY, id, TTL, Duration.ZERO);
              } catch (DayLease.Busy e) {
                return null;
              }
            };
        results.add(pool.submit(s.racer(c)));
      }
      List<DayLease> winners = new ArrayList<>();
      for (Future<DayLease> f : results) {
        if (f.get(60, TimeUnit.SECONDS) != null) {
          winners.add(f.get());
        }
      }
      pool.shutdownNow();
      try {
        assertThat(winners)
            .extracting(DayLease::runId)
            .as("exactly one holder (stale=%s)", stale)
            .hasSize(1);
        DayLease.Holder h =
            DayLease.Holder.parse(s.get(DayLease.key(DAY)).orElseThrow()).orElseThrow();
        assertThat(h.runId())
            .as("the stored lease is the winner's")
            .isEqualTo(winners.get(0).runId());
        assertThat(s.deletesPaused())
            .as("the script held the stale lease's one delete (stale=%s)", stale)
            .isEqualTo(stale ? 1 : 0);
        assertThat(s.list("_runs/context_date=2026-11-22/lease-takeover-"))
            .extracting(o -> o.key())
            .as("one take-over marker per stale lease")
            .containsExactlyElementsOf(
                stale
                    ? List.of("_runs/context_date=2026-11-22/lease-takeover-crashed.json")
                    : List.of());
      } finally {
        winners.forEach(DayLease::close);
      }
    }
  }

  @Test
  void leaseIsRenewedWhileHeldAndLostWhenAnotherRunOwnsIt() throws Exception {
    Duration ttl = Duration.ofSeconds(3);
    try (DayLease lease = DayLease.acquire(store, DAY, "run-a", ttl, Duration.ZERO)) {
      Instant first =
          DayLease.Holder.parse(store.get(DayLease.key(DAY)).orElseThrow())
              .orElseThrow()
              .expiresAt();
      assertThat(
              within(
                  Duration.ofMillis(2500),
                  () ->
                      DayLease.Holder.parse(store.get(DayLease.key(DAY)).orElseThrow())
                          .orElseThrow()
                          .expiresAt()
                          .isAfter(first)))
          .as("renewed every ttl/3")
          .isTrue();
      assertThat(lease.held()).isTrue();

      store.put(
          DayLease.key(DAY),
          new DayLease.Holder("intruder", "h", Instant.now(), Instant.now().plus(TTL)).toJson());
      assertThat(within(Duration.ofMillis(2500), () -> !lease.held()))
          .as("lost at the next renewal")
          .isTrue();
    }
    assertThat(leaseText()).as("close does not delete another run's lease").contains("intruder");
  }

  @Test
  void aRenewalNeverOverwritesALeaseTakenOverSinceItsLastWrite() throws Exception {
    byte[] intruder =
        new DayLease.Holder("taker", "h", Instant.now(), Instant.now().plus(TTL)).toJson();
    try (DayLease lease =
        DayLease.acquire(store, DAY, "run-a", Duration.ofSeconds(3), Duration.ZERO)) {
      // A run that took the lease over lands between this run's renewal read and write.
      store.raceNextRenewal(() -> store.put(DayLease.key(DAY), intruder));
      assertThat(within(Duration.ofMillis(1800), () -> !lease.held()))
          .as("the renewing run knows it lost the lease")
          .isTrue();
      assertThat(leaseText())
          .as("the taker's lease survives the renewal (conditional write)")
          .contains("taker");
    }
  }
}
