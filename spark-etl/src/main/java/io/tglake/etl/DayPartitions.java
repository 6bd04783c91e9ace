package io.tglake.etl;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.tglake.contract.LakeLayout;
import io.tglake.etl.lease.DayLease;
import io.tglake.etl.store.ObjectStore;
import java.io.IOException;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tables of several days written in one Spark job per table, then committed day by day.
 *
 * <p>{@link #stage} writes each table once for all the days ({@code repartition} by {@code
 * context_date}, so each day's rows sit in one task: one file per table per day), into a staging
 * folder no reader looks at. {@link #commit} then makes one day's staged files the day's
 * partitions, table by table, under the day's lease, exactly as a run of that day alone replaces
 * them ({@link TableWriter}): the partition replaced whole, removed when the day has no rows. Days
 * are committed one after the other, so a crash between two commits leaves every day either all old
 * or all new (per table as a single-day run: one partition switch per table).
 *
 * <p>Staging: for an S3 lake with Spark in local mode a local folder, and the commit is {@link
 * UploadCommit} (one PUT per partition, no copies); elsewhere {@code
 * <table>/.tglake-staging-<run>/} beside the partitions, where Spark's own dynamic overwrite
 * stages, and the commit is the same delete-then-rename of the partition folder that Spark's
 * dynamic overwrite does at job commit. Hidden names: Spark, Trino and Athena skip them. The
 * folder's name says the run and its first and last day ({@link LakeLayout#rangeStagingDir}): a run
 * that dies before {@link #close} leaves it, and the next run of the lake removes it once that run
 * holds none of those days' leases ({@link StaleStaging}).
 */
final class DayPartitions implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DayPartitions.class);

  private final SparkSession spark;
  private final Configuration hadoop;
  private final String enrichedRoot;
  private final Optional<UploadCommit> upload;
  private final String runId;
  private final List<String> tables = new ArrayList<>();

  /** Table → day → rows staged; and messages with {@code message_type = 'other'} per day. */
  private final Map<String, Map<LocalDate, Long>> rows = new LinkedHashMap<>();

  private final Map<LocalDate, Long> otherMessages = new HashMap<>();
  private java.nio.file.Path localStage;
  private String stageDir;

  /**
   * @param enrichedRoot the normalized enriched root; {@code lake} the same root as an object store
   */
  DayPartitions(
      SparkSession spark,
      Configuration hadoop,
      String enrichedRoot,
      ObjectStore lake,
      String runId) {
    this.spark = spark;
    this.hadoop = hadoop;
    this.enrichedRoot = enrichedRoot;
    this.upload =
        UploadCommit.appliesTo(spark, enrichedRoot)
            ? Optional.of(new UploadCommit(lake))
            : Optional.empty();
    this.runId = runId;
  }

  /**
   * Writes every table's rows of {@code days} to the staging folder, one job per table,
   * concurrently.
   *
   * @param frames table name → rows with a {@code context_date} column, each of one of {@code
   *     days}; null = no rows
   */
  void stage(Map<String, Dataset<Row>> frames, List<LocalDate> days) throws Exception {
    long start = System.nanoTime();
    stageDir = LakeLayout.rangeStagingDir(runId, days.get(0), days.get(days.size() - 1));
    if (upload.isPresent()) {
      localStage = UploadCommit.stage("range");
    }
    tables.addAll(frames.keySet());
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, frames.size()));
    try {
      Map<String, Future<?>> pending = new LinkedHashMap<>();
      for (var e : frames.entrySet()) {
        pending.put(
            e.getKey(),
            pool.submit(
                () -> {
                  stageTable(e.getKey(), e.getValue(), days);
                  return null;
                }));
      }
      for (Future<?> f : pending.values()) {
        try {
          f.get();
        } catch (ExecutionException ex) {
          throw ex.getCause() instanceof Exception c ? c : ex;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    LOG.info(
        "etl {}..{}: staged {} tables of {} days in {}s",
        days.get(0),
        days.get(days.size() - 1),
        frames.size(),
        days.size(),
        String.format("%.1f", (System.nanoTime() - start) / 1e9));
  }

  private void stageTable(String table, Dataset<Row> df, List<LocalDate> days)
      throws InterruptedException {
    if (df
        == null) { // no rows on any day: nothing to stage, every day's partition goes at its commit
      Map<LocalDate, Long> none = new HashMap<>();
      days.forEach(d -> none.put(d, 0L));
      synchronized (rows) {
        rows.put(table, none);
      }
      return;
    }
    spark
        .sparkContext()
        .setJobDescription(
            "tglake etl " + days.get(0) + ".." + days.get(days.size() - 1) + " " + table);
    // Rows per day (and 'other' messages per day) counted in the write's own pass: one sum per day.
    List<Column> counts = new ArrayList<>();
    for (int i = 0; i < days.size(); i++) {
      Column isDay = col("context_date").equalTo(lit(Date.valueOf(days.get(i))));
      counts.add(sum(when(isDay, 1L).otherwise(0L)).as("r" + i));
      if (table.equals("messages")) {
        counts.add(
            sum(when(isDay.and(col("message_type").equalTo("other")), 1L).otherwise(0L))
                .as("o" + i));
      }
    }
    Observation observation = new Observation("rows_" + table);
    // Observed after the shuffle, in the writing stage: metrics of an observation below a shuffle
    // never arrived here.
    Dataset<Row> observed =
        df.repartition(Math.max(1, days.size()), col("context_date"))
            .observe(
                observation,
                counts.get(0),
                counts.subList(1, counts.size()).toArray(Column[]::new));
    observed
        .write()
        .mode(SaveMode.Overwrite)
        .option("compression", "zstd")
        .partitionBy("context_date")
        .parquet(stagePath(table));
    Map<String, Object> m = observation.getAsJava();
    Map<LocalDate, Long> perDay = new HashMap<>();
    for (int i = 0; i < days.size(); i++) {
      perDay.put(days.get(i), count(m.get("r" + i)));
      if (table.equals("messages")) {
        synchronized (otherMessages) {
          otherMessages.put(days.get(i), count(m.get("o" + i)));
        }
      }
    }
    synchronized (rows) {
      rows.put(table, perDay);
    }
  }

  /** An observed sum: null when the table had no rows at all. */
  private static long count(Object sum) {
    return sum == null ? 0 : ((Number) sum).longValue();
  }

  private String stagePath(String table) {
    return upload.isPresent()
        ? localStage.resolve(table).toUri().toString()
        : enrichedRoot + "/" + table + "/" + stageDir;
  }

  /** Messages of {@code day} with {@code message_type = 'other'} (after {@link #stage}). */
  long otherMessages(LocalDate day) {
    synchronized (otherMessages) {
      return otherMessages.getOrDefault(day, 0L);
    }
  }

  /**
   * Makes {@code day}'s staged files its partitions, every table (concurrently, each checking the
   * lease first); after each, the partition's files go to {@code progress} and the run report is
   * rewritten.
   *
   * @param only the tables to commit (a day whose raw root vanished commits bot_messages only), or
   *     all when empty
   * @return rows per table, in staging order
   */
  Map<String, Long> commit(
      LocalDate day,
      DayLease lease,
      DayProgress progress,
      TableWriter.ReportUpdate report,
      Optional<List<String>> only)
      throws Exception {
    List<String> chosen = only.orElse(tables).stream().filter(tables::contains).toList();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, chosen.size()));
    try {
      Map<String, Future<Long>> pending = new LinkedHashMap<>();
      for (String table : chosen) {
        pending.put(
            table,
            pool.submit(
                () -> {
                  long n;
                  synchronized (rows) {
                    n = rows.get(table).getOrDefault(day, 0L);
                  }
                  if (lease == null || !lease.held()) {
                    throw new IllegalStateException(
                        "run "
                            + runId
                            + " no longer holds the lease of "
                            + day
                            + " (another run took it over); stopped before writing "
                            + table);
                  }
                  progress.tableWritten(table, commitTable(table, day, n));
                  synchronized (this) { // one report rewrite at a time
                    report.write();
                  }
                  return n;
                }));
      }
      // Wait for every table even after a failure, so the report says exactly which ones were
      // replaced.
      Map<String, Long> out = new LinkedHashMap<>();
      Exception first = null;
      for (var e : pending.entrySet()) {
        try {
          out.put(e.getKey(), e.getValue().get());
        } catch (ExecutionException ex) {
          first = first == null ? (ex.getCause() instanceof Exception c ? c : ex) : first;
        }
      }
      if (first != null) {
        throw first;
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** One table's day: the staged partition becomes the lake's; the object names now in it. */
  private List<String> commitTable(String table, LocalDate day, long n) throws IOException {
    if (upload.isPresent()) {
      Optional<java.nio.file.Path> file =
          UploadCommit.singleFile(
              localStage.resolve(table).resolve(LakeLayout.dayDir(day)), ".parquet");
      if (n > 0 && file.isEmpty()) { // never let "no file" turn into "delete the day"
        throw new IOException(
            table + ": " + n + " rows staged for " + day + " but no Parquet file");
      }
      return upload
          .get()
          .replace(
              LakeLayout.tablePrefix(table, day),
              UploadCommit.PARQUET_NAME,
              n == 0 ? Optional.empty() : file);
    }
    Path target = LakePaths.day(enrichedRoot + "/" + table, day);
    Path staged =
        new Path(enrichedRoot + "/" + table + "/" + stageDir + "/" + LakeLayout.dayDir(day));
    FileSystem fs = target.getFileSystem(hadoop);
    if (n > 0 && !fs.exists(staged)) {
      throw new IOException(
          table + ": " + n + " rows staged for " + day + " but no staged partition " + staged);
    }
    if (fs.exists(target)) {
      fs.delete(target, true);
    }
    List<String> files = new ArrayList<>();
    if (n == 0) {
      return files;
    }
    fs.mkdirs(target.getParent());
    if (!fs.rename(staged, target)) {
      throw new IOException("could not move " + staged + " to " + target);
    }
    for (FileStatus f : fs.listStatus(target)) {
      String name = f.getPath().getName();
      if (!name.startsWith(".") && !name.startsWith("_")) {
        files.add(name);
      }
    }
    files.sort(null);
    return files;
  }

  /** Removes the staging folders (what was not committed is dropped). */
  @Override
  public void close() {
    try {
      if (localStage != null) {
        UploadCommit.deleteTree(localStage);
      } else if (stageDir != null) {
        for (String table : tables) {
          Path p = new Path(enrichedRoot + "/" + table + "/" + stageDir);
          FileSystem fs = p.getFileSystem(hadoop);
          if (fs.exists(p)) {
            fs.delete(p, true);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("etl: could not remove the staging folders of run {}: {}", runId, e.toString());
    }
  }
}
