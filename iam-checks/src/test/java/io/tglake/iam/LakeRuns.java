package io.tglake.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.etl.DayResult;
import io.tglake.etl.JobArgs;
import io.tglake.etl.RunResult;
import io.tglake.etl.SafetyOptions;
import io.tglake.etl.TelegramEtlJob;
import io.tglake.etl.erasure.EtlDayRebuilder;
import io.tglake.etl.erasure.ForgetArgs;
import io.tglake.etl.erasure.ForgetJob;
import io.tglake.etl.lease.DayLease;
import io.tglake.etl.pseudonym.PseudonymizeOptions;
import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.ObjectStores;
import io.tglake.etl.store.S3Settings;
import io.tglake.etl.store.TestS3Settings;
import io.tglake.testkit.FaultProxy;
import io.tglake.testkit.S3ProxyServer;
import io.tglake.testkit.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * The ETL and {@code forget} runs of the IAM checks, each through the request-logging proxy with
 * the job's own entry points ({@link TelegramEtlJob#run}, {@link ForgetJob}) on s3a:// and the SDK
 * object store. Seeding and inspection go to the server directly, so the log holds only what the
 * job itself sent.
 */
final class LakeRuns implements AutoCloseable {

  static final LocalDate DAY = LocalDate.parse("2026-11-22");

  private final SparkSession spark = SharedSpark.get();
  private final FaultProxy proxy;
  private final String rawUri;
  private final String enrichedUri;
  private final Path work;
  private final String rawBucket;
  private final ObjectStore seedRaw;
  private final ObjectStore seedLake;
  private final S3ProxyServer.DefaultChainCredentials credentials;
  private List<FaultProxy.Request> etlRequests;
  private List<FaultProxy.Request> forgetRequests;

  LakeRuns(S3ProxyServer server, FaultProxy proxy, String rawBucket, String lakeBucket, Path work) {
    this.proxy = proxy;
    this.work = work;
    this.rawBucket = rawBucket;
    this.rawUri = "s3a://" + rawBucket + "/telegram";
    this.enrichedUri = "s3a://" + lakeBucket + "/enriched";
    // The job's SDK clients take credentials from the default chain (EMR: the role); here, system
    // properties.
    credentials = S3ProxyServer.defaultChainCredentials();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    conf.set("fs.s3a.access.key", S3ProxyServer.KEY);
    conf.set("fs.s3a.secret.key", S3ProxyServer.SECRET);
    TelegramEtlJob.configureS3a(conf, proxy.endpoint());
    S3Settings direct = TestS3Settings.of(server);
    seedRaw = ObjectStores.open(rawUri, direct);
    seedLake = ObjectStores.open(enrichedUri, direct);
  }

  Path work() {
    return work;
  }

  List<FaultProxy.Request> etlRequests() {
    return etlRequests;
  }

  List<FaultProxy.Request> forgetRequests() {
    return forgetRequests;
  }

  private static String text(long updateId, long user, String text) {
    return "{\"update_id\": "
        + updateId
        + ", \"message\": {\"message_id\": "
        + updateId
        + ", \"date\": 1795341600, "
        + "\"from\": {\"id\": "
        + user
        + ", \"is_bot\": false, \"first_name\": \"U"
        + user
        + "\"}, "
        + "\"chat\": {\"id\": "
        + user
        + ", \"type\": \"private\"}, \"text\": \""
        + text
        + "\"}}";
  }

  private void seed(LocalDate day, long updateId, long user, String body) throws Exception {
    seedRaw.put(
        "context_date=" + day + "/" + updateId + ".json",
        (body != null ? body : text(updateId, user, "msg " + updateId))
            .getBytes(StandardCharsets.UTF_8));
  }

  private JobArgs day(LocalDate d) {
    return JobArgs.forDay(rawUri, enrichedUri, d)
        .withS3Endpoint(proxy.endpoint())
        .withMaxBadFraction(0.5);
  }

  private DayResult single(JobArgs args) {
    RunResult r = TelegramEtlJob.run(spark, args, line -> {});
    assertThat(r.days()).hasSize(1);
    return r.days().get(0);
  }

  /**
   * A normal day (with a bad object: quarantine; the backfill reruns it), an empty day (raw gone,
   * enriched partitions left from an earlier run), a missing day, a two-day backfill, a
   * pseudonymized day, a busy day and a day whose expired lease is taken over by a run that renews
   * it; the requests the job sent, in order.
   */
  List<FaultProxy.Request> etlRuns() throws Exception {
    LocalDate emptied = DAY.plusDays(1);
    LocalDate missing = DAY.plusDays(2);
    LocalDate pseudonymized = DAY.plusDays(3);
    LocalDate busy = DAY.plusDays(4);
    seed(DAY.minusDays(1), 1, 42, null);
    seed(DAY, 1, 42, null); // a cross-midnight redelivery: dropped by the lookback dedup
    seed(DAY, 2, 43, null);
    seed(DAY, 3, 44, "{oops");
    seed(emptied, 10, 42, null);
    seed(pseudonymized, 20, 42, null);
    seed(busy, 30, 42, null);
    proxy.reset();
    assertThat(single(day(emptied)).status())
        .as("the day to be emptied, first run")
        .isEqualTo(DayResult.Status.SUCCEEDED);
    seedRaw.delete("context_date=" + emptied + "/10.json");
    proxy.reset();

    assertThat(single(day(DAY)).status()).as("normal day").isEqualTo(DayResult.Status.SUCCEEDED);
    DayResult empty = single(day(emptied));
    assertThat(empty.status()).as("empty day: %s", empty.error()).isEqualTo(DayResult.Status.EMPTY);
    assertThat(seedLake.list("messages/context_date=" + emptied + "/"))
        .as("its old rows are removed")
        .isEmpty();
    assertThat(single(day(missing)).status()).as("missing day").isEqualTo(DayResult.Status.EMPTY);
    RunResult backfill =
        TelegramEtlJob.run(
            spark,
            JobArgs.forRange(rawUri, enrichedUri, DAY.minusDays(1), DAY)
                .withS3Endpoint(proxy.endpoint())
                .withMaxBadFraction(0.5),
            line -> {});
    assertThat(backfill.days())
        .as("backfill")
        .extracting(DayResult::status)
        .containsExactly(DayResult.Status.SUCCEEDED, DayResult.Status.SUCCEEDED);
    Path key =
        Files.write(
            work.resolve("pseudonym-key"),
            "key-A-0123456789abcdef-0123456789".getBytes(StandardCharsets.UTF_8));
    assertThat(
            single(day(pseudonymized).withPseudonymize(PseudonymizeOptions.keyFile(key.toString())))
                .status())
        .as("pseudonymized day")
        .isEqualTo(DayResult.Status.SUCCEEDED);

    String lease = DayLease.key(busy);
    Instant now = Instant.now();
    seedLake.put(lease, leaseJson("other-run", now, now.plus(Duration.ofHours(1))));
    assertThat(
            single(day(busy).withSafety(SafetyOptions.DEFAULTS.withLeaseWait(Duration.ZERO)))
                .status())
        .as("busy day")
        .isEqualTo(DayResult.Status.BUSY);
    seedLake.put(
        lease,
        leaseJson("crashed-run", now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1))));
    // A 3 s lease is renewed every second: the run renews it several times while it writes the day.
    DayResult takenOver =
        single(
            day(busy)
                .withSafety(
                    SafetyOptions.DEFAULTS
                        .withLeaseWait(Duration.ZERO)
                        .withLeaseTtl(Duration.ofSeconds(3))));
    assertThat(takenOver.status())
        .as("expired lease taken over: %s", takenOver.error())
        .isEqualTo(DayResult.Status.SUCCEEDED);
    etlRequests = proxy.log();
    return etlRequests;
  }

  private static byte[] leaseJson(String runId, Instant acquired, Instant expires) {
    return ("{\"run_id\":\""
            + runId
            + "\",\"owner_host\":\"elsewhere\",\"acquired_at\":\""
            + acquired
            + "\",\"expires_at\":\""
            + expires
            + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * {@code forget} of user 42 over two days: one shared with user 43 (rows rebuilt), one where 42
   * was the only sender (the erasure empties it and its rebuild must still finish); the requests
   * the run sent. The raw bucket answers as a versioned one ({@link FaultProxy#versioned}: s3proxy
   * has no versioning), so the purge of noncurrent versions sends its real ListObjectVersions and
   * version deletes.
   */
  List<FaultProxy.Request> forget() throws Exception {
    LocalDate shared = DAY.plusDays(10);
    LocalDate onlyHim = DAY.plusDays(11);
    seed(shared, 100, 42, text(100, 42, "cpf 529.982.247-25"));
    seed(shared, 101, 43, null);
    seed(onlyHim, 110, 42, null);
    for (LocalDate d : List.of(shared, onlyHim)) {
      assertThat(single(day(d)).status())
          .as("before the erasure")
          .isEqualTo(DayResult.Status.SUCCEEDED);
    }
    proxy.versioned(rawBucket);
    ForgetArgs args =
        new ForgetArgs(
            Set.of(42L),
            rawUri,
            enrichedUri,
            Optional.of(shared),
            Optional.of(onlyHim),
            false,
            "iam-req",
            Optional.of(proxy.endpoint()),
            Optional.empty());
    proxy.reset();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ObjectStore r = ObjectStores.open(rawUri, args.s3Endpoint());
        ObjectStore e = ObjectStores.open(enrichedUri, args.s3Endpoint())) {
      new ForgetJob(
              args,
              r,
              e,
              new EtlDayRebuilder(spark, args, e),
              new PrintStream(out, true, StandardCharsets.UTF_8),
              Clock.systemUTC())
          .run();
    }
    forgetRequests = proxy.log();
    String progress = out.toString(StandardCharsets.UTF_8);
    assertThat(progress)
        .as("both days erased and rebuilt, the emptied one included")
        .contains("2026-12-02: removed 1 raw objects")
        .contains("2026-12-03: removed 1 raw objects");
    assertThat(seedRaw.list("context_date=" + onlyHim + "/")).as("raw day emptied").isEmpty();
    assertThat(seedLake.list("messages/context_date=" + onlyHim + "/"))
        .as("his rows gone with the day")
        .isEmpty();
    return forgetRequests;
  }

  @Override
  public void close() {
    seedRaw.close();
    seedLake.close();
    credentials.close();
  }
}
