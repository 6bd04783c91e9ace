package io.tglake.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.emrserverless.CfnApplication;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The EventBridge Scheduler schedule that starts the daily run of the previous UTC day, with its
 * role (start runs of the application, pass the job role, send to the dead-letter queue) and the
 * dead-letter queue that receives a start the scheduler could not make after its retries.
 */
final class DailySchedule extends Construct implements Concern {

  /**
   * Context attribute the scheduler replaces with the invocation's scheduled time (ISO-8601, UTC).
   */
  public static final String SCHEDULED_TIME = "<aws.scheduler.scheduled-time>";

  /**
   * Context attribute the scheduler replaces with the id of the invocation (same for all its retry
   * attempts).
   */
  public static final String EXECUTION_ID = "<aws.scheduler.execution-id>";

  /**
   * StartJobRun's idempotency token for the daily run. StartJobRun requires {@code
   * [A-Za-z0-9._-]+}, 1..64 characters (EMR Serverless API reference, shape ClientToken), and the
   * scheduler substitutes context attributes verbatim, with no formatting: {@code
   * <aws.scheduler.scheduled-time>} renders as {@code 2026-11-23T01:30:00Z}, whose colons make
   * every request invalid. {@code <aws.scheduler.execution-id>} renders as a short alphanumeric id
   * (documented example {@code d32c5kddcf5bb8c3}) that the Scheduler user guide ("Adding context
   * attributes") describes as assigned per invocation of the target, while {@code
   * <aws.scheduler.attempt-number>} counts the attempts within that invocation; so retries of one
   * invocation carry the same id and EMR Serverless starts the run once. The guide does not spell
   * out the retry case in so many words, so nothing relies on it: should a retry carry a new id,
   * the second run finds the first holding the day and ends as a duplicate start, exit 0 and no
   * page (the ETL's {@code ScheduledStarts}, README "Scheduler input").
   */
  public static final String CLIENT_TOKEN = "tglake-daily-" + EXECUTION_ID;

  private final Queue deadLetterQueue;
  private final CfnSchedule schedule;

  /**
   * @param jobArgs the run's arguments, {@code --scheduled-time} {@value #SCHEDULED_TIME} among
   *     them
   */
  DailySchedule(
      Construct scope,
      String id,
      StackConfig config,
      CfnApplication application,
      Role jobRole,
      Asset jobJar,
      List<String> jobArgs) {
    super(scope, id);
    deadLetterQueue = createDeadLetterQueue();
    schedule = dailySchedule(config, application, jobRole, jobJar, jobArgs);
  }

  Queue deadLetterQueue() {
    return deadLetterQueue;
  }

  CfnSchedule schedule() {
    return schedule;
  }

  private Queue createDeadLetterQueue() {
    Queue dlq =
        Queue.Builder.create(this, "ScheduleDeadLetterQueue")
            .encryption(QueueEncryption.SQS_MANAGED)
            .enforceSsl(true)
            .retentionPeriod(Duration.days(14))
            .build();
    Nag.suppress(dlq, "AwsSolutions-SQS3", "this queue is itself the schedule's dead-letter queue");
    return dlq;
  }

  private CfnSchedule dailySchedule(
      StackConfig config,
      CfnApplication application,
      Role jobRole,
      Asset jobJar,
      List<String> jobArgs) {
    JobRunTarget run = new JobRunTarget(application, jobRole, jobJar);
    Role schedulerRole =
        run.schedulerRole(
            this,
            "SchedulerRole",
            "tglake EventBridge Scheduler: start the daily EMR Serverless job run");
    schedulerRole.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("DeadLetter")
            .actions(List.of("sqs:SendMessage"))
            .resources(List.of(deadLetterQueue.getQueueArn()))
            .build());

    return CfnSchedule.Builder.create(this, "DailyEtlSchedule")
        .description("tglake: daily ETL of the previous UTC day")
        .scheduleExpression(config.scheduleCron())
        .scheduleExpressionTimezone(config.scheduleTimezone())
        .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder().mode("OFF").build())
        .state("ENABLED")
        .target(
            run.target(
                    schedulerRole,
                    CLIENT_TOKEN,
                    // The name has no pattern beyond "not blank" (String256), so the readable
                    // scheduled time can stay in it.
                    "tglake-daily-" + SCHEDULED_TIME,
                    jobArgs,
                    120)
                .retryPolicy(
                    CfnSchedule.RetryPolicyProperty.builder()
                        .maximumRetryAttempts(10)
                        .maximumEventAgeInSeconds(6 * 3600)
                        .build())
                .deadLetterConfig(
                    CfnSchedule.DeadLetterConfigProperty.builder()
                        .arn(deadLetterQueue.getQueueArn())
                        .build())
                .build())
        .build();
  }
}
