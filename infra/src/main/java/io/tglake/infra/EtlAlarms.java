package io.tglake.infra;

import static io.tglake.infra.Alarms.RUNBOOK;
import static io.tglake.infra.Alarms.etlMetric;

import io.tglake.contract.Metrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.CfnAlarm;
import software.amazon.awscdk.services.cloudwatch.CfnAnomalyDetector;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.CfnRule;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * The alarms on the ETL side ({@link DailyEtl}): a schedule start that landed in the dead-letter
 * queue, job runs FAILED or CANCELLED (an EventBridge rule), and the day's figures the ETL prints,
 * turned into metrics by filters on the job log group: a failed day, quarantined and rescued
 * fractions, no run for two days, far fewer updates than usual.
 */
final class EtlAlarms extends Construct implements Concern {

  private final OpsSettings ops;
  private final Topic topic;

  EtlAlarms(Construct scope, String id, OpsSettings ops, DailyEtl etl, Topic topic) {
    super(scope, id);
    this.ops = ops;
    this.topic = topic;
    Alarms.atLeast(
        this,
        "ScheduleDeadLetterAlarm",
        "tglake daily ETL could not be started (see the schedule's dead-letter queue)",
        etl.deadLetterQueue()
            .metricApproximateNumberOfMessagesVisible(
                MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").build()),
        1,
        topic);
    jobFailedRule(etl);
    logMetrics(etl);
    dayAlarms();
    updatesLowAlarm();
  }

  /**
   * A run that hits ExecutionTimeoutMinutes is cancelled by EMR Serverless (CANCELLING ->
   * CANCELLED), so FAILED + CANCELLED covers failures, cancellations and timeouts.
   */
  private void jobFailedRule(DailyEtl etl) {
    Rule failed =
        Rule.Builder.create(this, "EtlJobFailedRule")
            .description(
                "tglake: an EMR Serverless job run of the ETL application FAILED or was CANCELLED (or timed out)")
            .eventPattern(
                EventPattern.builder()
                    .source(List.of("aws.emr-serverless"))
                    .detailType(List.of("EMR Serverless Job Run State Change"))
                    .detail(
                        Map.of(
                            "state", List.of("FAILED", "CANCELLED"),
                            "applicationId", List.of(etl.application().getAttrApplicationId())))
                    .build())
            .build();
    // The target is written here rather than with CDK's SnsTopic target, whose topic-policy
    // statement lets
    // events.amazonaws.com publish on behalf of any rule of any account; this one is limited to
    // this rule.
    ((CfnRule) failed.getNode().getDefaultChild())
        .addPropertyOverride(
            "Targets", List.of(Map.of("Arn", topic.getTopicArn(), "Id", "AlertsTopic")));
    topic.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .sid("EtlJobFailedRulePublish")
            .principals(List.of(new ServicePrincipal("events.amazonaws.com")))
            .actions(List.of("sns:Publish"))
            .resources(List.of(topic.getTopicArn()))
            .conditions(
                Map.of(
                    "StringEquals", Map.of("aws:SourceAccount", Stack.of(this).getAccount()),
                    "ArnEquals", Map.of("aws:SourceArn", failed.getRuleArn())))
            .build());
  }

  /**
   * Every figure is split by the run's kind: the alarms read the scheduled runs only, so a
   * backfill, a rerun or an erasure rebuild neither changes the figures a day is judged by nor
   * stands in for a missing scheduled run.
   */
  private void logMetrics(DailyEtl etl) {
    for (String name : Metrics.ETL_DAY_METRICS) {
      MetricFilter.Builder.create(this, "EtlLogMetric" + name)
          .logGroup(etl.jobLogs())
          .filterPattern(FilterPattern.numberValue("$." + name, ">=", 0))
          .metricNamespace(Metrics.ETL_LOG_NAMESPACE)
          .metricName(name)
          .metricValue("$." + name)
          .dimensions(Map.of(Alerts.RUN_KIND, "$." + Alerts.RUN_KIND))
          .build();
    }
    // Ordered: with Map.of the two dimensions came out in a different order from one synth to the
    // next, a template change (and a metric filter update) on every deploy.
    Map<String, String> rowDimensions = new LinkedHashMap<>();
    rowDimensions.put(Metrics.TABLE, "$." + Metrics.TABLE);
    rowDimensions.put(Alerts.RUN_KIND, "$." + Alerts.RUN_KIND);
    MetricFilter.Builder.create(this, "EtlLogMetric" + Metrics.ETL_ROWS)
        .logGroup(etl.jobLogs())
        .filterPattern(FilterPattern.numberValue("$." + Metrics.ETL_ROWS, ">=", 0))
        .metricNamespace(Metrics.ETL_LOG_NAMESPACE)
        .metricName(Metrics.ETL_ROWS)
        .metricValue("$." + Metrics.ETL_ROWS)
        .dimensions(rowDimensions)
        .build();
  }

  private void dayAlarms() {
    Alarms.atLeast(
        this,
        "EtlDayFailedAlarm",
        "tglake: the ETL reported a failed day (EtlDayFailed)." + RUNBOOK,
        etlMetric(Metrics.ETL_DAY_FAILED, "Maximum"),
        1,
        topic);
    Alarm.Builder.create(this, "EtlQuarantinedFractionAlarm")
        .alarmDescription(
            "tglake: a day's quarantined fraction above " + ops.quarantinedFraction() + RUNBOOK)
        .metric(etlMetric(Metrics.ETL_QUARANTINED_FRACTION, "Maximum"))
        .threshold(ops.quarantinedFraction())
        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
        .evaluationPeriods(1)
        .treatMissingData(TreatMissingData.NOT_BREACHING)
        .build()
        .addAlarmAction(new SnsAction(topic));
    Alarm.Builder.create(this, "EtlRescuedFractionAlarm")
        .alarmDescription(
            "tglake: a day's rescued fraction above " + ops.rescuedFraction() + RUNBOOK)
        .metric(etlMetric(Metrics.ETL_RESCUED_FRACTION, "Maximum"))
        .threshold(ops.rescuedFraction())
        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
        .evaluationPeriods(1)
        .treatMissingData(TreatMissingData.NOT_BREACHING)
        .build()
        .addAlarmAction(new SnsAction(topic));
    // No scheduled ETL figures for two days: the daily run did not run (or logs stopped), whatever
    // the reason; a
    // manual run or backfill in between does not hide it.
    Alarm.Builder.create(this, "EtlNoRunAlarm")
        .alarmDescription("tglake: no ETL day reported for 2 days." + RUNBOOK)
        .metric(etlMetric(Metrics.ETL_DAY_FAILED, "SampleCount"))
        .threshold(1)
        .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
        .evaluationPeriods(2)
        .datapointsToAlarm(2)
        .treatMissingData(TreatMissingData.BREACHING)
        .build()
        .addAlarmAction(new SnsAction(topic));
  }

  /**
   * A day with far fewer updates than usual. CloudWatch alarms cannot compute a trailing 7-day
   * median, so the level is CloudWatch's anomaly-detection model of the daily sum (trained on the
   * metric's history, weekly pattern included); the alarm fires when a day falls under the band's
   * lower edge.
   */
  private void updatesLowAlarm() {
    CfnAnomalyDetector.Builder.create(this, "EtlUpdatesModel")
        .namespace(Metrics.ETL_LOG_NAMESPACE)
        .metricName(Metrics.ETL_UPDATES)
        .dimensions(
            List.of(
                CfnAnomalyDetector.DimensionProperty.builder()
                    .name(Alerts.RUN_KIND)
                    .value(Alerts.SCHEDULED)
                    .build()))
        .stat("Sum")
        .build();
    CfnAlarm.Builder.create(this, "EtlUpdatesLowAlarm")
        .alarmDescription(
            "tglake: a day's EtlUpdates far below its usual level (anomaly band "
                + ops.updatesBand()
                + " standard deviations)."
                + RUNBOOK)
        .comparisonOperator("LessThanLowerThreshold")
        .evaluationPeriods(1)
        .thresholdMetricId("band")
        .treatMissingData("notBreaching")
        .alarmActions(List.of(topic.getTopicArn()))
        .metrics(
            List.of(
                CfnAlarm.MetricDataQueryProperty.builder()
                    .id("updates")
                    .returnData(true)
                    .metricStat(
                        CfnAlarm.MetricStatProperty.builder()
                            .metric(
                                CfnAlarm.MetricProperty.builder()
                                    .namespace(Metrics.ETL_LOG_NAMESPACE)
                                    .metricName(Metrics.ETL_UPDATES)
                                    .dimensions(
                                        List.of(
                                            CfnAlarm.DimensionProperty.builder()
                                                .name(Alerts.RUN_KIND)
                                                .value(Alerts.SCHEDULED)
                                                .build()))
                                    .build())
                            .period(86400)
                            .stat("Sum")
                            .build())
                    .build(),
                CfnAlarm.MetricDataQueryProperty.builder()
                    .id("band")
                    .returnData(true)
                    .expression("ANOMALY_DETECTION_BAND(updates, " + ops.updatesBand() + ")")
                    .build()))
        .build();
  }
}
