package io.tglake.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void etlEmitsTheDayMetricsAndRowsPerTable() {
    assertThat(Metrics.ETL_EMITTED)
        .as("day metrics in document order, then the per-table rows")
        .containsExactly(
            "EtlUpdates",
            "EtlObjectsRead",
            "EtlQuarantined",
            "EtlRescued",
            "EtlDuplicatesDropped",
            "EtlSeconds",
            "EtlDayFailed",
            "EtlQuarantinedFraction",
            "EtlRescuedFraction",
            "EtlRows");
    assertThat(Metrics.WEBHOOK_EMITTED).containsExactly("WebhookRequests");
    assertThat(Metrics.RELAY_EMITTED)
        .containsExactly("RelayRequests", "BotApiRequests", "OutgoingRecordFailures");
    assertThat(Metrics.ETL_EMITTED)
        .as("one name, one emitter")
        .doesNotContainAnyElementsOf(Metrics.WEBHOOK_EMITTED)
        .doesNotContainAnyElementsOf(Metrics.RELAY_EMITTED);
    assertThat(Metrics.WEBHOOK_EMITTED).doesNotContainAnyElementsOf(Metrics.RELAY_EMITTED);
  }
}
