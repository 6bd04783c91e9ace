package io.tglake.etl;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.contract.LakeLayout;
import io.tglake.etl.store.ObjectStore.ObjectInfo;
import io.tglake.etl.store.S3Settings;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Reads one raw day from an object store: the day is listed once in the driver (key, size,
 * last-modified: one List call per 1,000 objects, no HEAD), the keys are split across Spark tasks,
 * and each task fetches its bodies with exactly one GET per object and up to {@code concurrency}
 * requests in flight. On a 10–30 ms first-byte store, a day then costs about objects × latency /
 * (tasks × concurrency) instead of several sequential round trips per object.
 *
 * <p>Output columns, as the pipeline consumed them from {@code binaryFile}: {@code raw_json string}
 * (the body, UTF-8), {@code source_file string} (full URI of the object, {@code <raw>/}{@link
 * LakeLayout#rawKey}), {@code received_at timestamp} (the object's last-modified time = its
 * arrival), and the {@link UpdateGate}'s verdict taken in the task right after the GET: {@code
 * gate_error string} (null for an update, else the quarantine reason) and {@code gate_rescued
 * array<string>} (paths where a string stood for a number). Every object under the day's prefix is
 * read, objects in sub-folders of the partition included (nothing under a day is silently left
 * out); only names with a segment starting with {@code .} or {@code _} are skipped, as Spark's file
 * sources skip them, and logged.
 *
 * <p>Objects that disappear between list and GET, or that keep failing after the store's retries,
 * produce no row; their keys and reasons are collected into {@link Read#unreadable()} so that the
 * job can report them and count them as bad objects.
 */
final class RawDayReader {

  /** What one read produced. */
  interface Read {
    /** Objects listed for the day (after skipping hidden names). */
    long listed();

    /**
     * One row per readable object; empty when nothing was listed. The fetched bodies are cached (as
     * the bytes read, not as a columnar copy), so every use of this frame reads each object exactly
     * once; {@link #release} drops them.
     */
    Dataset<Row> rows();

    /** Drops the cached bodies (after the day is parsed). */
    void release();

    /**
     * Key → reason, for objects listed but not read. Complete only after {@link #rows()} was
     * computed.
     */
    TreeMap<String, String> unreadable();
  }

  /**
   * Requests in flight per task: at 10–30 ms per GET, 64 keep a core busy decoding small objects
   * while a few tasks stay well under S3's 5,500 GET/s per prefix.
   */
  static final int DEFAULT_CONCURRENCY = 64;

  static final StructType SCHEMA =
      new StructType()
          .add("raw_json", DataTypes.StringType)
          .add("source_file", DataTypes.StringType)
          .add("received_at", DataTypes.TimestampType)
          .add("gate_error", DataTypes.StringType)
          .add("gate_rescued", DataTypes.createArrayType(DataTypes.StringType));

  /**
   * What the tasks emit and cache: the body as the bytes read. Decoding to a Java String and
   * encoding back into Spark's UTF-8 strings would cost two copies per object; a binary-to-string
   * cast reuses the bytes.
   */
  private static final StructType FETCHED =
      new StructType()
          .add("body", DataTypes.BinaryType)
          .add("source_file", DataTypes.StringType)
          .add("received_at", DataTypes.TimestampType)
          .add("gate_error", DataTypes.StringType)
          .add("gate_rescued", DataTypes.createArrayType(DataTypes.StringType));

  private final SparkSession spark;
  private final String rawRoot;
  private final S3Settings s3;
  private final int concurrency;
  private final RawDayListing listing;

  /**
   * @param rawRoot the {@code --raw} URI (store root)
   * @param s3 how tasks reach S3 for s3:// and s3a:// roots (ignored for local roots)
   * @param concurrency GETs (or file reads) in flight per task
   * @param json the run's JSON mapper (for the days' arrivals files)
   */
  RawDayReader(
      SparkSession spark, String rawRoot, S3Settings s3, int concurrency, ObjectMapper json) {
    this.spark = spark;
    this.rawRoot = rawRoot;
    this.s3 = s3.withMaxConnections(Math.max(s3.maxConnections(), concurrency));
    this.concurrency = concurrency;
    this.listing = new RawDayListing(rawRoot, this.s3, json);
  }

  Read read(LocalDate day) throws IOException {
    return fetch(list(day));
  }

  /**
   * The day's objects as {@link #read} fetches them ({@link RawDayListing}). A range run lists its
   * days with this and fetches them together ({@link #fetch}).
   */
  List<ObjectInfo> list(LocalDate day) throws IOException {
    return listing.list(day);
  }

  /**
   * Fetches listed objects (of one day or of several: a range is read in one pass) with one GET
   * each, judged by the {@link UpdateGate} in the task; see the class doc for the output.
   */
  Read fetch(List<ObjectInfo> listed) {
    String[] keys = new String[listed.size()];
    long[] modifiedMicros = new long[listed.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = listed.get(i).key();
      // Millisecond precision, as binaryFile's modificationTime had: "first received" ties (same
      // ms) still fall
      // back to the lowest path, exactly as before.
      modifiedMicros[i] = listed.get(i).lastModified().toEpochMilli() * 1000;
    }
    CollectionAccumulator<String> failures =
        spark.sparkContext().collectionAccumulator("unreadable raw objects");
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // The key list travels once per executor as a broadcast; each task's partition is only its
    // slice number, so
    // no later stage (e.g. a coalesce(1) write over the cached rows) ships the day's key list in
    // its tasks.
    Broadcast<RawFetch.Slices> slices = jsc.broadcast(new RawFetch.Slices(keys, modifiedMicros));
    int tasks = Math.max(1, Math.min(keys.length, spark.sparkContext().defaultParallelism()));
    RawFetch fetch = new RawFetch(rawRoot, base(rawRoot), s3, concurrency, tasks, slices, failures);
    // Cached as deserialized rows: the day is read by inference and then by the parse, and a
    // columnar cache
    // of the texts would copy every body again and gather min/max statistics over them.
    JavaRDD<Row> rows =
        jsc.parallelize(IntStream.range(0, tasks).boxed().toList(), tasks)
            .mapPartitions(fetch::apply)
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> df =
        spark
            .createDataFrame(rows, FETCHED)
            .select(
                col("body").cast(DataTypes.StringType).as("raw_json"),
                col("source_file"),
                col("received_at"),
                col("gate_error"),
                col("gate_rescued"));
    long count = keys.length;
    return new Read() {
      @Override
      public long listed() {
        return count;
      }

      @Override
      public Dataset<Row> rows() {
        return df;
      }

      @Override
      public void release() {
        rows.unpersist(false);
      }

      @Override
      public TreeMap<String, String> unreadable() {
        TreeMap<String, String> out = new TreeMap<>();
        for (String f : failures.value()) {
          int tab = f.indexOf('\t');
          out.put(f.substring(0, tab), f.substring(tab + 1));
        }
        return out;
      }
    };
  }

  /**
   * The root as the job's paths spell it ({@code file:/abs/path} for local roots, the URI
   * otherwise).
   */
  static String base(String rawRoot) {
    String normalized = LakePaths.normalize(rawRoot);
    return normalized.startsWith("file:///")
        ? "file:/" + normalized.substring("file:///".length())
        : normalized;
  }
}
