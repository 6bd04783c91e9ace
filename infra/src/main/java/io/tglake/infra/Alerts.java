package io.tglake.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SnsTopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Alerts: the SNS topic every alarm and failure event goes to, and the alarms on ingest and the daily ETL.
 * Thresholds are {@link StackConfig} settings; the README's Operations section is the runbook for each.
 */
public final class Alerts extends Construct {

  private final StackConfig config;
  private final Topic topic;

  public Alerts(Construct scope, String id, StackConfig config, RawIngest ingest, DailyEtl etl) {
    super(scope, id);
    this.config = config;
    topic = alertsTopic();
    ingestAlarms(ingest);
    etlAlarms(etl);
  }

  /** The topic to subscribe to. */
  public Topic topic() {
    return topic;
  }

  private Topic alertsTopic() {
    Topic t = Topic.Builder.create(this, "Alerts")
        .displayName("tglake alerts")
        .enforceSsl(true)
        .build();
    if (!config.alertEmail().isBlank()) {
      t.addSubscription(new EmailSubscription(config.alertEmail()));
    }
    Nag.suppress(t, "AwsSolutions-SNS2", "alert texts carry alarm names and states, no data; SSE would need a "
        + "KMS key policy for CloudWatch and EventBridge");
    return t;
  }

  private void ingestAlarms(RawIngest ingest) {
    alarm("IngestErrorsAlarm", "tglake ingest Lambda errors (Telegram retries; raw may be missing updates)",
        ingest.live().metricErrors(sum(Duration.minutes(5))), 1);
    alarm("Webhook5xxAlarm", "tglake webhook answered 5xx (storage failing; Telegram retries and may back off)",
        ingest.stage().metricServerError(sum(Duration.minutes(5))), 1);
  }

  private void etlAlarms(DailyEtl etl) {
    alarm("ScheduleDeadLetterAlarm", "tglake daily ETL could not be started (see the schedule's dead-letter queue)",
        etl.deadLetterQueue().metricApproximateNumberOfMessagesVisible(
            MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").build()), 1);
    Rule.Builder.create(this, "EtlJobFailedRule")
        .description("tglake: an EMR Serverless job run of the ETL application FAILED")
        .eventPattern(EventPattern.builder()
            .source(List.of("aws.emr-serverless"))
            .detailType(List.of("EMR Serverless Job Run State Change"))
            .detail(Map.of(
                "state", List.of("FAILED"),
                "applicationId", List.of(etl.application().getAttrApplicationId())))
            .build())
        .targets(List.of(new SnsTopic(topic)))
        .build();
  }

  /** An alarm at {@code >= threshold} over one period, to the topic; no data = OK. */
  private Alarm alarm(String id, String description, IMetric metric, double threshold) {
    Alarm a = Alarm.Builder.create(this, id)
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
