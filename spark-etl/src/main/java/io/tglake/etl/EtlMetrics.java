package io.tglake.etl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A day's figures as CloudWatch embedded metric format (EMF) log lines, namespace {@code tglake}: printed on the
 * driver's stdout, where CloudWatch Logs turns them into metrics without any API call from the job.
 *
 * <p>Per day: one document with the dimension-less day metrics ({@code EtlUpdates}, {@code EtlObjectsRead},
 * {@code EtlQuarantined}, {@code EtlRescued}, {@code EtlDuplicatesDropped}, {@code EtlSeconds},
 * {@code EtlDayFailed} 0/1, {@code EtlQuarantinedFraction}, {@code EtlRescuedFraction}), then one document per
 * table with {@code EtlRows} and the dimension {@code Table} (a document carries one value per dimension, so
 * five tables are five documents). Each document also carries {@code context_date} and {@code status} as plain
 * members (searchable in Logs Insights, not dimensions: a date would make a new metric every day).
 *
 * <p>Every metric also has the dimension {@code RunKind} ({@link RunKind#value()}: scheduled, manual, backfill,
 * erasure), and the stack's alarms read {@code RunKind=scheduled} only: a backfill, a rerun or an erasure rebuild
 * of a day lands beside the scheduled figures instead of adding to them, and cannot stand in for a missing
 * scheduled run.
 *
 * <p>The timestamp is the time of the run, not the processed day, on purpose: the alarms read these figures
 * through CloudWatch Logs metric filters, which stamp a metric with the log event's time whatever the document
 * says, and EMF extraction rejects timestamps more than two weeks old, so a day stamp would drop every backfill's
 * figures. A scheduled run processes the day before its start, so its datapoint falls in the day after the one it
 * describes; the processed day is in the {@code context_date} member.
 */
final class EtlMetrics {

  static final String NAMESPACE = "tglake";
  private static final ObjectMapper JSON = new ObjectMapper();

  private EtlMetrics() {}

  /** Name of the run-kind dimension. */
  static final String RUN_KIND = "RunKind";

  /** The EMF lines of {@code r}, a day of a run of kind {@code kind}, emitted at {@code at} (see class doc). */
  static List<String> lines(DayResult r, RunKind kind, Instant at) {
    List<String> out = new ArrayList<>();
    double read = Math.max(1, r.objectsRead());
    Map<String, Object> day = new LinkedHashMap<>();
    Map<String, String> units = new LinkedHashMap<>();
    put(day, units, "EtlUpdates", r.updates(), "Count");
    put(day, units, "EtlObjectsRead", r.objectsRead(), "Count");
    put(day, units, "EtlQuarantined", r.quarantined(), "Count");
    put(day, units, "EtlRescued", r.quality().rescued(), "Count");
    put(day, units, "EtlDuplicatesDropped", r.duplicatesDropped(), "Count");
    put(day, units, "EtlSeconds", Math.round(r.seconds() * 1000) / 1000.0, "Seconds");
    put(day, units, "EtlDayFailed", r.status() == DayResult.Status.FAILED ? 1 : 0, "Count");
    put(day, units, "EtlQuarantinedFraction", r.quarantined() / read, "None");
    put(day, units, "EtlRescuedFraction", r.quality().rescued() / read, "None");
    day.put(RUN_KIND, kind.value());
    out.add(document(r, at, List.of(RUN_KIND), units, day));
    for (String table : Tables.NAMES) {
      Map<String, Object> rows = new LinkedHashMap<>();
      rows.put("Table", table);
      rows.put(RUN_KIND, kind.value());
      rows.put("EtlRows", r.rows(table));
      out.add(document(r, at, List.of("Table", RUN_KIND), Map.of("EtlRows", "Count"), rows));
    }
    return out;
  }

  private static void put(Map<String, Object> values, Map<String, String> units, String name, Number value,
      String unit) {
    values.put(name, value);
    units.put(name, unit);
  }

  private static String document(DayResult r, Instant at, List<String> dimensions, Map<String, String> units,
      Map<String, Object> members) {
    List<Map<String, String>> metrics = new ArrayList<>();
    units.forEach((name, unit) -> metrics.add(Map.of("Name", name, "Unit", unit)));
    Map<String, Object> directive = new LinkedHashMap<>();
    directive.put("Namespace", NAMESPACE);
    directive.put("Dimensions", List.of(dimensions));
    directive.put("Metrics", metrics);
    Map<String, Object> aws = new LinkedHashMap<>();
    aws.put("Timestamp", at.toEpochMilli());
    aws.put("CloudWatchMetrics", List.of(directive));
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("_aws", aws);
    doc.put("context_date", r.date().toString());
    doc.put("status", r.status().name());
    doc.putAll(members);
    try {
      return JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
