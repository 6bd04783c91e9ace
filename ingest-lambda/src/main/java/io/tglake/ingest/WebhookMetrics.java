package io.tglake.ingest;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-request metric in CloudWatch embedded metric format (EMF): {@code WebhookRequests} (Count, value 1) in namespace
 * {@code tglake} with dimension {@code Outcome}. The members are added to the request's own log line, so a delivery
 * costs one stdout line and no API call; CloudWatch Logs extracts the metric from the {@code _aws} block.
 *
 * <p>Document shape (EMF specification): a root {@code _aws} object with {@code Timestamp} (epoch milliseconds) and
 * {@code CloudWatchMetrics} = [{@code Namespace}, {@code Dimensions} = [["Outcome"]], {@code Metrics} =
 * [{"Name":"WebhookRequests","Unit":"Count"}]], and root members {@code Outcome} (string) and
 * {@code WebhookRequests} (number) that the directive refers to.
 */
public final class WebhookMetrics {
  /** CloudWatch namespace shared by every tglake metric. */
  public static final String NAMESPACE = "tglake";
  /** Metric name. */
  public static final String METRIC = "WebhookRequests";
  /** Dimension name; values are {@link WebhookOutcome.Kind#metricOutcome()}. */
  public static final String DIMENSION = "Outcome";

  /** Identical for every request: built once (ordered, so the lines read the same every time). */
  private static final List<Map<String, Object>> DIRECTIVES = List.of(directive());

  private WebhookMetrics() {
  }

  private static Map<String, Object> directive() {
    Map<String, Object> metric = new LinkedHashMap<>();
    metric.put("Name", METRIC);
    metric.put("Unit", "Count");
    Map<String, Object> directive = new LinkedHashMap<>();
    directive.put("Namespace", NAMESPACE);
    directive.put("Dimensions", List.of(List.of(DIMENSION)));
    directive.put("Metrics", List.of(Collections.unmodifiableMap(metric)));
    return Collections.unmodifiableMap(directive);
  }

  /** Adds the EMF members for one request with {@code outcome}, timestamped {@code at}, to {@code fields}. */
  public static void addTo(Map<String, Object> fields, Instant at, WebhookOutcome.Kind outcome) {
    Map<String, Object> aws = new LinkedHashMap<>(4);
    aws.put("Timestamp", at.toEpochMilli());
    aws.put("CloudWatchMetrics", DIRECTIVES);
    fields.put("_aws", aws);
    fields.put(DIMENSION, outcome.metricOutcome());
    fields.put(METRIC, 1);
  }
}
