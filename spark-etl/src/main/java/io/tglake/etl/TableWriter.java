package io.tglake.etl;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.tglake.contract.LakeLayout;
import io.tglake.etl.lease.DayLease;
import io.tglake.etl.store.ObjectStore;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
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
 * Writes one day's tables for one run: concurrently (one single-file job each, so the cores are
 * shared between tables rather than idle behind one coalesced task), each replacing exactly the
 * day's partition. A table with no rows that day gets its old partition removed, so a rerun is
 * exact. Before each write the run must still hold the day's lease; after each, the partition's
 * files go to {@link DayProgress} and the run report is rewritten.
 *
 * <p>Two commit paths, the same Parquet file either way:
 *
 * <ul>
 *   <li><b>Upload</b> ({@link UploadCommit}) — an S3 lake with Spark in local mode: Spark writes to
 *       a local folder, the file goes to {@link LakeLayout#tablePrefix}{@code
 *       part-00000.zstd.parquet} with one PUT, and every other object of the partition is deleted.
 *       No copies.
 *   <li><b>Spark</b> — everything else (EMR, whose S3 commit protocol avoids renames; local lakes):
 *       dynamic partition overwrite, so only the day's partition is replaced.
 * </ul>
 */
final class TableWriter {

  private static final Logger LOG = LoggerFactory.getLogger(TableWriter.class);

  /** Rows per table (table order) and the messages with {@code message_type = 'other'}. */
  record Written(Map<String, Long> rows, long otherMessages) {}

  /** Rewrites the run report after a table is written. */
  interface ReportUpdate {
    void write() throws IOException;
  }

  private final SparkSession spark;
  private final Configuration hadoop;
  private final String enrichedRoot;
  private final Optional<UploadCommit> upload;
  private final String runId;
  private final DayLease lease;
  private final DayProgress progress;
  private final ReportUpdate report;
  private final AtomicLong otherMessages = new AtomicLong();

  /**
   * The writer the job uses: the upload commit when {@link UploadCommit#appliesTo} the lake, else
   * Spark's.
   *
   * @param enrichedRoot the normalized enriched root ({@link LakePaths#normalize})
   * @param lake the same root as an object store (the upload commit's PUTs, lists and deletes)
   */
  TableWriter(
      SparkSession spark,
      Configuration hadoop,
      String enrichedRoot,
      ObjectStore lake,
      String runId,
      DayLease lease,
      DayProgress progress,
      ReportUpdate report) {
    this(
        spark,
        hadoop,
        enrichedRoot,
        UploadCommit.appliesTo(spark, enrichedRoot)
            ? Optional.of(new UploadCommit(lake))
            : Optional.empty(),
        runId,
        lease,
        progress,
        report);
  }

  /**
   * With the commit path given: {@code upload} empty = Spark's commit (the measurement compares
   * both).
   */
  TableWriter(
      SparkSession spark,
      Configuration hadoop,
      String enrichedRoot,
      Optional<UploadCommit> upload,
      String runId,
      DayLease lease,
      DayProgress progress,
      ReportUpdate report) {
    this.spark = spark;
    this.hadoop = hadoop;
    this.enrichedRoot = enrichedRoot;
    this.upload = upload;
    this.runId = runId;
    this.lease = lease;
    this.progress = progress;
    this.report = report;
  }

  /**
   * Writes every table; after a failure the others still finish, then the first failure is thrown.
   */
  Written writeAll(Map<String, Dataset<Row>> tables, LocalDate day) throws Exception {
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(tables.size());
    try {
      Map<String, Future<Long>> pending = new LinkedHashMap<>();
      for (var e : tables.entrySet()) {
        pending.put(e.getKey(), pool.submit(() -> write(e.getKey(), e.getValue(), day)));
      }
      // Wait for every table even after a failure, so the report says exactly which ones this run
      // replaced.
      Map<String, Long> rows = new LinkedHashMap<>();
      Exception first = null;
      for (var e : pending.entrySet()) {
        try {
          rows.put(e.getKey(), e.getValue().get());
        } catch (ExecutionException ex) {
          first = first == null ? ex : first;
        }
      }
      if (first != null) {
        throw first;
      }
      LOG.info(
          "etl {}: wrote {} tables in {}s ({} commit)",
          day,
          rows.size(),
          String.format("%.1f", (System.nanoTime() - start) / 1e9),
          upload.isPresent() ? "upload" : "spark");
      return new Written(rows, otherMessages.get());
    } finally {
      pool.shutdownNow();
    }
  }

  private long write(String table, Dataset<Row> df, LocalDate day)
      throws IOException, InterruptedException {
    requireLease(table, day);
    spark.sparkContext().setJobDescription("tglake etl " + day + " " + table);
    Observation rows = new Observation("rows_" + table);
    // messages also counts the content the job could not classify (drift report), in the same pass.
    Column other = sum(when(col("message_type").equalTo("other"), 1L).otherwise(0L)).as("other");
    Dataset<Row> observed =
        df.observe(
            rows, count(lit(1)).as("rows"), table.equals("messages") ? other : lit(0L).as("other"));
    Committed done =
        upload.isPresent()
            ? uploadCommit(upload.get(), table, observed, rows, day)
            : sparkCommit(table, observed, rows, day);
    progress.tableWritten(table, done.files());
    synchronized (this) { // tables finish concurrently; one report rewrite at a time
      report.write();
    }
    return done.rows();
  }

  /**
   * Rows written, and the object names now in the day's partition (none: the partition was
   * removed).
   */
  private record Committed(long rows, List<String> files) {}

  /**
   * Spark writes to a local folder; {@link UploadCommit} makes its one file the partition's only
   * object.
   */
  private Committed uploadCommit(
      UploadCommit commit, String table, Dataset<Row> observed, Observation rows, LocalDate day)
      throws IOException, InterruptedException {
    java.nio.file.Path staging = UploadCommit.stage(table);
    try {
      java.nio.file.Path out = staging.resolve(table);
      writeParquet(observed, out.toUri().toString());
      long n = observedRows(table, rows);
      Optional<java.nio.file.Path> file =
          UploadCommit.singleFile(out.resolve(LakeLayout.dayDir(day)), ".parquet");
      if (n > 0 && file.isEmpty()) { // never let "no file" turn into "delete the day"
        throw new IOException(table + ": " + n + " rows written but no Parquet file under " + out);
      }
      // Spark's job may have taken a while: do not publish over a run that has taken the day over
      // since.
      requireLease(table, day);
      return new Committed(
          n,
          commit.replace(
              LakeLayout.tablePrefix(table, day),
              UploadCommit.PARQUET_NAME,
              n == 0 ? Optional.empty() : file));
    } finally {
      UploadCommit.deleteTree(staging);
    }
  }

  /**
   * Spark's commit straight into the lake. A day without rows writes nothing, so its old partition
   * is removed here; otherwise the files now in the partition are listed.
   */
  private Committed sparkCommit(
      String table, Dataset<Row> observed, Observation rows, LocalDate day)
      throws IOException, InterruptedException {
    String path = enrichedRoot + "/" + table;
    writeParquet(observed, path);
    long n = observedRows(table, rows);
    Path partition = LakePaths.day(path, day);
    FileSystem fs = partition.getFileSystem(hadoop);
    List<String> files = new ArrayList<>();
    if (n == 0) {
      if (fs.exists(partition)) {
        fs.delete(partition, true);
      }
      return new Committed(0, files);
    }
    for (FileStatus f : fs.listStatus(partition)) {
      String name = f.getPath().getName();
      if (!name.startsWith(".") && !name.startsWith("_")) {
        files.add(name);
      }
    }
    files.sort(null);
    return new Committed(n, files);
  }

  private void requireLease(String table, LocalDate day) {
    if (lease == null || !lease.held()) {
      throw new IllegalStateException(
          "run "
              + runId
              + " no longer holds the lease of "
              + day
              + " (another run took it over); stopped before writing "
              + table);
    }
  }

  /**
   * One file (coalesce(1)), zstd; dynamic overwrite replaces only the partitions the rows carry
   * (one day).
   */
  private static void writeParquet(Dataset<Row> observed, String path) {
    observed
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .option("partitionOverwriteMode", "dynamic")
        .option("compression", "zstd")
        .partitionBy("context_date")
        .parquet(path);
  }

  private long observedRows(String table, Observation rows) throws InterruptedException {
    Map<String, Object> m = rows.getAsJava();
    if (table.equals("messages")) {
      Object o = m.get("other");
      otherMessages.set(o == null ? 0 : ((Number) o).longValue());
    }
    return ((Number) m.get("rows")).longValue();
  }
}
