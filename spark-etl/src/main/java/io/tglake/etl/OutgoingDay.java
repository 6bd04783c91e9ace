package io.tglake.etl;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.substring_index;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.contract.LakeLayout;
import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.ObjectStores;
import io.tglake.etl.store.S3Settings;
import java.io.IOException;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outgoing records of one day ({@code <outgoing>/}{@link LakeLayout#dayPrefix}{@code *.json})
 * as {@link BotMessages} rows.
 *
 * <p>A missing outgoing root or day is zero rows, not an error: a passive collector never has
 * outgoing records. Objects that are not valid records go to {@code <enriched>/}{@link
 * LakeLayout#OUTGOING_QUARANTINE_DIR}{@code /D/} (JSON lines {@code source_file, error, raw};
 * replaced on rerun, removed when the day is clean); they do not count towards {@code
 * --max-bad-fraction}, which guards the updates. A record whose key already exists in the previous
 * day's partition is dropped: keys are deterministic, so the same key on the next day is a retry
 * that crossed midnight.
 */
final class OutgoingDay {

  private static final Logger LOG = LoggerFactory.getLogger(OutgoingDay.class);

  /** The quarantine folder of bad outgoing objects under the enriched root. */
  static final String QUARANTINE = LakeLayout.OUTGOING_QUARANTINE_DIR;

  /** What one day's read produced; {@link #release} after the rows are written. */
  record Read(
      long listed, long quarantined, long droppedRetries, Dataset<Row> rows, Runnable release) {}

  private final SparkSession spark;
  private final String outgoingRoot;
  private final S3Settings s3;
  private final int concurrency;
  private final ObjectMapper json;

  /**
   * @param json the run's JSON mapper (for the day's arrivals file)
   */
  OutgoingDay(
      SparkSession spark, String outgoingRoot, S3Settings s3, int concurrency, ObjectMapper json) {
    this.spark = spark;
    this.outgoingRoot = outgoingRoot;
    this.s3 = s3;
    this.concurrency = concurrency;
    this.json = json;
  }

  /**
   * Reads and classifies the day, writes its quarantine, and returns the bot_messages rows (columns
   * of {@link BotMessages#table}), cached until released.
   *
   * @param quarantine writes the bad rows ({@code source_file, error, raw}) or removes the day's
   *     quarantine (null)
   */
  Read read(LocalDate day, QuarantineWriter quarantine) throws IOException {
    RawDayReader.Read read = new RawDayReader(spark, outgoingRoot, s3, concurrency, json).read(day);
    if (read.listed() == 0) {
      quarantine.write(null);
      return new Read(0, 0, 0, empty(day), read::release);
    }
    Dataset<Row> classified =
        BotMessages.classify(read.rows()).persist(StorageLevel.MEMORY_AND_DISK());
    Runnable release =
        () -> {
          classified.unpersist();
          read.release();
        };
    Dataset<Row> bad = classified.where(col("error").isNotNull());
    long quarantined = bad.count();
    quarantine.write(
        quarantined == 0
            ? null
            : bad.select(col("source_file"), col("error"), col("raw_json").as("raw")));
    if (quarantined > 0) {
      LOG.warn(
          "etl {}: {} outgoing objects are not valid records, copied to {}",
          day,
          quarantined,
          QUARANTINE);
    }
    // Complete now (the count above read every object). Unreadable records (e.g. no read permission
    // on the
    // outgoing prefix) would silently shorten bot_messages: say so loudly.
    TreeMap<String, String> unreadable = read.unreadable();
    if (!unreadable.isEmpty()) {
      LOG.error(
          "etl {}: {} of {} outgoing objects could not be read and are missing from {}: {}",
          day,
          unreadable.size(),
          read.listed(),
          BotMessages.TABLE,
          unreadable);
    }
    // Only the names on both days: an IN list of a whole previous day would be huge, the overlap is
    // a few retries.
    Set<String> earlier = keysOf(day.minusDays(1));
    earlier.retainAll(keysOf(day));
    Dataset<Row> valid = classified;
    long dropped = 0;
    if (!earlier.isEmpty()) {
      Column name = substring_index(col("source_file"), "/", -1);
      Column retry = name.isin(earlier.toArray());
      dropped = classified.where(col("error").isNull().and(retry)).count();
      valid = classified.where(retry.unary_$bang());
    }
    return new Read(read.listed(), quarantined, dropped, BotMessages.table(valid, day), release);
  }

  /** No rows, the table's columns. */
  Dataset<Row> empty(LocalDate day) {
    return BotMessages.table(
        BotMessages.classify(spark.createDataFrame(List.<Row>of(), RawDayReader.SCHEMA)), day);
  }

  /** Where the bad rows go; {@code null} = the day has none (remove an old quarantine). */
  interface QuarantineWriter {
    void write(Dataset<Row> rows) throws IOException;
  }

  /** Object names of a day (a listing, no reads); empty for a missing day. */
  private Set<String> keysOf(LocalDate day) throws IOException {
    String prefix = LakeLayout.dayPrefix(day);
    Set<String> out = new HashSet<>();
    try (ObjectStore store = ObjectStores.open(outgoingRoot, s3)) {
      for (ObjectStore.ObjectInfo o : store.list(prefix)) {
        if (RawDayListing.isDayObject(prefix, o.key())) {
          out.add(o.key().substring(prefix.length()));
        }
      }
    }
    return out;
  }

  /**
   * The local/Spark quarantine writer (the pipeline uses {@link UploadCommit} for S3 from local
   * mode instead).
   */
  static void writeWithSpark(Configuration hadoop, Path dir, Dataset<Row> rows) throws IOException {
    if (rows == null) {
      FileSystem fs = dir.getFileSystem(hadoop);
      if (fs.exists(dir)) {
        fs.delete(dir, true);
      }
      return;
    }
    rows.coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .option("compression", "none")
        .json(dir.toString());
  }
}
