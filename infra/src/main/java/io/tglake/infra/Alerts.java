package io.tglake.infra;

import io.tglake.contract.Metrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.CfnAlarm;
import software.amazon.awscdk.services.cloudwatch.CfnAnomalyDetector;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.SingleValueWidget;
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
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Alerts: the SNS topic every alarm and failure event goes to, the alarms on ingest and the daily
 * ETL, and the {@code tglake} dashboard. Thresholds are {@link OpsSettings}; the README's
 * Operations section is the runbook.
 *
 * <p>Every namespace, metric and dimension name is the contract's ({@link Metrics}): an alarm can
 * only watch what a component emits. Ingest metrics come from the function's EMF lines ({@value
 * Metrics#WEBHOOK_REQUESTS} by {@value Metrics#OUTCOME}, namespace {@value Metrics#NAMESPACE}),
 * which CloudWatch Logs extracts for Lambda. The ETL prints the same kind of lines on the driver's
 * stdout on EMR Serverless; whether CloudWatch extracts EMF from the log group EMR Serverless
 * writes to is not documented, so the ETL figures are taken from that log group by metric filters
 * on the JSON fields, into their own namespace {@value Metrics#ETL_LOG_NAMESPACE} (no double
 * counting should extraction happen as well).
 */
public final class Alerts extends Construct {

  /**
   * Dimension of the ETL figures naming the kind of run (the ETL's EMF member of the same name).
   */
  public static final String RUN_KIND = Metrics.RUN_KIND;

  /** The only run kind the ETL alarms read. */
  public static final String SCHEDULED = Metrics.RUN_KIND_SCHEDULED;

  private static final String RUNBOOK = " Runbook: infra/README.md, Operations.";

  private final StackConfig config;
  private final OpsSettings ops;
  private final Topic topic;
  private final List<IWidget> etlWidgets = new ArrayList<>();

  public Alerts(Construct scope, String id, StackConfig config, RawIngest ingest, DailyEtl etl) {
    super(scope, id);
    this.config = config;
    this.ops = config.ops();
    topic = alertsTopic();
    ingestAlarms(ingest);
    botAlarms();
    etlAlarms(etl);
    dashboard(ingest);
  }

  /** The topic to subscribe to. */
  public Topic topic() {
    return topic;
  }

  private Topic alertsTopic() {
    Topic t =
        Topic.Builder.create(this, "Alerts").displayName("tglake alerts").enforceSsl(true).build();
    if (!config.alertEmail().isBlank()) {
      t.addSubscription(new EmailSubscription(config.alertEmail()));
    }
    // enforceSsl (and the EventBridge target below) make CDK write a topic policy, and a topic
    // policy replaces
    // SNS's default one: without this statement no alarm of the stack could publish. Scoped to this
    // account's
    // alarms (confused-deputy conditions as the SNS guide recommends for service principals).
    Stack stack = Stack.of(this);
    t.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .sid("CloudWatchAlarmsPublish")
            .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
            .actions(List.of("sns:Publish"))
            .resources(List.of(t.getTopicArn()))
            .conditions(
                Map.of(
                    "StringEquals", Map.of("aws:SourceAccount", stack.getAccount()),
                    "ArnLike",
                        Map.of(
                            "aws:SourceArn",
                            "arn:"
                                + stack.getPartition()
                                + ":cloudwatch:"
                                + stack.getRegion()
                                + ":"
                                + stack.getAccount()
                                + ":alarm:*")))
            .build());
    Nag.suppress(
        t,
        "AwsSolutions-SNS2",
        "alert texts carry alarm names and states, no data; SSE would need a "
            + "KMS key policy for CloudWatch and EventBridge");
    return t;
  }

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

  private void ingestAlarms(RawIngest ingest) {
    alarm(
        "IngestErrorsAlarm",
        "tglake ingest Lambda errors (Telegram retries; raw may be missing updates)",
        ingest.live().metricErrors(sum(Duration.minutes(5))),
        1);
    alarm(
        "Webhook5xxAlarm",
        "tglake webhook answered 5xx (storage failing; Telegram retries and may back off)",
        ingest.stage().metricServerError(sum(Duration.minutes(5))),
        1);
    alarm(
        "IngestThrottlesAlarm",
        "tglake ingest Lambda throttled (flood or reserved concurrency too low; "
            + "Telegram retries throttled deliveries)",
        ingest.function().metricThrottles(sum(Duration.minutes(5))),
        1);

    // No stored update for N hours: webhook deleted or moved, bot blocked, secret changed on one
    // side only.
    // Missing data is breaching: with no deliveries the function emits nothing at all.
    Alarm.Builder.create(this, "IngestFreshnessAlarm")
        .alarmDescription(
            "tglake: no Telegram update stored for " + ops.freshnessHours() + " hours." + RUNBOOK)
        .metric(webhookRequests("stored", Duration.hours(1)))
        .threshold(1)
        .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
        .evaluationPeriods(ops.freshnessHours())
        .datapointsToAlarm(ops.freshnessHours())
        .treatMissingData(TreatMissingData.BREACHING)
        .build()
        .addAlarmAction(new SnsAction(topic));

    alarm(
        "WebhookAuthFailuresAlarm",
        "tglake: >= "
            + ops.authFailures()
            + " answers 401/403 in 15 minutes "
            + "(secret mismatch or someone probing the URL)."
            + RUNBOOK,
        sumOf("FILL(unauthorized, 0) + FILL(forbidden, 0)", "unauthorized", "forbidden"),
        ops.authFailures());
    alarm(
        "WebhookBadRequestsAlarm",
        "tglake: >= "
            + ops.badRequests()
            + " answers 400/413 in 15 minutes "
            + "(malformed or oversized bodies)."
            + RUNBOOK,
        sumOf("FILL(bad_request, 0) + FILL(too_large, 0)", "bad_request", "too_large"),
        ops.badRequests());
  }

  /**
   * Relay failures reaching Telegram as 502/504 (the bot unreachable, slow, redirecting, 410 or
   * oversized).
   */
  static final List<String> RELAY_FAILURES =
      List.of(
          "bot_timeout",
          "bot_unreachable",
          "bot_redirect",
          "bot_410",
          "bot_too_large",
          "bot_bad_status");

  /**
   * Beside a bot: relay failures, the bot's own 5xx rate, pass-through errors and outgoing records
   * that could not be stored. Metric and dimension names are those of ingest-lambda's {@code
   * io.tglake.ingest.relay.RelayMetrics}.
   */
  private void botAlarms() {
    BotSettings bot = config.bot();
    if (bot.relay()) {
      Map<String, IMetric> failures = new LinkedHashMap<>();
      for (String outcome : RELAY_FAILURES) {
        failures.put(outcome, countOf("RelayRequests", "Outcome", outcome));
      }
      alarm(
          "RelayFailuresAlarm",
          "tglake relay: >= 5 deliveries in 15 minutes the bot did not answer usably "
              + "(timeout, unreachable, redirect, 410, oversized): Telegram retries them."
              + RUNBOOK,
          MathExpression.Builder.create()
              .expression(fillSum(RELAY_FAILURES))
              .usingMetrics(failures)
              .period(Duration.minutes(15))
              .build(),
          5);
      Map<String, IMetric> rate = new LinkedHashMap<>();
      rate.put("bot5xx", countOf("RelayRequests", "Outcome", "bot_5xx"));
      rate.put("answered", countOf("RelayRequests", "Outcome", "answered"));
      alarm(
          "Bot5xxRateAlarm",
          "tglake relay: the bot answered 5xx to more than 5 % of the deliveries in 15 minutes."
              + RUNBOOK,
          MathExpression.Builder.create()
              .expression("100 * FILL(bot5xx, 0) / (FILL(bot5xx, 0) + FILL(answered, 0) + 1)")
              .usingMetrics(rate)
              .period(Duration.minutes(15))
              .build(),
          5);
    }
    if (bot.passThrough()) {
      Map<String, IMetric> errors = new LinkedHashMap<>();
      errors.put("upstream_error", countOf("BotApiRequests", "Outcome", "upstream_error"));
      errors.put("upstream_5xx", countOf("BotApiRequests", "Outcome", "upstream_5xx"));
      alarm(
          "PassThroughErrorsAlarm",
          "tglake Bot API pass-through: >= 5 calls in 15 minutes that Telegram did not "
              + "answer or answered 5xx."
              + RUNBOOK,
          MathExpression.Builder.create()
              .expression("FILL(upstream_error, 0) + FILL(upstream_5xx, 0)")
              .usingMetrics(errors)
              .period(Duration.minutes(15))
              .build(),
          5);
    }
    if (bot.relay() || bot.passThrough()) {
      Map<String, IMetric> records = new LinkedHashMap<>();
      records.put("wr", countOf("OutgoingRecordFailures", "Source", "webhook_response"));
      records.put("api", countOf("OutgoingRecordFailures", "Source", "bot_api"));
      alarm(
          "OutgoingRecordFailuresAlarm",
          "tglake: outgoing records (what the bot said) could not be stored; the "
              + "bot's answers still went out."
              + RUNBOOK,
          MathExpression.Builder.create()
              .expression("FILL(wr, 0) + FILL(api, 0)")
              .usingMetrics(records)
              .period(Duration.minutes(15))
              .build(),
          1);
    }
  }

  private static String fillSum(List<String> ids) {
    return String.join(" + ", ids.stream().map(id -> "FILL(" + id + ", 0)").toList());
  }

  private static Metric countOf(String metric, String dimension, String value) {
    return Metric.Builder.create()
        .namespace(Metrics.NAMESPACE)
        .metricName(metric)
        .dimensionsMap(Map.of(dimension, value))
        .statistic("Sum")
        .period(Duration.minutes(15))
        .build();
  }

  private static MathExpression sumOf(String expression, String... outcomes) {
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

  private void etlAlarms(DailyEtl etl) {
    alarm(
        "ScheduleDeadLetterAlarm",
        "tglake daily ETL could not be started (see the schedule's dead-letter queue)",
        etl.deadLetterQueue()
            .metricApproximateNumberOfMessagesVisible(
                MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").build()),
        1);
    // A run that hits ExecutionTimeoutMinutes is cancelled by EMR Serverless (CANCELLING ->
    // CANCELLED), so
    // FAILED + CANCELLED covers failures, cancellations and timeouts.
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

    // Every figure is split by the run's kind: the alarms read the scheduled runs only, so a
    // backfill, a rerun or
    // an erasure rebuild neither changes the figures a day is judged by nor stands in for a missing
    // scheduled run.
    for (String name : Metrics.ETL_DAY_METRICS) {
      MetricFilter.Builder.create(this, "EtlLogMetric" + name)
          .logGroup(etl.jobLogs())
          .filterPattern(FilterPattern.numberValue("$." + name, ">=", 0))
          .metricNamespace(Metrics.ETL_LOG_NAMESPACE)
          .metricName(name)
          .metricValue("$." + name)
          .dimensions(Map.of(RUN_KIND, "$." + RUN_KIND))
          .build();
    }
    MetricFilter.Builder.create(this, "EtlLogMetric" + Metrics.ETL_ROWS)
        .logGroup(etl.jobLogs())
        .filterPattern(FilterPattern.numberValue("$." + Metrics.ETL_ROWS, ">=", 0))
        .metricNamespace(Metrics.ETL_LOG_NAMESPACE)
        .metricName(Metrics.ETL_ROWS)
        .metricValue("$." + Metrics.ETL_ROWS)
        .dimensions(Map.of(Metrics.TABLE, "$." + Metrics.TABLE, RUN_KIND, "$." + RUN_KIND))
        .build();

    alarm(
        "EtlDayFailedAlarm",
        "tglake: the ETL reported a failed day (EtlDayFailed)." + RUNBOOK,
        etlMetric(Metrics.ETL_DAY_FAILED, "Maximum"),
        1);
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
    updatesLowAlarm();
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
                    .name(RUN_KIND)
                    .value(SCHEDULED)
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
                                                .name(RUN_KIND)
                                                .value(SCHEDULED)
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

  /** An ETL figure of the scheduled runs, per day. */
  static Metric etlMetric(String name, String statistic) {
    return Metric.Builder.create()
        .namespace(Metrics.ETL_LOG_NAMESPACE)
        .metricName(name)
        .statistic(statistic)
        .dimensionsMap(Map.of(RUN_KIND, SCHEDULED))
        .period(Duration.days(1))
        .build();
  }

  private void dashboard(RawIngest ingest) {
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
              .dimensionsMap(Map.of(Metrics.TABLE, table, RUN_KIND, SCHEDULED))
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

  /** An alarm at {@code >= threshold} over one period, to the topic; no data = OK. */
  private Alarm alarm(String id, String description, IMetric metric, double threshold) {
    Alarm a =
        Alarm.Builder.create(this, id)
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

  private static MetricOptions sum(Duration period) {
    return MetricOptions.builder().period(period).statistic("Sum").build();
  }
}
