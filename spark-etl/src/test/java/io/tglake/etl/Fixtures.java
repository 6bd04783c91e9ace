package io.tglake.etl;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Test data helpers: inline JSON to frames, and raw partitions on disk. */
final class Fixtures {

  static final LocalDate DAY = LocalDate.parse("2026-11-22");
  static final Instant RECEIVED = Instant.parse("2026-11-22T10:00:00Z");

  private Fixtures() {}

  /** Raw frame (raw_json, source_file, received_at) as the job reads it, one row per JSON text. */
  static Dataset<Row> jsonToDF(SparkSession spark, String... json) {
    StructType schema =
        new StructType()
            .add("raw_json", DataTypes.StringType)
            .add("source_file", DataTypes.StringType)
            .add("received_at", DataTypes.TimestampType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < json.length; i++) {
      rows.add(
          RowFactory.create(
              json[i],
              "file:/raw/context_date=" + DAY + "/obj" + i + ".json",
              Timestamp.from(RECEIVED.plusSeconds(i))));
    }
    return spark.createDataFrame(rows, schema);
  }

  /**
   * The updates frame the table transforms take: inferred, parsed, conformed, valid only, with
   * context_date.
   */
  static Dataset<Row> updates(SparkSession spark, String... json) {
    Dataset<Row> raw = jsonToDF(spark, json);
    StructType inferred = spark.read().json(raw.select("raw_json").as(Encoders.STRING())).schema();
    return RawParser.parse(raw, inferred)
        .where(col("error").isNull())
        .withColumn("context_date", lit(java.sql.Date.valueOf(DAY)));
  }

  /** Writes {@code <raw>/context_date=day/<name>} with the given body and last-modified time. */
  static Path writeRaw(Path raw, LocalDate day, String name, String body, Instant modified)
      throws IOException {
    Path dir = raw.resolve("context_date=" + day);
    Files.createDirectories(dir);
    Path file = dir.resolve(name);
    Files.writeString(file, body, StandardCharsets.UTF_8);
    Files.setLastModifiedTime(file, FileTime.from(modified));
    return file;
  }

  /** A minimal private-chat text message update. */
  static String textUpdate(long updateId, String text) {
    return """
        {"update_id": %d, "message": {"message_id": %d, "date": 1795341600,
          "from": {"id": 42, "is_bot": false, "first_name": "Ana"},
          "chat": {"id": 42, "type": "private", "first_name": "Ana"}, "text": "%s"}}"""
        .formatted(updateId, updateId % 1000, text);
  }
}
