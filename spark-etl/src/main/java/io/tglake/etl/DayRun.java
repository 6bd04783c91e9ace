package io.tglake.etl;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.tglake.contract.LakeLayout;
import io.tglake.etl.lease.DayLease;
import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.ObjectStores;
import java.io.IOException;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One day of the ETL, under a lease the caller holds: the I/O around the pure transforms of {@link
 * RawParser} and {@link Tables}.
 *
 * <p>List the raw partition once and fetch each object once (bodies cached), infer its schema from
 * them, parse once into the contract columns (cached), count and quarantine bad objects, drop
 * redeliveries, write the five tables in parallel (one file each, replacing exactly the day: see
 * {@link TableWriter}). The run report and the day's summary are the caller's ({@link
 * EtlPipeline}).
 */
final class DayRun {

  private static final Logger LOG = LoggerFactory.getLogger(DayRun.class);

  /** Every per-day folder of the enriched root the ETL writes besides the run reports. */
  static final List<String> TABLE_DIRS =
      Stream.concat(Tables.NAMES.stream(), Stream.of(LakeLayout.QUARANTINE_DIR)).toList();

  private final RunContext ctx;
  private final OutgoingReads outgoing;
  private final DayLease lease;
  private final DayProgress progress;
  private final ErasureRebuild erasure;

  /**
   * @param lease the day's lease, checked before every table write
   * @param progress what the day wrote so far (for the run report)
   * @param erasure the erasure this run rebuilds the day for, or null
   */
  DayRun(
      RunContext ctx,
      OutgoingReads outgoing,
      DayLease lease,
      DayProgress progress,
      ErasureRebuild erasure) {
    this.ctx = ctx;
    this.outgoing = outgoing;
    this.lease = lease;
    this.progress = progress;
    this.erasure = erasure;
  }

  DayProgress progress() {
    return progress;
  }

  /**
   * The day's read → parse → gate → dedup → write.
   *
   * @throws DayRejected when a quality gate refuses the day (nothing written but the quarantine)
   */
  DayResult process(LocalDate day, long start) throws Exception {
    JobArgs args = ctx.args();
    // One listing of the day (no HEADs), then one GET per object with many in flight per task.
    RawDayReader.Read read = ctx.rawReader().read(day);
    if (read.listed() == 0) {
      LOG.info(
          "etl {}: raw partition {} is missing or empty: nothing to do, no partition written",
          day,
          LakePaths.day(args.raw(), day));
      removeEnrichedDay(day);
      // What the bot said on a day without incoming updates (a broadcast, a retry after midnight)
      // still counts.
      Map<String, Long> botRows = writeOutgoingOnly(day);
      return DayResult.empty(day, botRows, seconds(start));
    }
    Redeliveries redeliveries = new Redeliveries(ctx.spark());
    Set<Long> earlier =
        redeliveries.earlierUpdateIds(
            args.raw(), ctx.s3Settings(args.raw()), day, args.dedupLookbackDays());

    // Each object is read exactly once (the reader caches the bodies); the read's tasks carry only
    // a slice number
    // (the key list is a broadcast), so no later single-file write task ships the day's key list.
    Dataset<Row> raw = read.rows();
    Dataset<Row> parsed = null;
    OutgoingDay.Read outgoingRead = null;
    try {
      // Schema inference over the cached strings (this job is the one that reads the files), of the
      // objects the
      // gate let through only: a refused one (too deep, several values, ...) must never reach the
      // inference.
      StructType inferred =
          ctx.spark()
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
              .withColumn("context_date", lit(Date.valueOf(day)))
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
      quarantine().write(parsed, day, bad);
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
      Dataset<Row> input = ctx.pseudonymizer().map(p -> p.updatesFrame(deduped)).orElse(deduped);
      Map<String, Dataset<Row>> tables = Tables.all(input);
      outgoingRead = outgoing.read(day);
      tables.put(BotMessages.TABLE, outgoingRead.rows());
      ctx.pseudonymizer().ifPresent(p -> tables.replaceAll(p::table));
      TableWriter.Written written = writer(day).writeAll(tables, day);
      Map<String, Long> rows = written.rows();
      return DayResult.succeeded(
          day,
          new DayResult.Read(
              objects, bad, quality.withOtherMessages(written.otherMessages()), unreadable),
          rows,
          dropFiles.size(),
          seconds(start));
    } finally {
      read.release();
      if (parsed != null) {
        parsed.unpersist();
      }
      if (outgoingRead != null) {
        outgoingRead.release().run();
      }
    }
  }

  private DayQuarantine quarantine() {
    return new DayQuarantine(
        ctx.spark(),
        ctx.hadoop(),
        ctx.args().enriched(),
        ctx.enrichedStore(),
        ctx.pseudonymizer().isPresent());
  }

  private TableWriter writer(LocalDate day) {
    return new TableWriter(
        ctx.spark(),
        ctx.hadoop(),
        ctx.enrichedRoot(),
        ctx.enrichedStore(),
        ctx.runId(),
        lease,
        progress,
        () -> RunReport.writeRunning(ctx.hadoop(), ctx.args(), day, progress));
  }

  /**
   * A day without raw updates: only bot_messages, written when the day has outgoing records, else
   * removed.
   */
  private Map<String, Long> writeOutgoingOnly(LocalDate day) throws Exception {
    OutgoingDay.Read outgoingRead = outgoing.read(day);
    try {
      if (outgoingRead.listed() == 0) {
        Path p = LakePaths.day(ctx.enrichedRoot() + "/" + BotMessages.TABLE, day);
        FileSystem fs = p.getFileSystem(ctx.hadoop());
        if (fs.exists(p)) {
          fs.delete(p, true);
        }
        return Map.of();
      }
      Map<String, Dataset<Row>> tables = new LinkedHashMap<>();
      tables.put(BotMessages.TABLE, outgoingRead.rows());
      ctx.pseudonymizer().ifPresent(p -> tables.replaceAll(p::table));
      return writer(day).writeAll(tables, day).rows();
    } finally {
      outgoingRead.release().run();
    }
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
    String rawRoot = ctx.args().raw();
    boolean rawHasObjects;
    try (ObjectStore raw = ObjectStores.open(rawRoot, ctx.s3Settings(rawRoot))) {
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
      Path p = LakePaths.of(ctx.args().enriched(), LakeLayout.tablePrefix(table, day));
      FileSystem fs = p.getFileSystem(ctx.hadoop());
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

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
