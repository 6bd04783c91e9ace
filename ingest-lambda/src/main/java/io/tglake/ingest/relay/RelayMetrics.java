package io.tglake.ingest.relay;

import io.tglake.ingest.WebhookMetrics;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metric names of relay mode and the Bot API pass-through, in one place (shared with the CDK alarms), emitted as
 * CloudWatch embedded metric format members of the request's own log line, like {@link WebhookMetrics}: namespace
 * {@code tglake}, one Count metric per line with one dimension.
 */
public final class RelayMetrics {
  /** One per relayed delivery; dimension {@link #OUTCOME} = a {@link BotRelay.Kind#metricOutcome()}. */
  public static final String RELAY_REQUESTS = "RelayRequests";
  /** One per pass-through call; dimension {@link #OUTCOME} = a {@link BotApiPassThrough.Kind#metricOutcome()}. */
  public static final String BOT_API_REQUESTS = "BotApiRequests";
  /** One per outgoing record that could not be stored; dimension {@link #SOURCE} = the record's source. */
  public static final String OUTGOING_RECORD_FAILURES = "OutgoingRecordFailures";
  public static final String OUTCOME = "Outcome";
  public static final String SOURCE = "Source";

  private RelayMetrics() {
  }

  /** Adds the EMF members of {@code metric} (value 1) with {@code dimension}={@code value} to {@code fields}. */
  public static void addTo(Map<String, Object> fields, Instant at, String metric, String dimension, String value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", metric);
    m.put("Unit", "Count");
    Map<String, Object> directive = new LinkedHashMap<>();
    directive.put("Namespace", WebhookMetrics.NAMESPACE);
    directive.put("Dimensions", List.of(List.of(dimension)));
    directive.put("Metrics", List.of(m));
    Map<String, Object> aws = new LinkedHashMap<>();
    aws.put("Timestamp", at.toEpochMilli());
    aws.put("CloudWatchMetrics", List.of(directive));
    fields.put("_aws", aws);
    fields.put(dimension, value);
    fields.put(metric, 1);
  }
}
