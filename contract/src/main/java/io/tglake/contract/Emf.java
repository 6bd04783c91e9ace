package io.tglake.contract;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CloudWatch embedded metric format (EMF) documents as plain maps and lists, so the webhook handler
 * (jackson-core streaming) and the ETL (Spark's Jackson) build the same structure and each
 * serializes it with its own library.
 *
 * <p>Shape (EMF specification): a root {@code _aws} object with {@code Timestamp} (epoch
 * milliseconds) and {@code CloudWatchMetrics} = [{@code {Namespace, Dimensions: [[dimension
 * names]], Metrics: [{Name, Unit}]}}]; the root also holds one string member per dimension and one
 * number member per metric. Maps keep insertion order so a line reads the same every time.
 */
public final class Emf {

  private Emf() {}

  /**
   * One {@code CloudWatchMetrics} directive, unmodifiable (build it once when it never changes).
   *
   * @param dimensions the one dimension set; empty for metrics without dimensions ({@code [[]]})
   * @param units metric name → EMF unit ({@code Count}, {@code Seconds}, {@code None}), in document
   *     order
   */
  public static Map<String, Object> directive(
      String namespace, List<String> dimensions, Map<String, String> units) {
    List<Map<String, Object>> metrics = new ArrayList<>();
    units.forEach(
        (name, unit) -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("Name", name);
          m.put("Unit", unit);
          metrics.add(Collections.unmodifiableMap(m));
        });
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("Namespace", namespace);
    d.put("Dimensions", List.of(List.copyOf(dimensions)));
    d.put("Metrics", List.copyOf(metrics));
    return Collections.unmodifiableMap(d);
  }

  /** The {@code _aws} metadata object of a document emitted at {@code at}. */
  public static Map<String, Object> metadata(Instant at, List<Map<String, Object>> directives) {
    Map<String, Object> aws = new LinkedHashMap<>(4);
    aws.put("Timestamp", at.toEpochMilli());
    aws.put("CloudWatchMetrics", directives);
    return aws;
  }

  /**
   * A whole document: {@code _aws} first, then {@code members} (dimension values, metric values and
   * any plain members, e.g. a date to search in Logs Insights) in their order.
   */
  public static Map<String, Object> document(
      Instant at, Map<String, Object> directive, Map<String, Object> members) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("_aws", metadata(at, List.of(directive)));
    doc.putAll(members);
    return doc;
  }

  /**
   * The metric names a parsed document declares, for tests that compare what an emitter emits with
   * {@link Metrics}: {@code doc} is the document as a map (e.g. read back with any JSON library).
   */
  @SuppressWarnings("unchecked")
  public static Set<String> metricNames(Map<String, ?> doc) {
    Set<String> names = new LinkedHashSet<>();
    Map<String, ?> aws = (Map<String, ?>) doc.get("_aws");
    for (Object directive : (List<?>) aws.get("CloudWatchMetrics")) {
      for (Object metric : (List<?>) ((Map<String, ?>) directive).get("Metrics")) {
        names.add((String) ((Map<String, ?>) metric).get("Name"));
      }
    }
    return names;
  }
}
