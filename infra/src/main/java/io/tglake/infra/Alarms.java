package io.tglake.infra;

import io.tglake.contract.Metrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * What the alarms of {@link IngestAlarms} and {@link EtlAlarms} and the {@link OpsDashboard} share:
 * the metrics they read (names from the contract's {@link Metrics}) and the common alarm shape.
 */
final class Alarms {

  /** Appended to every alarm description that has a runbook entry. */
  static final String RUNBOOK = " Runbook: infra/README.md, Operations.";

  private Alarms() {}

  /**
   * {@code WebhookRequests} of one outcome (a dimension value of the ingest function's EMF lines).
   */
  static Metric webhookRequests(String outcome, Duration period) {
    return Metric.Builder.create()
        .namespace(Metrics.NAMESPACE)
        .metricName(Metrics.WEBHOOK_REQUESTS)
        .dimensionsMap(Map.of(Metrics.OUTCOME, outcome))
        .statistic("Sum")
        .period(period)
        .build();
  }

  /** The sum over 15 minutes of {@code metric} in the ingest namespace, one dimension value. */
  static Metric countOf(String metric, String dimension, String value) {
    return Metric.Builder.create()
        .namespace(Metrics.NAMESPACE)
        .metricName(metric)
        .dimensionsMap(Map.of(dimension, value))
        .statistic("Sum")
        .period(Duration.minutes(15))
        .build();
  }

  /** {@code expression} over the 15-minute {@code WebhookRequests} of the given outcomes. */
  static MathExpression sumOf(String expression, String... outcomes) {
    Map<String, IMetric> using = new LinkedHashMap<>();
    for (String outcome : outcomes) {
      using.put(outcome, webhookRequests(outcome, Duration.minutes(15)));
    }
    return MathExpression.Builder.create()
        .expression(expression)
        .usingMetrics(using)
        .period(Duration.minutes(15))
        .build();
  }

  /** {@code FILL(a, 0) + FILL(b, 0) + ...}: a missing series counts as zero. */
  static String fillSum(List<String> ids) {
    return String.join(" + ", ids.stream().map(id -> "FILL(" + id + ", 0)").toList());
  }

  /** An ETL figure of the scheduled runs, per day. */
  static Metric etlMetric(String name, String statistic) {
    return Metric.Builder.create()
        .namespace(Metrics.ETL_LOG_NAMESPACE)
        .metricName(name)
        .statistic(statistic)
        .dimensionsMap(Map.of(Alerts.RUN_KIND, Alerts.SCHEDULED))
        .period(Duration.days(1))
        .build();
  }

  static MetricOptions sum(Duration period) {
    return MetricOptions.builder().period(period).statistic("Sum").build();
  }

  /** An alarm at {@code >= threshold} over one period, to the topic; no data = OK. */
  static Alarm atLeast(
      Construct scope,
      String id,
      String description,
      IMetric metric,
      double threshold,
      ITopic topic) {
    Alarm a =
        Alarm.Builder.create(scope, id)
            .alarmDescription(description)
            .metric(metric)
            .threshold(threshold)
            .evaluationPeriods(1)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build();
    a.addAlarmAction(new SnsAction(topic));
    return a;
  }
}
