package io.tglake.etl;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Counts a day's objects, quarantined objects, rescued objects and drift paths from the parsed
 * frame of {@link RawParser} (columns {@code error}, {@code rescued_paths}, {@code drift_paths}) in
 * one aggregation: as the first action on the parsed frame it also fills the day's cache, so the
 * counts cost no extra pass.
 */
final class DayQualityMeter {

  private static final String OBJECT = "#o";
  private static final String BAD = "#b";
  private static final String RESCUED_OBJECT = "#";
  private static final String RESCUED = "r:";
  private static final String DRIFT = "d:";

  private DayQualityMeter() {}

  /** What one pass over the parsed day counted. */
  record Measured(long objects, long bad, DayQuality quality) {}

  /**
   * Objects, quarantined ones, and rescued objects and per-path counts over the valid ones (other
   * messages: 0).
   */
  static Measured measure(Dataset<Row> parsed) {
    return count(
        parsed
            .select(explode(tags()).as("k"))
            .where(col("k").isNotNull())
            .groupBy("k")
            .count()
            .collectAsList(),
        0);
  }

  /**
   * {@link #measure} for each day of a range in the same single aggregation, keyed by {@code
   * context_date}; a day without rows has no entry.
   *
   * @param parsed {@link RawParser#parse} output with a {@code context_date date} column
   */
  static Map<LocalDate, Measured> measureByDay(Dataset<Row> parsed) {
    List<Row> rows =
        parsed
            .select(col("context_date"), explode(tags()).as("k"))
            .where(col("k").isNotNull())
            .groupBy("context_date", "k")
            .count()
            .select("k", "count", "context_date")
            .collectAsList();
    Map<LocalDate, List<Row>> byDay = new TreeMap<>();
    for (Row r : rows) {
      byDay.computeIfAbsent(r.getDate(2).toLocalDate(), d -> new ArrayList<>()).add(r);
    }
    Map<LocalDate, Measured> out = new TreeMap<>();
    byDay.forEach((day, dayRows) -> out.put(day, count(dayRows, 0)));
    return out;
  }

  /** One tag per thing counted, so that one groupBy counts everything in a single job. */
  private static Column tags() {
    Column valid =
        concat(
            array(lit(OBJECT)),
            array(when(size(col("rescued_paths")).gt(0), lit(RESCUED_OBJECT))),
            transform(col("rescued_paths"), p -> concat(lit(RESCUED), p)),
            transform(col("drift_paths"), p -> concat(lit(DRIFT), p)));
    return when(col("error").isNotNull(), array(lit(OBJECT), lit(BAD))).otherwise(valid);
  }

  /** The counts from (tag at {@code tag}, count at {@code tag + 1}) rows. */
  private static Measured count(List<Row> rows, int tag) {
    long objects = 0;
    long bad = 0;
    long rescued = 0;
    List<Map.Entry<String, Long>> rescuedPaths = new ArrayList<>();
    List<Map.Entry<String, Long>> driftPaths = new ArrayList<>();
    for (Row r : rows) {
      String k = r.getString(tag);
      long n = r.getLong(tag + 1);
      if (k.equals(OBJECT)) {
        objects = n;
      } else if (k.equals(BAD)) {
        bad = n;
      } else if (k.equals(RESCUED_OBJECT)) {
        rescued = n;
      } else if (k.startsWith(RESCUED)) {
        rescuedPaths.add(Map.entry(k.substring(RESCUED.length()), n));
      } else {
        driftPaths.add(Map.entry(k.substring(DRIFT.length()), n));
      }
    }
    return new Measured(
        objects, bad, new DayQuality(rescued, byCount(rescuedPaths), byCount(driftPaths), 0));
  }

  /** Most frequent first, then by path, so reports and summaries are stable. */
  private static Map<String, Long> byCount(List<Map.Entry<String, Long>> entries) {
    entries.sort(
        Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
            .reversed()
            .thenComparing(Map.Entry::getKey));
    Map<String, Long> out = new LinkedHashMap<>();
    entries.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
