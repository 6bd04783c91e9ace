package io.tglake.infra;

import io.tglake.contract.JobNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.emrserverless.CfnApplication;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Daily ETL: the lake bucket (the ETL is its only writer), the Spark job jar, the EMR Serverless
 * application and its job role, and the EventBridge Scheduler schedule that starts yesterday's run
 * (with its dead-letter queue and role). Failure alarms on these live in {@link Alerts}.
 */
public final class DailyEtl extends Construct implements Concern {

  /** The job's main class, passed as {@code --class} to spark-submit. */
  public static final String JOB_MAIN_CLASS = JobNames.ETL_JOB;

  /** The EMR Serverless release of the application. */
  public static final String EMR_RELEASE = "emr-spark-8.0.0";

  /** EventBridge Scheduler's universal target for EMR Serverless StartJobRun. */
  public static final String START_JOB_RUN_TARGET =
      "arn:aws:scheduler:::aws-sdk:emrserverless:startJobRun";

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

  /** Folder of the lake bucket receiving EMR Serverless driver/executor logs. */
  public static final String EMR_LOG_PREFIX = "logs/emr";

  /**
   * CloudWatch log group of the job runs' driver stdout/stderr (the ETL's EMF metric lines are on
   * stdout).
   */
  public static final String JOB_LOG_GROUP = "/aws/emr-serverless/tglake-etl";

  /**
   * Spark properties of every job run (application defaults, so the daily schedule and the CLI's
   * submits/backfills behave the same).
   */
  public static final Map<String, String> SPARK_DEFAULTS = sparkDefaults();

  private final StackConfig config;
  private final Bucket lakeBucket;
  private final Asset jobJar;
  private final Role jobRole;
  private final CfnApplication application;
  private final Queue deadLetterQueue;
  private final CfnSchedule schedule;
  private final LogGroup jobLogs;
  private final String rawUri;

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
    this.rawUri = rawUri;
    EtlCapacity.DEFAULT.requireFits(config.maxCpu(), config.maxMemory());
    lakeBucket = createLakeBucket();
    jobJar = Asset.Builder.create(this, "EtlJobJar").path(config.jobJar().toString()).build();
    jobLogs =
        LogGroup.Builder.create(this, "EtlJobLogs")
            .logGroupName(JOB_LOG_GROUP)
            .retention(RetentionDays.THREE_MONTHS)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    jobRole = jobExecutionRole(raw);
    application = emrApplication();
    application.addDependency((CfnResource) jobLogs.getNode().getDefaultChild());
    deadLetterQueue = createDeadLetterQueue();
    schedule = dailySchedule(extraJobArgs);
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
    return jobRole;
  }

  public CfnApplication application() {
    return application;
  }

  public Queue deadLetterQueue() {
    return deadLetterQueue;
  }

  public CfnSchedule schedule() {
    return schedule;
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

  private Role jobExecutionRole(Bucket raw) {
    Role role =
        Role.Builder.create(this, "EmrJobRole")
            .description("tglake EMR Serverless job runs: read raw, write the enriched lake")
            .assumedBy(
                ServicePrincipal.Builder.create("emr-serverless.amazonaws.com")
                    .conditions(
                        Map.of(
                            "StringEquals",
                            Map.of("aws:SourceAccount", Stack.of(this).getAccount())))
                    .build())
            .build();
    String rawPrefix = config.rawPrefix();
    String enriched = config.enrichedPrefix();
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("ReadRawObjects")
            .actions(List.of("s3:GetObject"))
            // the updates and, beside them, the outgoing records (what the bot said) the
            // bot_messages table is built from
            .resources(
                List.of(
                    raw.arnForObjects(rawPrefix + "/*"),
                    raw.arnForObjects(config.bot().outgoingPrefix() + "/*")))
            .build());
    // Listing without a prefix condition: Hadoop/EMRFS may probe a bucket with HeadBucket, which
    // needs
    // s3:ListBucket and carries no s3:prefix (a conditioned grant would fail the run). Listing
    // reveals key
    // names only, and the raw bucket holds nothing but the raw prefix.
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("ListRaw")
            .actions(List.of("s3:ListBucket"))
            .resources(List.of(raw.getBucketArn()))
            .build());
    // Dynamic partition overwrite deletes and rewrites a day's folder; multipart uploads for large
    // parts.
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("WriteEnriched")
            .actions(
                List.of(
                    "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"))
            .resources(List.of(lakeBucket.arnForObjects(enriched + "/*")))
            .build());
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("ListLake")
            .actions(List.of("s3:ListBucket", "s3:ListBucketMultipartUploads"))
            .resources(List.of(lakeBucket.getBucketArn()))
            .build());
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("WriteJobLogs")
            .actions(List.of("s3:PutObject"))
            .resources(List.of(lakeBucket.arnForObjects(EMR_LOG_PREFIX + "/*")))
            .build());
    // Exactly the job jar object, not the whole CDK assets bucket.
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("ReadJobJar")
            .actions(List.of("s3:GetObject"))
            .resources(List.of(jobJarObjectArn()))
            .build());
    grantJobLogs(role, jobLogs);
    Nag.suppress(
        role,
        "AwsSolutions-IAM5",
        "object-level grants under one prefix (<raw>/telegram/*, "
            + "<lake>/enriched/*, <lake>/logs/emr/*): the job reads and rewrites whole day partitions; log streams of "
            + "the job log group (<group>:*); logs:DescribeLogGroups on log-group:* of this account and Region, "
            + "because that action has no per-group resource");
    return role;
  }

  /**
   * What EMR Serverless needs from a job run's execution role to send the driver's stdout/stderr to
   * the application's CloudWatch log group ({@code
   * monitoringConfiguration.cloudWatchLoggingConfiguration}): create and describe its streams, put
   * events, and find the group. Every role a run may use gets it (the daily job's and the erasure
   * role), since the application sends every run's logs there whatever the role.
   */
  static void grantJobLogs(Role role, LogGroup logs) {
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("WriteJobLogStreams")
            .actions(
                List.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"))
            .resources(List.of(logs.getLogGroupArn()))
            .build());
    // DescribeLogGroups has no per-group resource scope (it lists names only), so it gets this
    // account's and
    // Region's log groups: the one wildcard the IAM5 suppressions name.
    Stack stack = Stack.of(role);
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("FindJobLogGroup")
            .actions(List.of("logs:DescribeLogGroups"))
            .resources(
                List.of(
                    "arn:"
                        + stack.getPartition()
                        + ":logs:"
                        + stack.getRegion()
                        + ":"
                        + stack.getAccount()
                        + ":log-group:*"))
            .build());
  }

  private CfnApplication emrApplication() {
    return CfnApplication.Builder.create(this, "EtlApplication")
        .name("tglake-etl")
        .releaseLabel(EMR_RELEASE)
        .type("SPARK")
        // Graviton: about 20% cheaper per vCPU-hour; the job is pure JVM bytecode.
        .architecture("ARM64")
        .autoStartConfiguration(
            CfnApplication.AutoStartConfigurationProperty.builder().enabled(true).build())
        // One run a day: release the workers soon after a run (no idle billing).
        .autoStopConfiguration(
            CfnApplication.AutoStopConfigurationProperty.builder()
                .enabled(true)
                .idleTimeoutMinutes(15)
                .build())
        // Caps what a runaway backfill can cost.
        .maximumCapacity(
            CfnApplication.MaximumAllowedResourcesProperty.builder()
                .cpu(config.maxCpu())
                .memory(config.maxMemory())
                .disk("400 GB")
                .build())
        .runtimeConfiguration(
            List.of(
                CfnApplication.ConfigurationObjectProperty.builder()
                    .classification("spark-defaults")
                    .properties(withRegion(SPARK_DEFAULTS))
                    .build()))
        .monitoringConfiguration(
            CfnApplication.MonitoringConfigurationProperty.builder()
                .s3MonitoringConfiguration(
                    CfnApplication.S3MonitoringConfigurationProperty.builder()
                        .logUri(logUri())
                        .build())
                // The driver's stdout carries the ETL's per-day EMF lines; Alerts turns them into
                // metrics.
                .cloudWatchLoggingConfiguration(
                    CfnApplication.CloudWatchLoggingConfigurationProperty.builder()
                        .enabled(true)
                        .logGroupName(JOB_LOG_GROUP)
                        .logTypeMap(
                            List.of(
                                CfnApplication.LogTypeMapKeyValuePairProperty.builder()
                                    .key("SPARK_DRIVER")
                                    .value(List.of("STDOUT", "STDERR"))
                                    .build()))
                        .build())
                .build())
        .build();
  }

  /**
   * The stack's Region as {@code AWS_REGION} in the driver's and every executor's environment, for
   * every run of the application (scheduled, {@code emr submit}, erasure): the job's S3 clients
   * take their Region from it and refuse to start without one, rather than relying on what the EMR
   * Serverless containers happen to set.
   */
  private Map<String, String> withRegion(Map<String, String> defaults) {
    Map<String, String> p = new LinkedHashMap<>(defaults);
    String region = Stack.of(this).getRegion();
    p.put("spark.emr-serverless.driverEnv.AWS_REGION", region);
    p.put("spark.executorEnv.AWS_REGION", region);
    return p;
  }

  private static Map<String, String> sparkDefaults() {
    Map<String, String> p = new LinkedHashMap<>();
    // Rewrites exactly the days a run produced, so re-running a day (or a backfill) never touches
    // others.
    p.put("spark.sql.sources.partitionOverwriteMode", "dynamic");
    // Partitions and timestamps are UTC by contract, whatever the worker's zone.
    p.put("spark.sql.session.timeZone", "UTC");
    p.put("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    // The job addresses files by path; an in-memory catalog means no Glue calls (and no Glue
    // permissions).
    p.put("spark.sql.catalogImplementation", "in-memory");
    // A day of a support bot is tens of MB: small workers, few of them (sizes and the cap check:
    // EtlCapacity).
    EtlCapacity c = EtlCapacity.DEFAULT;
    p.put("spark.driver.cores", String.valueOf(c.driverCores()));
    p.put("spark.driver.memory", c.driverMemoryGb() + "g");
    p.put("spark.executor.cores", String.valueOf(c.executorCores()));
    p.put("spark.executor.memory", c.executorMemoryGb() + "g");
    p.put("spark.dynamicAllocation.enabled", "true");
    p.put("spark.dynamicAllocation.minExecutors", "1");
    p.put("spark.dynamicAllocation.maxExecutors", String.valueOf(c.maxExecutors()));
    p.put("spark.sql.adaptive.enabled", "true");
    return Collections.unmodifiableMap(p);
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

  private CfnSchedule dailySchedule(List<String> extraJobArgs) {
    Role schedulerRole =
        Role.Builder.create(this, "SchedulerRole")
            .description("tglake EventBridge Scheduler: start the daily EMR Serverless job run")
            .assumedBy(
                ServicePrincipal.Builder.create("scheduler.amazonaws.com")
                    .conditions(
                        Map.of(
                            "StringEquals",
                            Map.of("aws:SourceAccount", Stack.of(this).getAccount())))
                    .build())
            .build();
    schedulerRole.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("StartJobRun")
            .actions(List.of("emr-serverless:StartJobRun"))
            .resources(List.of(application.getAttrArn()))
            .build());
    schedulerRole.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("PassJobRole")
            .actions(List.of("iam:PassRole"))
            .resources(List.of(jobRole.getRoleArn()))
            .conditions(
                Map.of(
                    "StringEquals", Map.of("iam:PassedToService", "emr-serverless.amazonaws.com")))
            .build());
    schedulerRole.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("DeadLetter")
            .actions(List.of("sqs:SendMessage"))
            .resources(List.of(deadLetterQueue.getQueueArn()))
            .build());

    Map<String, Object> sparkSubmit = new LinkedHashMap<>();
    sparkSubmit.put("EntryPoint", jobJar.getS3ObjectUrl());
    // The scheduled time, not "now": a delayed or retried invocation still processes the right UTC
    // day.
    List<String> args =
        new ArrayList<>(
            List.of(
                "--raw", rawUri, "--enriched", enrichedUri(), "--scheduled-time", SCHEDULED_TIME));
    args.addAll(extraJobArgs);
    sparkSubmit.put("EntryPointArguments", args);
    sparkSubmit.put("SparkSubmitParameters", "--class " + JOB_MAIN_CLASS);
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("ApplicationId", application.getAttrApplicationId());
    input.put("ExecutionRoleArn", jobRole.getRoleArn());
    input.put("ClientToken", CLIENT_TOKEN);
    // The name has no pattern beyond "not blank" (String256), so the readable scheduled time can
    // stay in it.
    input.put("Name", "tglake-daily-" + SCHEDULED_TIME);
    input.put("JobDriver", Map.of("SparkSubmit", sparkSubmit));
    input.put("ExecutionTimeoutMinutes", 120);

    return CfnSchedule.Builder.create(this, "DailyEtlSchedule")
        .description("tglake: daily ETL of the previous UTC day")
        .scheduleExpression(config.scheduleCron())
        .scheduleExpressionTimezone(config.scheduleTimezone())
        .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder().mode("OFF").build())
        .state("ENABLED")
        .target(
            CfnSchedule.TargetProperty.builder()
                .arn(START_JOB_RUN_TARGET)
                .roleArn(schedulerRole.getRoleArn())
                .input(Stack.of(this).toJsonString(input))
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
