package io.tglake.etl;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.tglake.contract.LakeLayout;
import io.tglake.etl.lease.DayLease;
import io.tglake.etl.pseudonym.PseudonymKeys;
import io.tglake.etl.pseudonym.Pseudonymizer;
import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.ObjectStores;
import io.tglake.etl.store.S3Settings;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One day of the ETL: the I/O around the pure transforms of {@link RawParser} and {@link Tables}.
 *
 * <p>Per day: list the raw partition once and fetch each object once (bodies cached), infer its
 * schema from them, parse once into the contract columns (cached), count and quarantine bad
 * objects, drop redeliveries, write the five tables in parallel (one file each, replacing exactly
 * the day: see {@link TableWriter}), write the run report.
 */
final class EtlPipeline {

  private static final Logger LOG = LoggerFactory.getLogger(EtlPipeline.class);

  private final SparkSession spark;
  private final JobArgs args;
  private final Configuration hadoop;
  private Optional<Pseudonymizer> pseudonymizer = Optional.empty();

  private final java.util.function.Consumer<String> metricLines;
  private final ObjectStore enrichedStore;
  private final String runId;
  // The day being processed (one at a time): its lease, checked before every table write, and what
  // it wrote.
  private volatile DayLease lease;
  private volatile DayProgress progress;
  private volatile ErasureRebuild erasure;

  /**
   * @param enrichedStore the enriched lake as an object store (day leases under {@code _runs/})
   * @param runId this run's id (leases and run reports)
   * @param metricLines where the day's EMF metric lines go ({@link EtlMetrics}; stdout in the job)
   */
  EtlPipeline(
      SparkSession spark,
      JobArgs args,
      ObjectStore enrichedStore,
      String runId,
      java.util.function.Consumer<String> metricLines) {
    this.spark = spark;
    this.args = args;
    this.enrichedStore = enrichedStore;
    this.runId = runId;
    this.metricLines = metricLines;
    configureSession(spark);
    this.hadoop = spark.sparkContext().hadoopConfiguration();
    args.s3Endpoint().ifPresent(endpoint -> configureS3a(hadoop, endpoint));
  }

  /** Loads the pseudonym key when {@code --pseudonymize} is on (once per run, before any day). */
  EtlPipeline loadPrivacy() throws IOException {
    if (args.pseudonymize().isPresent()) {
      pseudonymizer =
          Optional.of(new Pseudonymizer(PseudonymKeys.load(args.pseudonymize().get(), hadoop)));
    }
    return this;
  }

  /**
   * Settings every run needs; runtime SQL confs, so they also apply to a caller's existing session.
   */
  static void configureSession(SparkSession spark) {
    var conf = spark.conf();
    conf.set("spark.sql.session.timeZone", "UTC");
    conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    conf.set("spark.sql.parquet.compression.codec", "zstd");
    // A day is tens of thousands of ~1 KB objects. The default open cost (4 MB) makes Spark plan
    // ~32 files
    // per task, i.e. thousands of tasks; a small open cost packs them into a few large tasks.
    conf.set("spark.sql.files.openCostInBytes", "8192");
    conf.set("spark.sql.files.maxPartitionBytes", String.valueOf(64L * 1024 * 1024));
    // Spark 4 lower-cases through ICU by default; its first use builds ICU's break-iterator data
    // (seconds of one
    // core per JVM), and the job lower-cases only bot commands, which are ASCII: the JVM's mapping
    // is the same.
    conf.set("spark.sql.icu.caseMappings.enabled", "false");
    // The day's cached frames are unique JSON texts and parsed structs: dictionary/RLE compression
    // cannot win
    // there, but gathering its statistics costs a hash of every value.
    conf.set("spark.sql.inMemoryColumnarStorage.compressed", "false");
    // Object stores and local disks have no locality worth a block-location lookup per tiny file.
    conf.set("spark.sql.sources.ignoreDataLocality", "true");
    // Dedup windows and unions are small; don't plan 200 shuffle partitions for them.
    if ("200".equals(conf.get("spark.sql.shuffle.partitions"))) {
      conf.set("spark.sql.shuffle.partitions", "8");
    }
    // The classic FileOutputCommitter (v1) behind Spark's dynamic partition overwrite: task output
    // is
    // staged under <table>/.spark-staging-<job>/ and only moved into the day partition at job
    // commit.
    spark
        .sparkContext()
        .hadoopConfiguration()
        .set("mapreduce.fileoutputcommitter.algorithm.version", "1");
  }

  /**
   * s3a:// against an S3-compatible endpoint: path-style addressing, region for request signing.
   */
  static void configureS3a(Configuration conf, String endpoint) {
    conf.set("fs.s3a.endpoint", endpoint);
    conf.set("fs.s3a.path.style.access", "true");
    conf.set("fs.s3a.connection.ssl.enabled", String.valueOf(endpoint.startsWith("https")));
    String region = S3Settings.region(System.getenv(), Optional.of(endpoint));
    conf.set("fs.s3a.endpoint.region", region);
    String key = System.getenv("AWS_ACCESS_KEY_ID");
    String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
    if (key != null && secret != null) {
      conf.set(
          "fs.s3a.aws.credentials.provider",
          "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
      conf.set("fs.s3a.access.key", key);
      conf.set("fs.s3a.secret.key", secret);
    }
  }

  /**
   * Why the {@code --raw} root cannot be read, or empty when it exists: a mistyped root must fail
   * the run (exit 1, naming the path) instead of passing as a run of empty days. Existence is asked
   * with one List of the root's prefix (max-keys 1), which needs s3:ListBucket only; a missing day
   * under an existing root stays EMPTY.
   */
  Optional<String> rawRootProblem() {
    try (ObjectStore raw =
        io.tglake.etl.store.ObjectStores.open(args.raw(), s3Settings(args.raw()))) {
      return raw.rootExists()
          ? Optional.empty()
          : Optional.of(
              "raw root "
                  + args.raw()
                  + " does not exist (no "
                  + "folder, or no object under that prefix): check --raw");
    } catch (IOException | RuntimeException e) {
      return Optional.of("raw root " + args.raw() + " cannot be listed: " + shortMessage(e));
    }
  }

  /**
   * Runs one day under its lease; never throws — a failure is a FAILED result (and a report, if the
   * lake is writable), a day held by another run is BUSY (nothing written, no report), or
   * DUPLICATE_START when this is a second start of the scheduled run that holds it ({@link
   * ScheduledStarts}).
   */
  DayResult runDay(LocalDate day) {
    return runDay(day, null);
  }

  /**
   * {@link #runDay(LocalDate)}, or with {@code erasure} the rebuild of an erasure: under the
   * erasure's lease (held by the caller, not released here) and with the gate judging the day as it
   * was before the erasure.
   */
  DayResult runDay(LocalDate day, ErasureRebuild erasure) {
    long start = System.nanoTime();
    progress = new DayProgress(runId, Instant.now(), pseudonymizer.isPresent());
    this.erasure = erasure;
    DayResult result;
    boolean firstStart =
        erasure != null
            || args.runKind() != RunKind.SCHEDULED
            || ScheduledStarts.first(enrichedStore, day, runId);
    try (DayLease held =
        erasure != null
            ? null
            : DayLease.acquire(
                enrichedStore, day, runId, args.safety().leaseTtl(), args.safety().leaseWait())) {
      lease = erasure != null ? erasure.lease() : held;
      result = runLeased(day, start);
    } catch (DayLease.Busy e) {
      if (!firstStart) {
        LOG.warn(
            "etl {}: another start of this scheduled run holds the day; this start ends without writing: {}",
            day,
            e.getMessage());
        return new DayResult(
            day,
            DayResult.Status.DUPLICATE_START,
            0,
            0,
            Map.of(),
            0,
            0,
            seconds(start),
            Optional.of(e.getMessage()));
      }
      LOG.error("etl {}: not processed: {}", day, e.getMessage());
      return new DayResult(
          day,
          DayResult.Status.BUSY,
          0,
          0,
          Map.of(),
          0,
          0,
          seconds(start),
          Optional.of(e.getMessage()));
    } catch (IOException | RuntimeException e) {
      LOG.error("etl {}: failed: could not take the day lease: {}", day, e.toString(), e);
      result =
          new DayResult(
              day,
              DayResult.Status.FAILED,
              0,
              0,
              Map.of(),
              0,
              0,
              seconds(start),
              Optional.of("could not take the day lease: " + e.getMessage()));
    } finally {
      lease = null;
      this.erasure = null;
    }
    EtlMetrics.lines(result, args.runKind(), Instant.now()).forEach(metricLines);
    return result;
  }

  private DayResult runLeased(LocalDate day, long start) {
    DayResult result;
    try {
      RunReport.writeRunning(hadoop, args, day, progress);
      result = process(day, start);
    } catch (DayRejected e) {
      LOG.error("etl {}: failed: {}", day, e.getMessage());
      result = e.result(seconds(start));
    } catch (Exception | StackOverflowError | LinkageError e) {
      // The stack trace goes to the log; the report and the summary get one short line (a Spark job
      // failure's
      // message carries the executor's whole stack trace).
      LOG.error("etl {}: failed: {}", day, e.toString(), e);
      result =
          new DayResult(
              day,
              DayResult.Status.FAILED,
              0,
              0,
              Map.of(),
              0,
              0,
              seconds(start),
              Optional.of(shortMessage(e)));
    }
    try {
      RunReport.write(hadoop, args, result, progress);
    } catch (IOException | RuntimeException e) {
      LOG.warn("etl {}: could not write the run report: {}", day, e.toString());
    }
    LOG.info(
        "etl {} summary: status={} objects={} updates={} rows={} duplicates_dropped={} quarantined={} "
            + "seconds={} run={}{}",
        day,
        result.status(),
        result.objectsRead(),
        result.updates(),
        result.rowsPerTable(),
        result.duplicatesDropped(),
        result.quarantined(),
        String.format("%.1f", result.seconds()),
        runId,
        result.ok() ? "" : " tables_written=" + progress.tablesWritten());
    if (result.status() == DayResult.Status.SUCCEEDED
        || !result.quality().equals(DayQuality.NONE)) {
      LOG.info("etl {} {}", day, result.quality().summary(5));
    }
    return result;
  }

  private DayResult process(LocalDate day, long start) throws Exception {
    // One listing of the day (no HEADs), then one GET per object with many in flight per task.
    RawDayReader.Read read =
        new RawDayReader(spark, args.raw(), s3Settings(args.raw()), args.readConcurrency())
            .read(day);
    if (read.listed() == 0) {
      LOG.info(
          "etl {}: raw partition {} is missing or empty: nothing to do, no partition written",
          day,
          LakePaths.day(args.raw(), day));
      removeEnrichedDay(day);
      // What the bot said on a day without incoming updates (a broadcast, a retry after midnight)
      // still counts.
      Map<String, Long> botRows = writeOutgoingOnly(day);
      return new DayResult(
          day, DayResult.Status.EMPTY, 0, 0, botRows, 0, 0, seconds(start), Optional.empty());
    }
    Redeliveries redeliveries = new Redeliveries(spark);
    Set<Long> earlier =
        redeliveries.earlierUpdateIds(
            args.raw(), s3Settings(args.raw()), day, args.dedupLookbackDays());

    // Each object is read exactly once (the reader caches the bodies); the read's tasks carry only
    // a slice number
    // (the key list is a broadcast), so no later single-file write task ships the day's key list.
    Dataset<Row> raw = read.rows();
    Dataset<Row> parsed = null;
    OutgoingDay.Read outgoing = null;
    try {
      // Schema inference over the cached strings (this job is the one that reads the files), of the
      // objects the
      // gate let through only: a refused one (too deep, several values, ...) must never reach the
      // inference.
      StructType inferred =
          spark
              .read()
              .json(raw.where(col("gate_error").isNull()).select("raw_json").as(Encoders.STRING()))
              .schema();
      LOG.info(
          "etl {}: read and inferred the raw partition in {}s",
          day,
          String.format("%.1f", seconds(start)));
      List<String> unknown = RawParser.unknownKinds(inferred);
      if (!unknown.isEmpty()) {
        LOG.info(
            "etl {}: update kinds not modelled by the tables (kept in updates): {}", day, unknown);
      }
      parsed =
          RawParser.parse(raw, inferred)
              .withColumn("context_date", lit(java.sql.Date.valueOf(day)))
              .persist(StorageLevel.MEMORY_AND_DISK());
      DayQualityMeter.Measured measured = DayQualityMeter.measure(parsed);
      read.release();
      LOG.info("etl {}: parsed in {}s", day, String.format("%.1f", seconds(start)));
      long objects = measured.objects();
      long bad = measured.bad();

      // Complete now: the inference above computed every row of the read.
      Map<String, String> unreadable = read.unreadable();
      if (!unreadable.isEmpty()) {
        LOG.warn(
            "etl {}: {} of {} listed objects could not be read: {}",
            day,
            unreadable.size(),
            read.listed(),
            unreadable.keySet());
      }
      new DayQuarantine(spark, hadoop, args.enriched(), enrichedStore, pseudonymizer.isPresent())
          .write(parsed, day, bad);
      DayQuality quality = measured.quality();
      long erased = erasure == null ? 0 : erasure.objectsErased();
      DayGate.check(args, day, read.listed(), erased, measured, unreadable);
      if (erased > 0) {
        LOG.info(
            "etl {}: erasure rebuild: {} objects erased, {} left, {} quarantined, {} rescued",
            day,
            erased,
            read.listed(),
            bad,
            quality.rescued());
      }
      if (quality.rescued() > 0) {
        LOG.warn(
            "etl {}: {} objects had values that did not fit the contract (nulled in their rows, kept in "
                + "updates.raw_json): {}",
            day,
            quality.rescued(),
            quality.rescuedPaths());
      }

      Dataset<Row> valid = parsed.where(col("error").isNull());
      List<String> dropFiles = redeliveries.duplicateFiles(valid, earlier);
      Dataset<Row> deduped = redeliveries.without(valid, dropFiles);

      LOG.info("etl {}: dedup in {}s", day, String.format("%.1f", seconds(start)));
      Dataset<Row> input = pseudonymizer.map(p -> p.updatesFrame(deduped)).orElse(deduped);
      Map<String, Dataset<Row>> tables = Tables.all(input);
      outgoing = readOutgoing(day);
      tables.put(BotMessages.TABLE, outgoing.rows());
      pseudonymizer.ifPresent(p -> tables.replaceAll(p::table));
      TableWriter.Written written =
          new TableWriter(
                  spark,
                  hadoop,
                  LakePaths.normalize(args.enriched()),
                  enrichedStore,
                  runId,
                  lease,
                  progress,
                  () -> RunReport.writeRunning(hadoop, args, day, progress))
              .writeAll(tables, day);
      Map<String, Long> rows = written.rows();
      return new DayResult(
          day,
          DayResult.Status.SUCCEEDED,
          objects,
          rows.get("updates"),
          rows,
          dropFiles.size(),
          bad,
          seconds(start),
          Optional.empty(),
          quality.withOtherMessages(written.otherMessages()),
          unreadable);
    } finally {
      read.release();
      if (parsed != null) {
        parsed.unpersist();
      }
      if (outgoing != null) {
        outgoing.release().run();
      }
    }
  }

  /**
   * The one-pass run of several days ({@link RangeRun}) with this pipeline's settings and outgoing
   * reader.
   *
   * @param afterCommit called after each day's commit
   */
  RangeRun range(RangeRun.AfterCommit afterCommit) {
    return new RangeRun(
        spark,
        args,
        hadoop,
        enrichedStore,
        runId,
        metricLines,
        pseudonymizer,
        s3Settings(args.raw()),
        this::readOutgoing,
        afterCommit);
  }

  /** The day's outgoing records (see {@link OutgoingDay}), their quarantine written. */
  OutgoingDay.Read readOutgoing(LocalDate day) throws IOException {
    String root = args.outgoingRoot();
    OutgoingDay.Read out =
        new OutgoingDay(spark, root, s3Settings(root), args.readConcurrency())
            .read(
                day,
                rows -> {
                  String prefix = LakeLayout.tablePrefix(OutgoingDay.QUARANTINE, day);
                  if (UploadCommit.appliesTo(spark, args.enriched())) {
                    if (rows == null) {
                      for (var o : enrichedStore.list(prefix)) {
                        enrichedStore.delete(o.key());
                      }
                    } else {
                      new UploadCommit(enrichedStore).replaceWithJsonLines(rows, prefix);
                    }
                    return;
                  }
                  Column raw = pseudonymizer.isPresent() ? lit(null).cast("string") : col("raw");
                  OutgoingDay.writeWithSpark(
                      hadoop,
                      LakePaths.day(args.enriched() + "/" + OutgoingDay.QUARANTINE, day),
                      rows == null
                          ? null
                          : rows.select(col("source_file"), col("error"), raw.as("raw")));
                });
    if (out.listed() > 0) {
      LOG.info(
          "etl {}: {} outgoing records listed under {}, {} quarantined, {} retries of the day before dropped",
          day,
          out.listed(),
          root,
          out.quarantined(),
          out.droppedRetries());
    }
    return out;
  }

  /**
   * A day without raw updates: only bot_messages, written when the day has outgoing records, else
   * removed.
   */
  private Map<String, Long> writeOutgoingOnly(LocalDate day) throws Exception {
    OutgoingDay.Read outgoing = readOutgoing(day);
    try {
      if (outgoing.listed() == 0) {
        Path p = LakePaths.day(LakePaths.normalize(args.enriched()) + "/" + BotMessages.TABLE, day);
        FileSystem fs = p.getFileSystem(hadoop);
        if (fs.exists(p)) {
          fs.delete(p, true);
        }
        return Map.of();
      }
      Map<String, Dataset<Row>> tables = new java.util.LinkedHashMap<>();
      tables.put(BotMessages.TABLE, outgoing.rows());
      pseudonymizer.ifPresent(p -> tables.replaceAll(p::table));
      return new TableWriter(
              spark,
              hadoop,
              LakePaths.normalize(args.enriched()),
              enrichedStore,
              runId,
              lease,
              progress,
              () -> RunReport.writeRunning(hadoop, args, day, progress))
          .writeAll(tables, day)
          .rows();
    } finally {
      outgoing.release().run();
    }
  }

  /**
   * How the reader reaches S3: {@code --s3-endpoint}, and for s3a:// the static keys S3A itself
   * would use ({@code fs.s3a.access.key}/{@code secret.key} in the Hadoop configuration) when they
   * are set; otherwise the SDK's default chain (environment, EMR's job role).
   */
  private S3Settings s3Settings(String root) {
    S3Settings s = S3Settings.of(args.s3Endpoint()).withMaxConnections(args.readConcurrency());
    String key = hadoop.getTrimmed("fs.s3a.access.key");
    String secret = hadoop.getTrimmed("fs.s3a.secret.key");
    if (root.startsWith("s3a://")
        && key != null
        && !key.isEmpty()
        && secret != null
        && !secret.isEmpty()) {
      s = s.withCredentials(key, secret);
    }
    return s;
  }

  /**
   * An empty or missing raw day has no enriched rows either: a rerun after its objects were erased
   * or expired must not leave the old partitions behind. Guarded by the raw root holding any
   * object, so that a mistyped {@code --raw} cannot wipe a lake. The guard is a one-key listing
   * under the root, not Hadoop's {@code exists}: on S3 that HEADs the bare root key ({@code
   * telegram}), which the job roles may not read (they read {@code telegram/*}), so S3 answers 403
   * and the day would fail.
   */
  private void removeEnrichedDay(LocalDate day) throws IOException {
    String rawRoot = args.raw();
    boolean rawHasObjects;
    try (ObjectStore raw = ObjectStores.open(rawRoot, s3Settings(rawRoot))) {
      rawHasObjects = raw.any("");
    }
    if (!rawHasObjects) {
      LOG.warn(
          "etl {}: raw root {} holds no objects: enriched partitions of the day left untouched",
          day,
          rawRoot);
      return;
    }
    List<String> removed = new ArrayList<>();
    for (String table : TABLE_DIRS) {
      Path p = LakePaths.of(args.enriched(), LakeLayout.tablePrefix(table, day));
      FileSystem fs = p.getFileSystem(hadoop);
      if (fs.exists(p)) {
        fs.delete(p, true);
        removed.add(table);
      }
    }
    if (!removed.isEmpty()) {
      LOG.warn(
          "etl {}: raw partition is empty: removed the day's enriched partitions of {}",
          day,
          removed);
    }
  }

  /** Every per-day folder of the enriched root the ETL writes besides the run reports. */
  static final List<String> TABLE_DIRS =
      Stream.concat(Tables.NAMES.stream(), Stream.of(LakeLayout.QUARANTINE_DIR)).toList();

  /**
   * The day is refused before any table is written (too many bad or rescued objects): fail loudly.
   */
  static final class DayRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient DayResult partial;

    DayRejected(DayResult partial, String message) {
      super(message);
      this.partial = partial;
    }

    DayResult result(double seconds) {
      DayResult p = partial;
      return new DayResult(
          p.date(),
          DayResult.Status.FAILED,
          p.objectsRead(),
          0,
          Map.of(),
          0,
          p.quarantined(),
          seconds,
          Optional.of(getMessage()),
          p.quality(),
          p.unreadable());
    }
  }

  /**
   * One line for the run report: the exception's class and the first line of its message, at most
   * 300 chars.
   */
  static String shortMessage(Throwable e) {
    Throwable t =
        e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
            ? e.getCause()
            : e;
    String message = t.getMessage() == null ? "" : t.getMessage().strip();
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline).strip();
    }
    String line = t.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    return line.length() > 300 ? line.substring(0, 300) + "… (see the job log)" : line;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
