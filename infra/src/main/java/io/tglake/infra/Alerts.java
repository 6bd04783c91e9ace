package io.tglake.infra;

import io.tglake.contract.Metrics;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Alerts: the SNS topic every alarm and failure event goes to, the alarms on ingest ({@link
 * IngestAlarms}) and on the daily ETL ({@link EtlAlarms}), and the {@code tglake} dashboard ({@link
 * OpsDashboard}). Thresholds are {@link OpsSettings}; the README's Operations section is the
 * runbook.
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
public final class Alerts extends Construct implements Concern {

  /**
   * Dimension of the ETL figures naming the kind of run (the ETL's EMF member of the same name).
   */
  public static final String RUN_KIND = Metrics.RUN_KIND;

  /** The only run kind the ETL alarms read. */
  public static final String SCHEDULED = Metrics.RUN_KIND_SCHEDULED;

  private final Topic topic;

  public Alerts(Construct scope, String id, StackConfig config, RawIngest ingest, DailyEtl etl) {
    super(scope, id);
    topic = alertsTopic(config.alertEmail());
    new IngestAlarms(this, "IngestAlarms", config, ingest, topic);
    new EtlAlarms(this, "EtlAlarms", config.ops(), etl, topic);
    new OpsDashboard(this, "OpsDashboard", ingest);
  }

  /** The topic to subscribe to. */
  public Topic topic() {
    return topic;
  }

  private Topic alertsTopic(String alertEmail) {
    Topic t =
        Topic.Builder.create(this, "Alerts").displayName("tglake alerts").enforceSsl(true).build();
    if (!alertEmail.isBlank()) {
      t.addSubscription(new EmailSubscription(alertEmail));
    }
    // enforceSsl (and the EventBridge target of EtlAlarms) make CDK write a topic policy, and a
    // topic policy replaces SNS's default one: without this statement no alarm of the stack could
    // publish. Scoped to this account's alarms (confused-deputy conditions as the SNS guide
    // recommends for service principals).
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
}
