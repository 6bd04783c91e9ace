package io.tglake.etl;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.etl.lease.DayLease;
import io.tglake.etl.pseudonym.PseudonymKeys;
import io.tglake.etl.pseudonym.Pseudonymizer;
import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.ObjectStores;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ETL's days, each under its lease: a single day through {@link DayRun}, several days in one
 * pass through {@link RangeRun}. Builds what a run shares ({@link RunContext}) once and hands it
 * down; the helpers never call back.
 *
 * <p>Per day: the lease, the report while running and at the end, the summary line and the metric
 * lines around {@link DayRun}'s read → parse → gate → dedup → write.
 */
final class EtlPipeline {

  private static final Logger LOG = LoggerFactory.getLogger(EtlPipeline.class);

  private RunContext ctx;

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
      Consumer<String> metricLines) {
    EtlSession.configureSession(spark);
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    args.s3Endpoint().ifPresent(endpoint -> EtlSession.configureS3a(hadoop, endpoint));
    this.ctx =
        new RunContext(
            spark,
            args,
            hadoop,
            enrichedStore,
            runId,
            Optional.empty(),
            metricLines,
            new ObjectMapper());
  }

  /** Loads the pseudonym key when {@code --pseudonymize} is on (once per run, before any day). */
  EtlPipeline loadPrivacy() throws IOException {
    JobArgs args = ctx.args();
    if (args.pseudonymize().isPresent()) {
      ctx =
          ctx.withPseudonymizer(
              new Pseudonymizer(PseudonymKeys.load(args.pseudonymize().get(), ctx.hadoop())));
    }
    return this;
  }

  /**
   * Why the {@code --raw} root cannot be read, or empty when it exists: a mistyped root must fail
   * the run (exit 1, naming the path) instead of passing as a run of empty days. Existence is asked
   * with one List of the root's prefix (max-keys 1), which needs s3:ListBucket only; a missing day
   * under an existing root stays EMPTY.
   */
  Optional<String> rawRootProblem() {
    String rawRoot = ctx.args().raw();
    try (ObjectStore raw = ObjectStores.open(rawRoot, ctx.s3Settings(rawRoot))) {
      return raw.rootExists()
          ? Optional.empty()
          : Optional.of(
              "raw root "
                  + rawRoot
                  + " does not exist (no "
                  + "folder, or no object under that prefix): check --raw");
    } catch (IOException | RuntimeException e) {
      return Optional.of("raw root " + rawRoot + " cannot be listed: " + DayResult.shortMessage(e));
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
    JobArgs args = ctx.args();
    DayProgress progress =
        new DayProgress(ctx.runId(), Instant.now(), ctx.pseudonymizer().isPresent());
    DayResult result;
    boolean firstStart =
        erasure != null
            || args.runKind() != RunKind.SCHEDULED
            || ScheduledStarts.first(ctx.enrichedStore(), day, ctx.runId());
    try (DayLease held =
        erasure != null
            ? null
            : DayLease.acquire(
                ctx.enrichedStore(),
                day,
                ctx.runId(),
                args.safety().leaseTtl(),
                args.safety().leaseWait())) {
      DayLease lease = erasure != null ? erasure.lease() : held;
      result =
          runLeased(day, start, new DayRun(ctx, new OutgoingReads(ctx), lease, progress, erasure));
    } catch (DayLease.Busy e) {
      if (!firstStart) {
        LOG.warn(
            "etl {}: another start of this scheduled run holds the day; this start ends without writing: {}",
            day,
            e.getMessage());
        return DayResult.duplicateStart(day, seconds(start), e.getMessage());
      }
      LOG.error("etl {}: not processed: {}", day, e.getMessage());
      return DayResult.busy(day, seconds(start), e.getMessage());
    } catch (IOException | RuntimeException e) {
      LOG.error("etl {}: failed: could not take the day lease: {}", day, e.toString(), e);
      result =
          DayResult.failed(day, seconds(start), "could not take the day lease: " + e.getMessage());
    }
    EtlMetrics.lines(result, args.runKind(), Instant.now()).forEach(ctx.metricLines());
    return result;
  }

  private DayResult runLeased(LocalDate day, long start, DayRun run) {
    JobArgs args = ctx.args();
    DayProgress progress = run.progress();
    DayResult result;
    try {
      RunReport.writeRunning(ctx.hadoop(), args, day, progress);
      new StaleStaging(ctx).sweep();
      result = run.process(day, start);
    } catch (DayRejected e) {
      LOG.error("etl {}: failed: {}", day, e.getMessage());
      result = e.result(seconds(start));
    } catch (Exception | StackOverflowError | LinkageError e) {
      // The stack trace goes to the log; the report and the summary get one short line (a Spark job
      // failure's
      // message carries the executor's whole stack trace).
      LOG.error("etl {}: failed: {}", day, e.toString(), e);
      result = DayResult.failed(day, seconds(start), DayResult.shortMessage(e));
    }
    try {
      RunReport.write(ctx.hadoop(), args, result, progress);
    } catch (IOException | RuntimeException e) {
      LOG.warn("etl {}: could not write the run report: {}", day, e.toString());
    }
    LOG.info(
        "etl {} summary: {}{}",
        day,
        RunReport.summary(result, ctx.runId()),
        result.ok() ? "" : " tables_written=" + progress.tablesWritten());
    if (result.status() == DayResult.Status.SUCCEEDED
        || !result.quality().equals(DayQuality.NONE)) {
      LOG.info("etl {} {}", day, result.quality().summary(5));
    }
    return result;
  }

  /**
   * The one-pass run of several days ({@link RangeRun}) with this pipeline's settings.
   *
   * @param afterCommit called after each day's commit
   */
  RangeRun range(RangePass.AfterCommit afterCommit) {
    return new RangeRun(ctx, new OutgoingReads(ctx), afterCommit);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
