package io.tglake.etl;

import io.tglake.cli.Cli;
import io.tglake.cli.ExitCode;
import io.tglake.contract.LakeLayout;
import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.ObjectStores;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the daily ETL: raw Telegram updates of one UTC day ({@code <raw>/}{@link
 * LakeLayout#rawKey}) to the enriched Parquet tables ({@code <enriched>/}{@link
 * LakeLayout#tablePrefix}).
 *
 * <p>{@link #main} only parses {@link JobArgs}, builds the session and calls {@link #run}; tests
 * and the benchmark call {@link #run} with their own session.
 */
public final class TelegramEtlJob {

  private static final Logger LOG = LoggerFactory.getLogger(TelegramEtlJob.class);

  private TelegramEtlJob() {}

  /**
   * Command line entry point (spark-submit, EMR, {@code bin/tglake etl}); exit 0 = every day ok (a
   * missing or empty day is ok), 1 = a day failed or the raw root does not exist, 2 = bad options,
   * 3 = a day is busy (another run holds its lease). No other code: an object can no longer end the
   * JVM (see {@link UpdateGate}). Options: {@link EtlCommand}.
   */
  public static void main(String[] argv) {
    System.exit(
        Cli.of(new EtlCommand(Clock.systemUTC(), TelegramEtlJob::runInOwnSession)).execute(argv));
  }

  /**
   * Builds the session from spark-submit's configuration (or local[*]), runs, stops it; the exit
   * code.
   */
  static int runInOwnSession(JobArgs args) {
    SparkConf conf = sessionConf(new SparkConf());
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    if (conf.get("spark.master").startsWith("local")) {
      // Local runs print to a terminal: Spark's INFO chatter would bury the per-day progress lines.
      spark.sparkContext().setLogLevel("WARN");
      Configurator.setLevel("io.tglake", Level.INFO);
    }
    try {
      RunResult result = run(spark, args);
      if (args.runKind() == RunKind.INTRADAY && result.exitCode() != 0) {
        LOG.warn(
            "intraday refresh: {} not refreshed ({}); the previous refresh stays, and the nightly run of the day "
                + "is the final word",
            result.days().get(0).date(),
            result.days().get(0).status());
      }
      int code = result.exitCode(args.runKind());
      return code == 0 ? ExitCode.OK : code == 3 ? ExitCode.BUSY : ExitCode.FAILED;
    } finally {
      spark.stop();
    }
  }

  /**
   * S3A settings for an S3-compatible endpoint (path-style), as the job uses them; for tools around
   * the job.
   */
  public static void configureS3a(Configuration conf, String endpoint) {
    EtlSession.configureS3a(conf, endpoint);
  }

  /**
   * Spark settings the job needs; keeps anything already set (spark-submit --conf wins), and falls
   * back to {@code local[*]} when no master is configured so that {@code bin/tglake etl} needs no
   * Spark install.
   */
  static SparkConf sessionConf(SparkConf conf) {
    conf.setIfMissing("spark.master", "local[*]");
    conf.setIfMissing("spark.app.name", "tglake-etl");
    conf.setIfMissing("spark.ui.enabled", "false");
    conf.setIfMissing("spark.sql.session.timeZone", "UTC");
    return conf;
  }

  /**
   * Processes every day of {@code args} in order: a range in passes of {@code --chunk-days} days,
   * each pass one read and one write per table ({@link RangeRun}), a single day on its own. A
   * failing day is logged and reported, and the other days are still written: each day is
   * idempotent, so rerunning the range repairs it.
   *
   * @return one {@link DayResult} per day
   */
  public static RunResult run(SparkSession spark, JobArgs args) {
    return run(spark, args, System.out::println);
  }

  /**
   * {@link #run(SparkSession, JobArgs)} with the per-day CloudWatch EMF metric lines ({@link
   * EtlMetrics}) sent to {@code metricLines} instead of stdout.
   */
  public static RunResult run(SparkSession spark, JobArgs args, Consumer<String> metricLines) {
    try (ObjectStore enriched = ObjectStores.open(args.enriched(), args.s3Endpoint())) {
      return run(spark, args, enriched, RunReport.newRunId(Instant.now()), metricLines);
    }
  }

  /**
   * A new run id (leases, run reports): the start time and a random suffix, so reports sort by
   * time.
   */
  public static String newRunId() {
    return RunReport.newRunId(Instant.now());
  }

  /**
   * Rebuilds one day for an erasure ({@code forget}): the ETL of {@code args}' single day under the
   * erasure's held lease, its gate judging the day as it was before the erasure ({@link
   * ErasureRebuild}).
   */
  public static DayResult rebuildForErasure(
      SparkSession spark, JobArgs args, ObjectStore enriched, ErasureRebuild erasure) {
    EtlPipeline pipeline;
    LocalDate day = args.from();
    try {
      pipeline =
          new EtlPipeline(spark, args, enriched, erasure.lease().runId(), System.out::println)
              .loadPrivacy();
    } catch (IOException | RuntimeException e) {
      return DayResult.failed(day, 0, "could not load the pseudonym key: " + e.getMessage());
    }
    Optional<String> rootProblem = pipeline.rawRootProblem();
    if (rootProblem.isPresent()) {
      return DayResult.failed(day, 0, rootProblem.get());
    }
    return pipeline.runDay(day, erasure);
  }

  /**
   * The run with its collaborators given: the enriched lake as an object store (day leases) and the
   * run id.
   */
  static RunResult run(
      SparkSession spark,
      JobArgs args,
      ObjectStore enriched,
      String runId,
      Consumer<String> metricLines) {
    return run(spark, args, enriched, runId, metricLines, day -> {});
  }

  /** The days in order, cut into passes of at most {@code size} days. */
  static List<List<LocalDate>> chunks(List<LocalDate> days, int size) {
    List<List<LocalDate>> out = new ArrayList<>();
    for (int i = 0; i < days.size(); i += size) {
      out.add(List.copyOf(days.subList(i, Math.min(days.size(), i + size))));
    }
    return out;
  }

  /**
   * {@link #run(SparkSession, JobArgs, ObjectStore, String, java.util.function.Consumer)}, with a
   * hook after each day's commit in a range pass (tests place a crash there).
   */
  static RunResult run(
      SparkSession spark,
      JobArgs args,
      ObjectStore enriched,
      String runId,
      Consumer<String> metricLines,
      RangePass.AfterCommit afterCommit) {
    List<LocalDate> days = args.days();
    EtlPipeline pipeline;
    try {
      pipeline = new EtlPipeline(spark, args, enriched, runId, metricLines).loadPrivacy();
    } catch (IOException | RuntimeException e) {
      // Without the key no day may be written in the clear: every day fails, nothing is touched.
      String error = "could not load the pseudonym key: " + e.getMessage();
      LOG.error("etl: {}", error);
      return new RunResult(days.stream().map(d -> DayResult.failed(d, 0, error)).toList());
    }
    Optional<String> rootProblem = pipeline.rawRootProblem();
    if (rootProblem.isPresent()) {
      LOG.error("etl: {}", rootProblem.get());
      return new RunResult(
          days.stream().map(d -> DayResult.failed(d, 0, rootProblem.get())).toList());
    }
    List<DayResult> results = new ArrayList<>();
    // A range runs in passes of --chunk-days (one read, one write per table each); one day, a
    // scheduled run (its
    // duplicate-start check is per day) and a pass of one day take the single-day path.
    RangeRun range = pipeline.range(afterCommit);
    for (List<LocalDate> chunk :
        chunks(days, args.runKind() == RunKind.SCHEDULED ? 1 : args.chunkDays())) {
      List<DayResult> done =
          chunk.size() == 1 ? List.of(pipeline.runDay(chunk.get(0))) : range.run(chunk);
      for (DayResult r : done) {
        results.add(r);
        LOG.info(
            "etl day {}/{} {}: {}{}",
            results.size(),
            days.size(),
            r.date(),
            r.status(),
            r.error().map(e -> " (" + e + ")").orElse(""));
      }
    }
    RunResult result = new RunResult(results);
    if (days.size() > 1) {
      long failed = results.stream().filter(r -> !r.ok()).count();
      LOG.info(
          "etl backfill {}..{}: {} days, {} failed or busy{}",
          args.from(),
          args.to(),
          days.size(),
          failed,
          failed > 0 ? " - rerun the same range to retry them (days are idempotent)" : "");
    }
    return result;
  }
}
