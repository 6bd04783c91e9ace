package io.tglake.infra;

import io.tglake.contract.JobNames;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.emrserverless.CfnApplication;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * Daily ETL: the lake bucket (the ETL is its only writer), the Spark job jar, the job log group,
 * the EMR Serverless application ({@link EtlApplication}) and its job role ({@link EtlJobRole}),
 * and the EventBridge Scheduler schedule that starts yesterday's run (with its dead-letter queue
 * and role, {@link DailySchedule}). Failure alarms on these live in {@link Alerts}.
 */
public final class DailyEtl extends Construct implements Concern {

  /** The job's main class, passed as {@code --class} to spark-submit. */
  public static final String JOB_MAIN_CLASS = JobNames.ETL_JOB;

  /** Folder of the lake bucket receiving EMR Serverless driver/executor logs. */
  public static final String EMR_LOG_PREFIX = "logs/emr";

  /**
   * CloudWatch log group of the job runs' driver stdout/stderr (the ETL's EMF metric lines are on
   * stdout).
   */
  public static final String JOB_LOG_GROUP = "/aws/emr-serverless/tglake-etl";

  private final StackConfig config;
  private final Bucket lakeBucket;
  private final Asset jobJar;
  private final LogGroup jobLogs;
  private final EtlJobRole jobRole;
  private final EtlApplication application;
  private final DailySchedule schedule;

  /**
   * @param raw the raw bucket (read only)
   * @param rawUri the job's {@code --raw}
   * @param extraJobArgs appended to the scheduled run's arguments (e.g. pseudonymization options)
   */
  public DailyEtl(
      Construct scope,
      String id,
      StackConfig config,
      Bucket raw,
      String rawUri,
      List<String> extraJobArgs) {
    super(scope, id);
    this.config = config;
    EtlCapacity.DEFAULT.requireFits(config.maxCpu(), config.maxMemory());
    lakeBucket = createLakeBucket();
    jobJar = Asset.Builder.create(this, "EtlJobJar").path(config.jobJar().toString()).build();
    jobLogs =
        LogGroup.Builder.create(this, "EtlJobLogs")
            .logGroupName(JOB_LOG_GROUP)
            .retention(RetentionDays.THREE_MONTHS)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    jobRole = new EtlJobRole(this, "JobRole", config, raw, lakeBucket, jobJarObjectArn(), jobLogs);
    application = new EtlApplication(this, "Application", config, logUri());
    application.application().addDependency((CfnResource) jobLogs.getNode().getDefaultChild());
    // The scheduled time, not "now": a delayed or retried invocation still processes the right UTC
    // day.
    List<String> args =
        JobRunTarget.jobArgs(rawUri, enrichedUri(), "--scheduled-time", extraJobArgs);
    schedule =
        new DailySchedule(this, "Schedule", config, application(), jobRole.role(), jobJar, args);
  }

  public Bucket lakeBucket() {
    return lakeBucket;
  }

  /** {@code s3://<lake bucket>/<enriched prefix>}, the ETL's {@code --enriched}. */
  public String enrichedUri() {
    return "s3://" + lakeBucket.getBucketName() + "/" + config.enrichedPrefix();
  }

  /** Where EMR Serverless writes driver/executor logs. */
  public String logUri() {
    return "s3://" + lakeBucket.getBucketName() + "/" + EMR_LOG_PREFIX + "/";
  }

  public Asset jobJar() {
    return jobJar;
  }

  /** ARN of exactly the job jar object (not the whole CDK assets bucket). */
  public String jobJarObjectArn() {
    return "arn:"
        + Stack.of(this).getPartition()
        + ":s3:::"
        + jobJar.getS3BucketName()
        + "/"
        + jobJar.getS3ObjectKey();
  }

  public Role jobRole() {
    return jobRole.role();
  }

  public CfnApplication application() {
    return application.application();
  }

  public Queue deadLetterQueue() {
    return schedule.deadLetterQueue();
  }

  public CfnSchedule schedule() {
    return schedule.schedule();
  }

  /** The job runs' CloudWatch log group (driver stdout/stderr). */
  public LogGroup jobLogs() {
    return jobLogs;
  }

  private Bucket createLakeBucket() {
    Bucket bucket =
        Buckets.secure(this, "LakeBucket")
            // Derived data, rebuildable from raw; versions kept one week so a bad run's overwrite
            // can be undone
            // without paying for every daily rewrite forever.
            .versioned(true)
            .lifecycleRules(
                new ArrayList<>(
                    List.of(
                        LifecycleRule.builder()
                            .id("expire-noncurrent-and-incomplete-uploads")
                            .noncurrentVersionExpiration(
                                Duration.days(config.data().lakeNoncurrentDays()))
                            .abortIncompleteMultipartUploadAfter(Duration.days(2))
                            .build(),
                        LifecycleRule.builder()
                            .id("expire-emr-logs")
                            .prefix(EMR_LOG_PREFIX + "/")
                            .expiration(Duration.days(30))
                            .build())))
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    Buckets.suppressAccessLogs(bucket);
    return bucket;
  }
}
