package io.tglake.etl.lease;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tglake.contract.LakeLayout;
import io.tglake.etl.store.ObjectStore;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A per-day lease in the lake, so that two runs of the same day (the scheduled one and a manual
 * one) never write that day's tables at the same time.
 *
 * <p>The lease is the object {@link LakeLayout#leaseKey} of the enriched store, created with {@link
 * ObjectStore#putIfAbsent} (S3 {@code If-None-Match: *}, an atomic create locally), holding the run
 * id, the owner host, when it was acquired and when it expires. While held it is renewed every
 * third of its TTL, so a live run keeps it however long it takes and a crashed run blocks the day
 * for at most one TTL. {@link #close()} deletes it if it is still ours.
 *
 * <p><b>Taking over an expired lease.</b> Deleting a stale lease and creating one's own are two
 * calls, and two runs that both saw the stale lease must not both "win". So a run first creates the
 * take-over marker {@link LakeLayout#takeoverKey} with {@code putIfAbsent}: exactly one run gets it
 * per stale lease; that run checks the lease is still the stale one, deletes it, and competes with
 * {@code putIfAbsent} like any newcomer. Markers are kept (tiny, one per crash) so that a late run
 * can never reuse one. Residual windows, documented rather than hidden: (1) between that check and
 * the delete (a few milliseconds) the stale holder could come back and renew, and would then lose
 * its lease at its next renewal check; (2) a holder paused for longer than the TTL (a
 * stop-the-world pause, a frozen VM) can be taken over while it still believes it holds the lease —
 * {@link #held()} turns false at its next renewal and the job checks it before every table write,
 * but a write already in flight finishes; (3) expiry compares clocks of different hosts (NTP-synced
 * on EMR; keep the TTL far above any skew).
 */
public final class DayLease implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DayLease.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofSeconds(2);

  /**
   * Another run holds the day's lease and did not release it within the wait: exit code 3 in the
   * CLIs.
   */
  public static final class Busy extends Exception {
    private static final long serialVersionUID = 1L;
    private final String holderRunId;

    Busy(LocalDate day, Holder holder, Duration waited) {
      super(
          "day "
              + day
              + " is being processed by run "
              + holder.runId
              + " on "
              + holder.host
              + " (lease "
              + "acquired "
              + holder.acquiredAt
              + ", expires "
              + holder.expiresAt
              + "); waited "
              + waited.toSeconds()
              + " s (--lease-wait). Retry after it finishes; a crashed run's lease expires by itself.");
      this.holderRunId = holder.runId;
    }

    /** The run id of the run that holds the lease. */
    public String holderRunId() {
      return holderRunId;
    }
  }

  /** The content of a lease object. */
  record Holder(String runId, String host, Instant acquiredAt, Instant expiresAt) {

    byte[] toJson() {
      ObjectNode n = JSON.createObjectNode();
      n.put("run_id", runId);
      n.put("owner_host", host);
      n.put("acquired_at", acquiredAt.toString());
      n.put("expires_at", expiresAt.toString());
      try {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    /** The parsed lease, or empty when it is not a lease this class wrote (treated as expired). */
    static Optional<Holder> parse(byte[] body) {
      try {
        JsonNode n = JSON.readTree(body);
        return Optional.of(
            new Holder(
                n.get("run_id").asText(),
                n.path("owner_host").asText("?"),
                Instant.parse(n.get("acquired_at").asText()),
                Instant.parse(n.get("expires_at").asText())));
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    }
  }

  private final ObjectStore store;
  private final LocalDate day;
  private final String key;
  private final Clock clock;
  private final Duration ttl;
  private final ScheduledExecutorService renewer;
  private volatile Holder holder;

  /**
   * The entity tag of the lease as this run last wrote it: a renewal replaces exactly that version
   * or nothing.
   */
  private volatile String etag;

  private volatile boolean held = true;

  private DayLease(
      ObjectStore store, LocalDate day, Holder holder, String etag, Duration ttl, Clock clock) {
    this.store = store;
    this.day = day;
    this.key = key(day);
    this.holder = holder;
    this.etag = etag;
    this.ttl = ttl;
    this.clock = clock;
    this.renewer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tglake-lease-" + day);
              t.setDaemon(true);
              return t;
            });
    long every = Math.max(1, ttl.toMillis() / 3);
    renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
  }

  /** The lease key of {@code day} in the enriched store. */
  public static String key(LocalDate day) {
    return LakeLayout.leaseKey(day);
  }

  static String takeoverKey(LocalDate day, String staleRunId) {
    return LakeLayout.takeoverKey(day, staleRunId);
  }

  /**
   * Takes the lease of {@code day}, waiting up to {@code maxWait} for another run to release it (or
   * for its lease to expire, then taking it over; see class doc).
   *
   * @param enrichedStore the store rooted at the enriched lake (where {@code _runs/} lives)
   * @param runId this run's id (written into the lease and the run report)
   * @param ttl how long the lease stays valid without renewal
   * @param maxWait how long to wait for a held lease; zero = one attempt
   * @return the held lease; close it to release
   * @throws Busy when another run still holds it after {@code maxWait}
   */
  public static DayLease acquire(
      ObjectStore enrichedStore, LocalDate day, String runId, Duration ttl, Duration maxWait)
      throws Busy, IOException {
    return acquire(enrichedStore, day, runId, ttl, maxWait, Clock.systemUTC());
  }

  static DayLease acquire(
      ObjectStore store, LocalDate day, String runId, Duration ttl, Duration maxWait, Clock clock)
      throws Busy, IOException {
    String key = key(day);
    Instant deadline = clock.instant().plus(maxWait);
    String host = hostName();
    while (true) {
      Instant now = clock.instant();
      Holder mine = new Holder(runId, host, now, now.plus(ttl));
      byte[] json = mine.toJson();
      if (store.putIfAbsent(key, json)) {
        // The tag renewals will name; a lease replaced since our create (taken over after a pause
        // longer than the
        // TTL) is not ours any more.
        Optional<ObjectStore.Tagged> created = store.getTagged(key);
        if (created.isPresent() && Arrays.equals(created.get().body(), json)) {
          LOG.info(
              "etl {}: lease taken by run {} (expires {}, renewed every {} s)",
              day,
              runId,
              mine.expiresAt,
              ttl.toSeconds() / 3);
          return new DayLease(store, day, mine, created.get().etag(), ttl, clock);
        }
        continue;
      }
      Optional<ObjectStore.Tagged> tagged = store.getTagged(key);
      if (tagged.isEmpty()) {
        continue; // released between our create and our read: try again at once
      }
      Optional<byte[]> body = Optional.of(tagged.get().body());
      Optional<Holder> current = Holder.parse(body.get());
      if (current.isPresent() && current.get().runId.equals(runId)) {
        // Our own run id (a retried attempt of this very run): it is ours, refresh it — unless it
        // changed meanwhile.
        Optional<String> refreshed = store.replaceIfMatch(key, mine.toJson(), tagged.get().etag());
        if (refreshed.isPresent()) {
          return new DayLease(store, day, mine, refreshed.get(), ttl, clock);
        }
        continue;
      }
      Holder other =
          current.orElse(
              new Holder(
                  "unknown (unreadable lease.json: delete it by hand if no run is " + "active)",
                  "?",
                  Instant.EPOCH,
                  Instant.MAX));
      if (current.isPresent()
          && !other.expiresAt.isAfter(now)
          && takeOver(store, day, key, body.get(), other, runId)) {
        continue;
      }
      if (!now.isBefore(deadline)) {
        throw new Busy(day, other, maxWait);
      }
      sleep(
          Duration.ofMillis(Math.min(POLL.toMillis(), Duration.between(now, deadline).toMillis())));
    }
  }

  /**
   * Deletes a stale lease if this run wins its take-over marker (see class doc).
   *
   * @return true when this run deleted it (or it changed meanwhile): try to create the lease again
   *     at once
   */
  private static boolean takeOver(
      ObjectStore store, LocalDate day, String key, byte[] staleBody, Holder stale, String runId)
      throws IOException {
    String staleId = stale.runId;
    String marker = takeoverKey(day, staleId);
    byte[] note =
        ("{\"taken_over_by\": \""
                + runId
                + "\", \"stale_lease\": "
                + JSON.writeValueAsString(new String(staleBody, StandardCharsets.UTF_8))
                + "}")
            .getBytes(StandardCharsets.UTF_8);
    if (!store.putIfAbsent(marker, note)) {
      // Another run is taking this stale lease over (or took it over and died within milliseconds,
      // in which
      // case the stale lease must be deleted by hand); wait like for a live holder.
      return false;
    }
    Optional<byte[]> again = store.get(key);
    if (again.isPresent() && Arrays.equals(again.get(), staleBody)) {
      LOG.warn(
          "etl {}: taking over the expired lease of run {} (a crashed or stopped run)",
          day,
          staleId);
      store.delete(key);
    }
    return true;
  }

  /**
   * Whether run {@code runId} holds the lease of {@code day} at {@code now}: the lease object names
   * it and has not expired. An unreadable lease is no run's.
   */
  public static boolean heldBy(ObjectStore store, LocalDate day, String runId, Instant now)
      throws IOException {
    return store
        .get(key(day))
        .flatMap(Holder::parse)
        .filter(h -> h.runId.equals(runId) && h.expiresAt.isAfter(now))
        .isPresent();
  }

  /** The run id in the lease. */
  public String runId() {
    return holder.runId;
  }

  /** False once a renewal found the lease gone or owned by another run (then stop writing). */
  public boolean held() {
    return held;
  }

  /**
   * One conditional PUT ({@code If-Match} the tag of our last write): a lease replaced or deleted
   * by anyone since then — a take-over after this run paused longer than the TTL — fails the write
   * instead of being overwritten, and the lease is lost.
   */
  private void renew() {
    try {
      Instant now = clock.instant();
      Holder renewed = new Holder(holder.runId, holder.host, holder.acquiredAt, now.plus(ttl));
      Optional<String> next = store.replaceIfMatch(key, renewed.toJson(), etag);
      if (next.isEmpty()) {
        Optional<Holder> current = store.get(key).flatMap(Holder::parse);
        lost(
            "the lease changed since this run last wrote it: it is now "
                + current.map(h -> "held by run " + h.runId).orElse("gone"));
        return;
      }
      etag = next.get();
      holder = renewed;
    } catch (IOException | RuntimeException e) {
      if (!clock.instant().isBefore(holder.expiresAt)) {
        lost("could not renew it before it expired: " + e);
      } else {
        LOG.warn("etl {}: lease renewal failed, will retry: {}", day, e.toString());
      }
    }
  }

  private void lost(String why) {
    if (held) {
      held = false;
      LOG.error("etl {}: run {} lost its day lease: {}", day, holder.runId, why);
      renewer.shutdown();
    }
  }

  /** Stops renewing and deletes the lease if it is still this run's. */
  @Override
  public void close() {
    renewer.shutdownNow();
    try {
      renewer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Optional<Holder> current = store.get(key).flatMap(Holder::parse);
      if (current.isPresent() && current.get().runId.equals(holder.runId)) {
        store.delete(key);
        LOG.info("etl {}: lease released by run {}", day, holder.runId);
      }
    } catch (IOException e) {
      LOG.warn(
          "etl {}: could not release the lease (it expires by itself at {}): {}",
          day,
          holder.expiresAt,
          e.toString());
    }
    held = false;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  private static void sleep(Duration d) throws IOException {
    try {
      Thread.sleep(Math.max(1, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the day lease");
    }
  }
}
