package io.tglake.infra;

import static io.tglake.infra.Alarms.etlMetric;
import static io.tglake.infra.Alarms.sum;
import static io.tglake.infra.Alarms.webhookRequests;

import io.tglake.contract.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.SingleValueWidget;
import software.constructs.Construct;

/**
 * The CloudWatch dashboard {@code tglake}: webhook requests by outcome, the ingest function's
 * errors and throttles, API 5xx, and the last scheduled ETL day's figures (rows per table
 * included). It reads the same metrics as the alarms.
 */
final class OpsDashboard extends Construct implements Concern {

  OpsDashboard(Construct scope, String id, RawIngest ingest) {
    super(scope, id);
    List<IMetric> outcomes = new ArrayList<>();
    for (String o : Metrics.WEBHOOK_OUTCOMES) {
      outcomes.add(webhookRequests(o, Duration.hours(1)));
    }
    List<IMetric> rows = new ArrayList<>();
    for (String table : Metrics.ETL_ROWS_TABLES) {
      rows.add(
          Metric.Builder.create()
              .namespace(Metrics.ETL_LOG_NAMESPACE)
              .metricName(Metrics.ETL_ROWS)
              .dimensionsMap(Map.of(Metrics.TABLE, table, Alerts.RUN_KIND, Alerts.SCHEDULED))
              .statistic("Sum")
              .period(Duration.days(1))
              .build());
    }
    Dashboard.Builder.create(this, "Dashboard")
        .dashboardName("tglake")
        .widgets(
            List.of(
                List.of(
                    GraphWidget.Builder.create()
                        .title("Webhook requests per hour by outcome")
                        .left(outcomes)
                        .width(12)
                        .build(),
                    GraphWidget.Builder.create()
                        .title("Ingest Lambda")
                        .left(
                            List.of(
                                ingest.live().metricErrors(sum(Duration.minutes(5))),
                                ingest.function().metricThrottles(sum(Duration.minutes(5))),
                                ingest.stage().metricServerError(sum(Duration.minutes(5)))))
                        .width(12)
                        .build()),
                List.of(
                    SingleValueWidget.Builder.create()
                        .title("Last ETL day")
                        .metrics(
                            List.of(
                                etlMetric(Metrics.ETL_UPDATES, "Sum"),
                                etlMetric(Metrics.ETL_OBJECTS_READ, "Sum"),
                                etlMetric(Metrics.ETL_QUARANTINED, "Sum"),
                                etlMetric(Metrics.ETL_RESCUED, "Sum"),
                                etlMetric(Metrics.ETL_DUPLICATES_DROPPED, "Sum"),
                                etlMetric(Metrics.ETL_SECONDS, "Maximum"),
                                etlMetric(Metrics.ETL_DAY_FAILED, "Maximum")))
                        .width(24)
                        .build()),
                List.of(
                    GraphWidget.Builder.create()
                        .title("ETL updates per day")
                        .left(List.of(etlMetric(Metrics.ETL_UPDATES, "Sum")))
                        .width(8)
                        .build(),
                    GraphWidget.Builder.create()
                        .title("Quarantined / rescued fraction")
                        .left(
                            List.of(
                                etlMetric(Metrics.ETL_QUARANTINED_FRACTION, "Maximum"),
                                etlMetric(Metrics.ETL_RESCUED_FRACTION, "Maximum")))
                        .width(8)
                        .build(),
                    GraphWidget.Builder.create()
                        .title("Rows per table per day")
                        .left(rows)
                        .width(8)
                        .build())))
        .build();
  }
}
