package io.tglake.etl;

import static io.tglake.contract.Metrics.ETL_DAY_FAILED;
import static io.tglake.contract.Metrics.ETL_DUPLICATES_DROPPED;
import static io.tglake.contract.Metrics.ETL_OBJECTS_READ;
import static io.tglake.contract.Metrics.ETL_QUARANTINED;
import static io.tglake.contract.Metrics.ETL_QUARANTINED_FRACTION;
import static io.tglake.contract.Metrics.ETL_RESCUED;
import static io.tglake.contract.Metrics.ETL_RESCUED_FRACTION;
import static io.tglake.contract.Metrics.ETL_ROWS;
import static io.tglake.contract.Metrics.ETL_SECONDS;
import static io.tglake.contract.Metrics.ETL_UPDATES;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.contract.Emf;
import io.tglake.contract.Metrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A day's figures as CloudWatch embedded metric format (EMF) log lines, namespace {@value
 * Metrics#NAMESPACE}: printed on the driver's stdout, where CloudWatch Logs turns them into metrics
 * without any API call from the job. Names are {@link Metrics}'; the document shape is {@link
 * Emf}'s.
 *
 * <p>Per day: one document with the dimension-less day metrics ({@link Metrics#ETL_DAY_METRICS}:
 * updates, objects read, quarantined, rescued, duplicates dropped, seconds, day failed 0/1,
 * quarantined and rescued fractions), then one document per table of {@link
 * Metrics#ETL_ROWS_TABLES} with {@value Metrics#ETL_ROWS} and the dimension {@value Metrics#TABLE}
 * (a document carries one value per dimension, so six tables are six documents; a table the day did
 * not write, e.g. bot_messages on a day without outgoing records, reports 0). Each document also
 * carries {@code context_date} and {@code status} as plain members (searchable in Logs Insights,
 * not dimensions: a date would make a new metric every day).
 *
 * <p>Every metric also has the dimension {@value Metrics#RUN_KIND} ({@link RunKind#value()}:
 * scheduled, manual, backfill, erasure, intraday), and the stack's alarms read {@code
 * RunKind=scheduled} only: a backfill, a rerun or an erasure rebuild of a day lands beside the
 * scheduled figures instead of adding to them, and cannot stand in for a missing scheduled run.
 *
 * <p>The timestamp is the time of the run, not the processed day, on purpose: the alarms read these
 * figures through CloudWatch Logs metric filters, which stamp a metric with the log event's time
 * whatever the document says, and EMF extraction rejects timestamps more than two weeks old, so a
 * day stamp would drop every backfill's figures. A scheduled run processes the day before its
 * start, so its datapoint falls in the day after the one it describes; the processed day is in the
 * {@code context_date} member.
 */
final class EtlMetrics {

  private static final ObjectMapper JSON = new ObjectMapper();

  private EtlMetrics() {}

  /** Name of the run-kind dimension. */
  static final String RUN_KIND = Metrics.RUN_KIND;

  /**
   * The EMF lines of {@code r}, a day of a run of kind {@code kind}, emitted at {@code at} (see
   * class doc).
   */
  static List<String> lines(DayResult r, RunKind kind, Instant at) {
    List<String> out = new ArrayList<>();
    double read = Math.max(1, r.objectsRead());
    Map<String, Object> day = new LinkedHashMap<>();
    Map<String, String> units = new LinkedHashMap<>();
    put(day, units, ETL_UPDATES, r.updates(), "Count");
    put(day, units, ETL_OBJECTS_READ, r.objectsRead(), "Count");
    put(day, units, ETL_QUARANTINED, r.quarantined(), "Count");
    put(day, units, ETL_RESCUED, r.quality().rescued(), "Count");
    put(day, units, ETL_DUPLICATES_DROPPED, r.duplicatesDropped(), "Count");
    put(day, units, ETL_SECONDS, Math.round(r.seconds() * 1000) / 1000.0, "Seconds");
    put(day, units, ETL_DAY_FAILED, r.status() == DayResult.Status.FAILED ? 1 : 0, "Count");
    put(day, units, ETL_QUARANTINED_FRACTION, r.quarantined() / read, "None");
    put(day, units, ETL_RESCUED_FRACTION, r.quality().rescued() / read, "None");
    day.put(Metrics.RUN_KIND, kind.value());
    out.add(document(r, at, List.of(Metrics.RUN_KIND), units, day));
    for (String table : Metrics.ETL_ROWS_TABLES) {
      Map<String, Object> rows = new LinkedHashMap<>();
      rows.put(Metrics.TABLE, table);
      rows.put(Metrics.RUN_KIND, kind.value());
      rows.put(ETL_ROWS, r.rows(table));
      out.add(
          document(
              r, at, List.of(Metrics.TABLE, Metrics.RUN_KIND), Map.of(ETL_ROWS, "Count"), rows));
    }
    return out;
  }

  private static void put(
      Map<String, Object> values,
      Map<String, String> units,
      String name,
      Number value,
      String unit) {
    values.put(name, value);
    units.put(name, unit);
  }

  private static String document(
      DayResult r,
      Instant at,
      List<String> dimensions,
      Map<String, String> units,
      Map<String, Object> values) {
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("context_date", r.date().toString());
    members.put("status", r.status().name());
    members.putAll(values);
    try {
      return JSON.writeValueAsString(
          Emf.document(at, Emf.directive(Metrics.NAMESPACE, dimensions, units), members));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
