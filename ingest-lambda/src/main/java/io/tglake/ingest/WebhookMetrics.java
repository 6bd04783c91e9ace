package io.tglake.ingest;

import io.tglake.contract.Emf;
import io.tglake.contract.Metrics;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Per-request metric in CloudWatch embedded metric format (EMF): {@value Metrics#WEBHOOK_REQUESTS}
 * (Count, value 1) in namespace {@value Metrics#NAMESPACE} with dimension {@value Metrics#OUTCOME}.
 * The members are added to the request's own log line, so a delivery costs one stdout line and no
 * API call; CloudWatch Logs extracts the metric from the {@code _aws} block (document shape: {@link
 * Emf}).
 */
public final class WebhookMetrics {

  /** Identical for every request: built once. */
  private static final List<Map<String, Object>> DIRECTIVES =
      List.of(
          Emf.directive(
              Metrics.NAMESPACE,
              List.of(Metrics.OUTCOME),
              Map.of(Metrics.WEBHOOK_REQUESTS, "Count")));

  private WebhookMetrics() {}

  /**
   * Adds the EMF members for one request with {@code outcome}, timestamped {@code at}, to {@code
   * fields}.
   */
  public static void addTo(Map<String, Object> fields, Instant at, WebhookOutcome.Kind outcome) {
    fields.put("_aws", Emf.metadata(at, DIRECTIVES));
    fields.put(Metrics.OUTCOME, outcome.metricOutcome());
    fields.put(Metrics.WEBHOOK_REQUESTS, 1);
  }
}
