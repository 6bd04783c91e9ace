package io.tglake.ingest.relay;

import io.tglake.contract.Emf;
import io.tglake.contract.Metrics;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The EMF members of relay mode and the Bot API pass-through, added to the request's own log line
 * like the webhook's: namespace {@value Metrics#NAMESPACE}, one Count metric per line with one
 * dimension. Names are the contract's ({@link Metrics}), which the CDK alarms read too.
 */
public final class RelayMetrics {
  /**
   * One per relayed delivery; dimension {@link #OUTCOME} = a {@link BotRelay.Kind#metricOutcome()}.
   */
  public static final String RELAY_REQUESTS = Metrics.RELAY_REQUESTS;

  /**
   * One per pass-through call; dimension {@link #OUTCOME} = a {@link
   * BotApiPassThrough.Kind#metricOutcome()}.
   */
  public static final String BOT_API_REQUESTS = Metrics.BOT_API_REQUESTS;

  /**
   * One per outgoing record that could not be stored; dimension {@link #SOURCE} = the record's
   * source.
   */
  public static final String OUTGOING_RECORD_FAILURES = Metrics.OUTGOING_RECORD_FAILURES;

  public static final String OUTCOME = Metrics.OUTCOME;
  public static final String SOURCE = Metrics.SOURCE;

  private RelayMetrics() {}

  /**
   * Adds the EMF members of {@code metric} (value 1) with {@code dimension}={@code value} to {@code
   * fields}.
   */
  public static void addTo(
      Map<String, Object> fields, Instant at, String metric, String dimension, String value) {
    Map<String, Object> directive =
        Emf.directive(Metrics.NAMESPACE, List.of(dimension), Map.of(metric, "Count"));
    fields.put("_aws", Emf.metadata(at, List.of(directive)));
    fields.put(dimension, value);
    fields.put(metric, 1);
  }
}
