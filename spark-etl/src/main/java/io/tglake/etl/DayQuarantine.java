package io.tglake.etl;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.tglake.contract.LakeLayout;
import io.tglake.etl.store.ObjectStore;
import java.io.IOException;
import java.time.LocalDate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A day's quarantine, {@code <enriched>/}{@link LakeLayout#quarantinePrefix}: the objects that are
 * not valid updates as JSON lines ({@code source_file, error, raw}); replaced on rerun, removed
 * when the day is clean.
 */
final class DayQuarantine {

  private static final Logger LOG = LoggerFactory.getLogger(DayQuarantine.class);

  private final SparkSession spark;
  private final Configuration hadoop;
  private final String enrichedRoot;
  private final ObjectStore enrichedStore;
  private final boolean pseudonymized;

  /**
   * @param pseudonymized pseudonymized lakes keep no raw text outside the raw layer (raw is null
   *     then)
   */
  DayQuarantine(
      SparkSession spark,
      Configuration hadoop,
      String enrichedRoot,
      ObjectStore enrichedStore,
      boolean pseudonymized) {
    this.spark = spark;
    this.hadoop = hadoop;
    this.enrichedRoot = enrichedRoot;
    this.enrichedStore = enrichedStore;
    this.pseudonymized = pseudonymized;
  }

  /**
   * Writes the rows of {@code parsed} with an {@code error} as the day's quarantine, or removes it
   * when {@code bad} is 0.
   *
   * @param parsed {@link RawParser#parse} output of this day only
   */
  void write(Dataset<Row> parsed, LocalDate day, long bad) throws IOException {
    Path dir = LakePaths.of(enrichedRoot, LakeLayout.quarantinePrefix(day));
    if (bad == 0) {
      FileSystem fs = dir.getFileSystem(hadoop);
      if (fs.exists(dir)) {
        fs.delete(dir, true);
      }
      return;
    }
    LOG.warn("etl {}: {} objects are not valid updates, copied to {}", day, bad, dir);
    // source_file points to the object in the raw layer.
    Column raw = pseudonymized ? lit(null).cast("string") : col("raw_json");
    Dataset<Row> rows =
        parsed
            .where(col("error").isNotNull())
            .select(col("source_file"), col("error"), raw.as("raw"));
    if (UploadCommit.appliesTo(
        spark, enrichedRoot)) { // S3 from local mode: one PUT, no renames (TableWriter)
      new UploadCommit(enrichedStore).replaceWithJsonLines(rows, LakeLayout.quarantinePrefix(day));
      return;
    }
    rows.coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .option("compression", "none")
        .json(dir.toString());
  }
}
