package io.tglake.etl;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.tglake.etl.lease.DayLease;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/**
 * Writes one day's tables for one run: concurrently (one single-file job each, so the cores are shared between
 * tables rather than idle behind one coalesced task), each with dynamic partition overwrite so only
 * {@code context_date=D} is replaced. A table with no rows that day gets its old partition removed, so a rerun
 * is exact. Before each write the run must still hold the day's lease; after each, the partition's files go to
 * {@link DayProgress} and the run report is rewritten.
 */
final class TableWriter {

  /** Rows per table (table order) and the messages with {@code message_type = 'other'}. */
  record Written(Map<String, Long> rows, long otherMessages) {}

  /** Rewrites the run report after a table is written. */
  interface ReportUpdate {
    void write() throws IOException;
  }

  private final SparkSession spark;
  private final Configuration hadoop;
  private final String enrichedRoot;
  private final String runId;
  private final DayLease lease;
  private final DayProgress progress;
  private final ReportUpdate report;
  private final AtomicLong otherMessages = new AtomicLong();

  TableWriter(SparkSession spark, Configuration hadoop, String enrichedRoot, String runId, DayLease lease,
      DayProgress progress, ReportUpdate report) {
    this.spark = spark;
    this.hadoop = hadoop;
    this.enrichedRoot = enrichedRoot;
    this.runId = runId;
    this.lease = lease;
    this.progress = progress;
    this.report = report;
  }

  /** Writes every table; after a failure the others still finish, then the first failure is thrown. */
  Written writeAll(Map<String, Dataset<Row>> tables, LocalDate day) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tables.size());
    try {
      Map<String, Future<Long>> pending = new LinkedHashMap<>();
      for (var e : tables.entrySet()) {
        pending.put(e.getKey(), pool.submit(() -> write(e.getKey(), e.getValue(), day)));
      }
      // Wait for every table even after a failure, so the report says exactly which ones this run replaced.
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
      return new Written(rows, otherMessages.get());
    } finally {
      pool.shutdownNow();
    }
  }

  private long write(String table, Dataset<Row> df, LocalDate day) throws IOException, InterruptedException {
    if (lease == null || !lease.held()) {
      throw new IllegalStateException("run " + runId + " no longer holds the lease of " + day
          + " (another run took it over); stopped before writing " + table);
    }
    spark.sparkContext().setJobDescription("tglake etl " + day + " " + table);
    Observation rows = new Observation("rows_" + table);
    String path = enrichedRoot + "/" + table;
    // messages also counts the content the job could not classify (drift report), in the same pass.
    Column other = sum(when(col("message_type").equalTo("other"), 1L).otherwise(0L)).as("other");
    df.observe(rows, count(lit(1)).as("rows"), table.equals("messages") ? other : lit(0L).as("other"))
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .option("partitionOverwriteMode", "dynamic")
        .option("compression", "zstd")
        .partitionBy("context_date")
        .parquet(path);
    long n = ((Number) rows.getAsJava().get("rows")).longValue();
    if (table.equals("messages")) {
      Object o = rows.getAsJava().get("other");
      otherMessages.set(o == null ? 0 : ((Number) o).longValue());
    }
    Path p = EtlPipeline.partition(path, day);
    FileSystem fs = p.getFileSystem(hadoop);
    List<String> files = new ArrayList<>();
    if (n == 0) {
      if (fs.exists(p)) {
        fs.delete(p, true);
      }
    } else {
      for (FileStatus f : fs.listStatus(p)) {
        String name = f.getPath().getName();
        if (!name.startsWith(".") && !name.startsWith("_")) {
          files.add(name);
        }
      }
      files.sort(null);
    }
    progress.tableWritten(table, files);
    synchronized (this) { // tables finish concurrently; one report rewrite at a time
      report.write();
    }
    return n;
  }
}
