package io.tglake.etl;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import io.tglake.contract.LakeLayout;
import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.ObjectStores;
import io.tglake.etl.store.S3Settings;
import java.io.IOException;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Telegram redelivers an update until the webhook answers 2xx, so an update_id can be stored more
 * than once: twice in a day, or once before midnight and again after. This decides which objects of
 * a day are redeliveries, so that each update_id is written exactly once (the first-received object
 * wins).
 */
final class Redeliveries {

  private static final Pattern OBJECT_NAME = Pattern.compile("(-?\\d+)\\.json");

  private final SparkSession spark;

  Redeliveries(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Files to drop so that each update_id is written once: every object of an update_id already
   * stored in one of the previous {@code --dedup-lookback-days} raw partitions (a redelivery that
   * crossed midnight), and within the day every object but the first-received of its update_id.
   */
  List<String> duplicateFiles(Dataset<Row> valid, Set<Long> earlier) {
    Dataset<Row> keys = valid.select("update_id", "received_at", "source_file");
    List<String> drop = new ArrayList<>();
    if (!earlier.isEmpty()) {
      Dataset<Row> seen =
          spark.createDataset(new ArrayList<>(earlier), Encoders.LONG()).toDF("seen_id");
      drop.addAll(
          keys.join(broadcast(seen), col("update_id").equalTo(col("seen_id")), "left_semi")
              .select("source_file")
              .as(Encoders.STRING())
              .collectAsList());
    }
    Set<String> already = new HashSet<>(drop);
    // Redeliveries are rare: find the repeated ids with one aggregation (partial counts before the
    // shuffle), and
    // rank only their objects, instead of sorting the whole day by update_id.
    Dataset<Row> repeated =
        keys.groupBy("update_id").count().where(col("count").gt(1)).select("update_id");
    List<String> withinDay =
        keys.join(broadcast(repeated), "update_id")
            .withColumn(
                "rank",
                row_number()
                    .over(Window.partitionBy("update_id").orderBy("received_at", "source_file")))
            .where(col("rank").gt(1))
            .select("source_file")
            .as(Encoders.STRING())
            .collectAsList();
    for (String f : withinDay) {
      if (already.add(f)) {
        drop.add(f);
      }
    }
    return drop;
  }

  /**
   * {@link #duplicateFiles} for the days of a range at once: {@code valid} carries {@code
   * context_date}, and each day is deduplicated within itself and against {@code earlier.get(day)}
   * only, exactly as a run of that day alone.
   *
   * @return the files to drop, each with its day
   */
  Map<String, LocalDate> duplicateFilesByDay(
      Dataset<Row> valid, Map<LocalDate, Set<Long>> earlier) {
    Dataset<Row> keys = valid.select("context_date", "update_id", "received_at", "source_file");
    Map<String, LocalDate> drop = new LinkedHashMap<>();
    List<Row> seenRows = new ArrayList<>();
    earlier.forEach(
        (day, ids) -> ids.forEach(id -> seenRows.add(RowFactory.create(Date.valueOf(day), id))));
    if (!seenRows.isEmpty()) {
      Dataset<Row> seen =
          spark.createDataFrame(
              seenRows,
              new StructType()
                  .add("seen_date", DataTypes.DateType)
                  .add("seen_id", DataTypes.LongType));
      collectFiles(
          keys.join(
              broadcast(seen),
              col("context_date")
                  .equalTo(col("seen_date"))
                  .and(col("update_id").equalTo(col("seen_id"))),
              "left_semi"),
          drop);
    }
    Dataset<Row> repeated =
        keys.groupBy("context_date", "update_id")
            .count()
            .where(col("count").gt(1))
            .select("context_date", "update_id");
    collectFiles(
        keys.join(broadcast(repeated), List.of("context_date", "update_id").toArray(String[]::new))
            .withColumn(
                "rank",
                row_number()
                    .over(
                        Window.partitionBy("context_date", "update_id")
                            .orderBy("received_at", "source_file")))
            .where(col("rank").gt(1)),
        drop);
    return drop;
  }

  private static void collectFiles(Dataset<Row> rows, Map<String, LocalDate> into) {
    for (Row r : rows.select("source_file", "context_date").collectAsList()) {
      into.putIfAbsent(r.getString(0), r.getDate(1).toLocalDate());
    }
  }

  /**
   * Update ids named by a day's listed keys ({@code <update_id>.json} directly under {@code
   * prefix}).
   */
  static Set<Long> idsOf(String prefix, Iterable<String> keys) {
    Set<Long> ids = new HashSet<>();
    for (String key : keys) {
      if (!RawDayListing.isDayObject(prefix, key)) {
        continue;
      }
      Matcher m = OBJECT_NAME.matcher(key.substring(prefix.length()));
      if (m.matches()) {
        try {
          ids.add(Long.parseLong(m.group(1)));
        } catch (NumberFormatException ignored) {
          // not an update id; such an object could not collide with a valid one anyway
        }
      }
    }
    return ids;
  }

  /**
   * Update ids (from object names only: one listing per day, no reads) of the raw partitions before
   * {@code day}.
   */
  Set<Long> earlierUpdateIds(String rawRoot, S3Settings s3, LocalDate day, int lookbackDays)
      throws IOException {
    Set<Long> ids = new HashSet<>();
    if (lookbackDays == 0) {
      return ids;
    }
    try (ObjectStore store = ObjectStores.open(rawRoot, s3)) {
      for (int i = 1; i <= lookbackDays; i++) {
        String prefix = LakeLayout.dayPrefix(day.minusDays(i));
        ids.addAll(
            idsOf(prefix, store.list(prefix).stream().map(ObjectStore.ObjectInfo::key).toList()));
      }
    }
    return ids;
  }

  /**
   * {@code valid} without the objects of {@code dropFiles}: an anti-join against a broadcast list
   * rather than a literal IN list, because a day of redeliveries can drop hundreds of thousands of
   * objects, far past what the optimizer should fold into an expression.
   */
  Dataset<Row> without(Dataset<Row> valid, List<String> dropFiles) {
    return dropFiles.isEmpty()
        ? valid
        : valid.join(
            broadcast(spark.createDataset(dropFiles, Encoders.STRING()).toDF("drop_file")),
            col("source_file").equalTo(col("drop_file")),
            "left_anti");
  }
}
