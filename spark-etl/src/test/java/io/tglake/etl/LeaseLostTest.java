package io.tglake.etl;

import static io.tglake.etl.Fixtures.DAY;
import static io.tglake.etl.Fixtures.textUpdate;
import static io.tglake.etl.Fixtures.writeRaw;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.etl.lease.DayLease;
import io.tglake.etl.store.LocalObjectStore;
import io.tglake.etl.store.ObjectStore;
import io.tglake.testkit.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose lease is taken over while it works writes no table: the real pipeline over a local
 * lake, with the take-over placed deterministically between the lease acquisition and the table
 * writes.
 *
 * <p>How the timing is made certain: both task slots of the shared {@code local[2]} session are
 * occupied by a blocked job before the run starts, so the run takes its lease and then waits at its
 * first Spark job (reading the raw day). Meanwhile another run's lease replaces it, written by the
 * store just before the run's next renewal reads the lease (so no renewal can overwrite it), and
 * the test waits until that renewal thread has ended (it stops only after marking the lease lost).
 * Only then are the slots freed. The tables are written concurrently, each checking the lease just
 * before its write ({@code TableWriter.requireLease}); so "lost before the writes" is the state in
 * which that check alone decides.
 */
class LeaseLostTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
  // Static: the blocking job's tasks run in this JVM (local mode) and reach them without
  // serializing a latch.
  private static volatile CountDownLatch slotsTaken = new CountDownLatch(2);
  private static volatile CountDownLatch slotsFree = new CountDownLatch(1);

  private final SparkSession spark = SharedSpark.get();

  @TempDir Path lake;

  @AfterEach
  void freeTheSlots() {
    slotsFree.countDown(); // never leave the shared session blocked, whatever the test did
  }

  @Test
  void aRunWhoseLeaseIsTakenOverBeforeItsWritesReplacesNoTableAndSaysWhy() throws Exception {
    Path raw = lake.resolve("raw");
    Path enriched = lake.resolve("enriched");
    for (int i = 1; i <= 3; i++) {
      writeRaw(raw, DAY, i + ".json", textUpdate(i, "m" + i), T.plusSeconds(i));
    }
    // An earlier run's tables: what the losing run must leave exactly as they are.
    assertThat(
            TelegramEtlJob.run(
                    spark, JobArgs.forDay(raw.toString(), enriched.toString(), DAY), l -> {})
                .single()
                .status())
        .as("first run")
        .isEqualTo(DayResult.Status.SUCCEEDED);
    Map<String, byte[]> before = tableFiles(enriched);
    assertThat(before).as("the first run wrote files").isNotEmpty();
    writeRaw(raw, DAY, "4.json", textUpdate(4, "m4"), T.plusSeconds(4));

    JobArgs args =
        JobArgs.forDay(raw.toString(), enriched.toString(), DAY)
            .withSafety(
                SafetyOptions.DEFAULTS
                    .withLeaseWait(Duration.ZERO)
                    .withLeaseTtl(Duration.ofSeconds(3)));
    try (ObjectStore local = new LocalObjectStore(enriched)) {
      WatchedStore store = new WatchedStore(local);
      slotsTaken = new CountDownLatch(2);
      slotsFree = new CountDownLatch(1);
      CompletableFuture<Void> blocker =
          CompletableFuture.runAsync(
              () ->
                  JavaSparkContext.fromSparkContext(spark.sparkContext())
                      .parallelize(List.of(0, 1), 2)
                      .foreach(
                          i -> {
                            slotsTaken.countDown();
                            slotsFree.await(2, TimeUnit.MINUTES);
                          }));
      assertThat(slotsTaken.await(60, TimeUnit.SECONDS)).as("both task slots taken").isTrue();

      CompletableFuture<RunResult> run =
          CompletableFuture.supplyAsync(
              () -> TelegramEtlJob.run(spark, args, store, "20261123T040000.000Z-loser0", l -> {}));
      assertThat(store.acquired.await(60, TimeUnit.SECONDS)).as("the run took its lease").isTrue();
      store.takeOverAtNextRenewal = true;
      Thread renewer = store.renewerThatSawTheIntruder.get(30, TimeUnit.SECONDS);
      renewer.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(renewer.isAlive()).as("the renewal marked the lease lost and stopped").isFalse();
      assertThat(run).as("the run is still before its table writes").isNotDone();
      slotsFree.countDown();
      blocker.get(60, TimeUnit.SECONDS);

      DayResult r = run.get(5, TimeUnit.MINUTES).single();

      assertThat(r.status()).as("a run without its lease fails").isEqualTo(DayResult.Status.FAILED);
      assertThat(r.error().orElseThrow())
          .as("says why")
          .contains("run 20261123T040000.000Z-loser0 no longer holds the lease of " + DAY);
      assertThat(tableFiles(enriched))
          .as("every table's partition is the earlier run's, byte for byte")
          .containsExactlyInAnyOrderEntriesOf(before);
      JsonNode report =
          JSON.readTree(
              enriched
                  .resolve("_runs/context_date=" + DAY + "/20261123T040000.000Z-loser0.json")
                  .toFile());
      assertThat(report.get("status").asText()).as("report status").isEqualTo("FAILED");
      assertThat(report.get("tables_written")).as("report: no table written").isEmpty();
      assertThat(Files.readString(enriched.resolve(DayLease.key(DAY))))
          .as("the new holder's lease untouched")
          .contains("taker-run");
    }
  }

  private static byte[] intruderLease() {
    Instant now = Instant.now();
    return ("{\"run_id\": \"taker-run\", \"owner_host\": \"elsewhere\", \"acquired_at\": \""
            + now
            + "\", \"expires_at\": \""
            + now.plus(Duration.ofMinutes(10))
            + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Relative path → content of every file under the day's partition of every table. */
  private static Map<String, byte[]> tableFiles(Path enriched) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    for (String t : Tables.NAMES) {
      Path dir = enriched.resolve(t).resolve("context_date=" + DAY);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.sorted().toList()) {
          out.put(enriched.relativize(f).toString(), Files.readAllBytes(f));
        }
      }
    }
    return out;
  }

  /**
   * The enriched store, reporting when the lease was taken and which thread renewing it saw another
   * holder.
   */
  private static final class WatchedStore implements ObjectStore {
    private final ObjectStore inner;
    final CountDownLatch acquired = new CountDownLatch(1);
    final CompletableFuture<Thread> renewerThatSawTheIntruder = new CompletableFuture<>();
    volatile boolean takeOverAtNextRenewal;

    WatchedStore(ObjectStore inner) {
      this.inner = inner;
    }

    @Override
    public boolean putIfAbsent(String key, byte[] body) throws IOException {
      boolean created = inner.putIfAbsent(key, body);
      if (created && key.equals(DayLease.key(DAY))) {
        acquired.countDown();
      }
      return created;
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
      boolean renewal =
          key.equals(DayLease.key(DAY))
              && Thread.currentThread().getName().startsWith("tglake-lease-");
      if (renewal && takeOverAtNextRenewal) {
        inner.put(key, intruderLease());
        takeOverAtNextRenewal = false;
        renewerThatSawTheIntruder.complete(Thread.currentThread());
      }
      return inner.get(key);
    }

    @Override
    public Optional<Tagged> getTagged(String key) throws IOException {
      return inner.getTagged(key);
    }

    /**
     * The renewal is one conditional write: the intruder's lease lands just before it, so its
     * If-Match fails.
     */
    @Override
    public Optional<String> replaceIfMatch(String key, byte[] body, String etag)
        throws IOException {
      boolean renewal =
          key.equals(DayLease.key(DAY))
              && Thread.currentThread().getName().startsWith("tglake-lease-");
      if (renewal && takeOverAtNextRenewal) {
        inner.put(key, intruderLease());
        takeOverAtNextRenewal = false;
        renewerThatSawTheIntruder.complete(Thread.currentThread());
      }
      return inner.replaceIfMatch(key, body, etag);
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
      return inner.list(prefix);
    }

    @Override
    public void put(String key, byte[] body) throws IOException {
      inner.put(key, body);
    }

    @Override
    public void delete(String key) throws IOException {
      inner.delete(key);
    }

    @Override
    public List<ObjectVersion> listVersions(String prefix) throws IOException {
      return inner.listVersions(prefix);
    }

    @Override
    public void deleteVersion(String key, String versionId) throws IOException {
      inner.deleteVersion(key, versionId);
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
