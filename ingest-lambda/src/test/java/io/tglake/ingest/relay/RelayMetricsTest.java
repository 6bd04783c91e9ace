package io.tglake.ingest.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.contract.Emf;
import io.tglake.contract.Metrics;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The relay's metric names and dimension values are the contract's, which the stack's alarms read.
 */
class RelayMetricsTest {

  @Test
  void outcomesOfRelayAndPassThroughAreTheContractsValues() {
    assertThat(Arrays.stream(BotRelay.Kind.values()).map(BotRelay.Kind::metricOutcome))
        .as("every relay outcome an alarm can select")
        .containsExactlyElementsOf(Metrics.RELAY_OUTCOMES);
    assertThat(
            Arrays.stream(BotApiPassThrough.Kind.values())
                .map(BotApiPassThrough.Kind::metricOutcome))
        .as("every pass-through outcome")
        .containsExactlyElementsOf(Metrics.BOT_API_OUTCOMES);
  }

  @Test
  void emittedMembersDeclareTheContractsMetric() {
    for (String metric : Metrics.RELAY_EMITTED) {
      Map<String, Object> fields = new LinkedHashMap<>();
      RelayMetrics.addTo(
          fields, Instant.parse("2026-12-06T00:00:00Z"), metric, Metrics.OUTCOME, "x");
      assertThat(Emf.metricNames(fields)).as(metric).containsExactly(metric);
      assertThat(fields).containsEntry(metric, 1).containsEntry(Metrics.OUTCOME, "x");
    }
  }
}
