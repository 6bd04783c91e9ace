package io.tglake.infra;

import io.tglake.sql.DdlRenderer;
import io.tglake.sql.TableDefinitions;
import io.tglake.sql.TableDefinitions.TableDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.HttpStageOptions;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.athena.CfnWorkGroup;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.emrserverless.CfnApplication;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SnsTopic;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.glue.CfnTable;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.constructs.Construct;

/**
 * The whole pipeline in one stack: raw and lake buckets, the webhook Lambda behind an HTTP API, the EMR
 * Serverless application with its job role and daily EventBridge Scheduler trigger, failure alerts, the Glue
 * tables (generated from {@code sql/ddl}) and an Athena workgroup. The constructor is the outline; each
 * private factory builds one concern. Stack outputs are what {@code bin/tglake emr} and the README read.
 *
 * <p>Why three buckets: raw is the source of truth (versioned, only the Lambda writes it, the ETL only
 * reads it), the lake is derived and rebuildable (the ETL is its only writer), and Athena results are
 * scratch that expires. Separate buckets make "the job role cannot write raw" a bucket boundary instead of a
 * prefix condition, and let each carry its own lifecycle.
 */
public final class TglakeStack extends Stack {

  /** The job's main class, passed as {@code --class} to spark-submit. */
  public static final String JOB_MAIN_CLASS = "io.tglake.etl.TelegramEtlJob";
  /** The EMR Serverless release of the application. */
  public static final String EMR_RELEASE = "emr-spark-8.0.0";
  /** EventBridge Scheduler's universal target for EMR Serverless StartJobRun. */
  public static final String START_JOB_RUN_TARGET = "arn:aws:scheduler:::aws-sdk:emrserverless:startJobRun";
  /** Context attribute the scheduler replaces with the invocation's scheduled time (ISO-8601, UTC). */
  public static final String SCHEDULED_TIME = "<aws.scheduler.scheduled-time>";
  /** Context attribute the scheduler replaces with the id of the invocation (same for all its retry attempts). */
  public static final String EXECUTION_ID = "<aws.scheduler.execution-id>";
  /**
   * StartJobRun's idempotency token for the daily run. StartJobRun requires {@code [A-Za-z0-9._-]+}, 1..64
   * characters (EMR Serverless API reference, shape ClientToken), and the scheduler substitutes context
   * attributes verbatim, with no formatting: {@code <aws.scheduler.scheduled-time>} renders as
   * {@code 2026-11-23T01:30:00Z}, whose colons make every request invalid. {@code <aws.scheduler.execution-id>}
   * renders as a short alphanumeric id (documented example {@code d32c5kddcf5bb8c3}) that the Scheduler user
   * guide ("Adding context attributes") describes as assigned per invocation of the target, while
   * {@code <aws.scheduler.attempt-number>} counts the attempts within that invocation; so retries of one
   * invocation carry the same id and EMR Serverless starts the run once. The guide does not spell out the
   * retry case in so many words: should a retry ever carry a new id, the second run of the same day is still
   * harmless, because a day is written by dynamic partition overwrite (same rows, same partitions).
   */
  public static final String CLIENT_TOKEN = "tglake-daily-" + EXECUTION_ID;
  /** Folder of the lake bucket receiving EMR Serverless driver/executor logs. */
  public static final String EMR_LOG_PREFIX = "logs/emr";
  /** Webhook route. */
  public static final String WEBHOOK_PATH = "/telegram/webhook";

  /**
   * Spark properties of every job run (application defaults, so the daily schedule and the CLI's
   * submits/backfills behave the same).
   */
  public static final Map<String, String> SPARK_DEFAULTS = sparkDefaults();

  private final StackConfig config;
  private final Topic alerts;

  /**
   * @param config tunables from CDK context; its {@code assetsDir} must hold the two jars (built before synth)
   */
  public TglakeStack(Construct scope, String id, StackProps props, StackConfig config) {
    super(scope, id, props);
    this.config = config;
    requireArtifact(config.lambdaJar(), "ingest-lambda");
    requireArtifact(config.jobJar(), "spark-etl");
    EtlCapacity.DEFAULT.requireFits(config.maxCpu(), config.maxMemory());

    alerts = alertsTopic();
    Bucket raw = rawBucket();
    Bucket lake = lakeBucket();
    Bucket athenaResults = athenaResultsBucket();

    Secret webhookSecret = webhookSecret();
    Alias ingest = ingestFunction(raw, webhookSecret);
    String webhookUrl = webhookApi(ingest);

    Asset jobJar = jobJarAsset();
    Role jobRole = jobExecutionRole(raw, lake, jobJar);
    CfnApplication application = emrApplication(lake);
    String rawUri = "s3://" + raw.getBucketName() + "/" + config.rawPrefix();
    String enrichedUri = "s3://" + lake.getBucketName() + "/" + config.enrichedPrefix();
    CfnSchedule schedule = dailySchedule(application, jobRole, jobJar, rawUri, enrichedUri);
    jobFailureAlert(application);

    CfnDatabase database = glueDatabase();
    glueTables(database, enrichedUri);
    CfnWorkGroup workGroup = athenaWorkGroup(athenaResults);
    messagesLocalView(workGroup, athenaResults);

    output("RawBucketName", raw.getBucketName(), "raw layer bucket");
    output("LakeBucketName", lake.getBucketName(), "enriched layer bucket");
    output("AthenaResultsBucketName", athenaResults.getBucketName(), "Athena query results bucket");
    output("RawUri", rawUri, "--raw of the ETL job");
    output("EnrichedUri", enrichedUri, "--enriched of the ETL job");
    output("WebhookUrl", webhookUrl, "url for Telegram setWebhook");
    output("WebhookSecretArn", webhookSecret.getSecretArn(), "Secrets Manager secret holding the webhook secret_token");
    output("IngestFunctionName", ingest.getLambda().getFunctionName(), "webhook Lambda function");
    output("EmrApplicationId", application.getAttrApplicationId(), "EMR Serverless application id");
    output("EmrJobRoleArn", jobRole.getRoleArn(), "EMR Serverless job execution role");
    output("EmrJobJarUri", jobJar.getS3ObjectUrl(), "Spark job jar (CDK asset)");
    output("EmrLogUri", "s3://" + lake.getBucketName() + "/" + EMR_LOG_PREFIX + "/", "EMR Serverless job logs");
    output("ScheduleName", schedule.getRef(), "EventBridge Scheduler schedule of the daily ETL");
    output("AlertsTopicArn", alerts.getTopicArn(), "SNS topic for failures and alarms");
    output("GlueDatabaseName", database.getRef(), "Glue/Athena database");
    output("AthenaWorkGroupName", workGroup.getRef(), "Athena workgroup (result location, bytes-scanned cutoff)");
  }

  // ---------------------------------------------------------------------------------------------- storage

  private Bucket rawBucket() {
    return secureBucket("RawBucket")
        // Raw is the only copy of what Telegram sent: versioning makes an accidental delete or overwrite
        // recoverable for 30 days without keeping every old version forever.
        .versioned(true)
        .lifecycleRules(List.of(LifecycleRule.builder()
            .id("expire-noncurrent-and-incomplete-uploads")
            .noncurrentVersionExpiration(Duration.days(30))
            .abortIncompleteMultipartUploadAfter(Duration.days(7))
            .build()))
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
  }

  private Bucket lakeBucket() {
    return secureBucket("LakeBucket")
        // Derived data, rebuildable from raw; versions kept one week so a bad run's overwrite can be undone
        // without paying for every daily rewrite forever.
        .versioned(true)
        .lifecycleRules(List.of(
            LifecycleRule.builder()
                .id("expire-noncurrent-and-incomplete-uploads")
                .noncurrentVersionExpiration(Duration.days(7))
                .abortIncompleteMultipartUploadAfter(Duration.days(2))
                .build(),
            LifecycleRule.builder()
                .id("expire-emr-logs")
                .prefix(EMR_LOG_PREFIX + "/")
                .expiration(Duration.days(30))
                .build()))
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
  }

  /**
   * The baseline every bucket of the stack shares: no public access, TLS-only bucket policy, SSE-S3
   * (no per-key cost and no KMS grants to keep in sync; the data is not shared cross-account), ACLs off.
   */
  private Bucket.Builder secureBucket(String id) {
    return Bucket.Builder.create(this, id)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .enforceSsl(true)
        .encryption(BucketEncryption.S3_MANAGED)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED);
  }

  private Bucket athenaResultsBucket() {
    return secureBucket("AthenaResultsBucket")
        // Query results are scratch: expire them rather than version them.
        .lifecycleRules(List.of(LifecycleRule.builder()
            .id("expire-results")
            .expiration(Duration.days(30))
            .abortIncompleteMultipartUploadAfter(Duration.days(1))
            .build()))
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
  }

  // ----------------------------------------------------------------------------------------------- ingest

  private Secret webhookSecret() {
    // Generated at deploy time and never in the template: setWebhook's secret_token accepts A-Z a-z 0-9 _ -,
    // 1..256 characters, so no punctuation.
    return Secret.Builder.create(this, "WebhookSecretToken")
        .description("tglake: Telegram setWebhook secret_token, checked by the ingest Lambda")
        .generateSecretString(SecretStringGenerator.builder()
            .passwordLength(64)
            .excludePunctuation(true)
            .includeSpace(false)
            .build())
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
  }

  private Alias ingestFunction(Bucket raw, Secret webhookSecret) {
    LogGroup logs = LogGroup.Builder.create(this, "IngestLogs")
        .retention(RetentionDays.ONE_MONTH)
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("RAW_BUCKET", raw.getBucketName());
    env.put("RAW_PREFIX", config.rawPrefix());
    // The secret's ARN, not its value: the function fetches the token once at init (before the SnapStart
    // snapshot), so the template and the function configuration never hold it.
    env.put("TELEGRAM_SECRET_TOKEN_SECRET_ID", webhookSecret.getSecretArn());
    // Ignored by the handler; changing it changes the configuration hash, so CDK publishes a new version and
    // SnapStart takes a new snapshot holding the new secret value (see the README, "rotating the secret").
    env.put("WEBHOOK_SECRET_GENERATION", String.valueOf(config.secretGeneration()));
    if (!config.allowedChatIds().isBlank()) {
      env.put("ALLOWED_CHAT_IDS", config.allowedChatIds().replace(" ", ""));
    }
    // C1 only: a webhook call is short, so the C2 compiler's warm-up never pays back; shortens cold starts.
    env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");

    Function fn = Function.Builder.create(this, "IngestFunction")
        .description("tglake: Telegram webhook -> raw S3 layer")
        .runtime(Runtime.JAVA_21)
        .architecture(Architecture.ARM_64)
        .handler("io.tglake.ingest.WebhookHandler::handleRequest")
        .code(Code.fromAsset(config.lambdaJar().toString()))
        // Init (SDK class loading) runs on a CPU share proportional to memory; 1 GB keeps a non-SnapStart
        // cold start (first call after publishing) near a second, and the 1 GB-s price is still tiny.
        .memorySize(config.lambdaMemoryMb())
        // Telegram waits for the answer; S3 PutObject takes tens of ms. 10 s leaves room for SDK retries.
        .timeout(Duration.seconds(10))
        .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
        .environment(env)
        .logGroup(logs)
        .build();

    // Least privilege: create-only writes under the raw prefix (objects and chat-migration markers) and the
    // one listing the migration check does, narrowed to the markers' folder.
    fn.addToRolePolicy(PolicyStatement.Builder.create()
        .sid("PutRawUpdates")
        .actions(List.of("s3:PutObject"))
        .resources(List.of(raw.arnForObjects(config.rawPrefix() + "/*")))
        .build());
    fn.addToRolePolicy(PolicyStatement.Builder.create()
        .sid("ListChatMigrationMarkers")
        .actions(List.of("s3:ListBucket"))
        .resources(List.of(raw.getBucketArn()))
        .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(config.rawPrefix() + "/_chat_migrations/*"))))
        .build());
    fn.addToRolePolicy(PolicyStatement.Builder.create()
        .sid("ReadWebhookSecret")
        .actions(List.of("secretsmanager:GetSecretValue"))
        .resources(List.of(webhookSecret.getSecretArn()))
        .build());

    // SnapStart applies to published versions only; the alias is what the API invokes.
    Alias live = Alias.Builder.create(this, "IngestLive")
        .aliasName("live")
        .version(fn.getCurrentVersion())
        .build();
    Annotations.of(fn).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
        "a version is published (currentVersion) and the API invokes it through the alias");

    Alarm.Builder.create(this, "IngestErrorsAlarm")
        .alarmDescription("tglake ingest Lambda errors (Telegram will retry; raw may be missing updates)")
        .metric(live.metricErrors(MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build()))
        .threshold(1)
        .evaluationPeriods(1)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
        .treatMissingData(TreatMissingData.NOT_BREACHING)
        .build()
        .addAlarmAction(new SnsAction(alerts));
    return live;
  }

  /**
   * HTTP API rather than a Function URL: a fixed route (only {@code POST /telegram/webhook} reaches the
   * function, everything else is a 404 at the edge for free), stage throttling against floods, and
   * per-route 5xx metrics for the alarm. Returns the webhook URL.
   */
  private String webhookApi(Alias ingest) {
    HttpApi api = HttpApi.Builder.create(this, "WebhookApi")
        .description("tglake Telegram webhook")
        .createDefaultStage(false)
        .build();
    HttpStage stage = api.addStage("DefaultStage", HttpStageOptions.builder()
        .stageName("$default")
        .autoDeploy(true)
        // Telegram sends at most max_connections (default 40) requests in parallel.
        .throttle(ThrottleSettings.builder().rateLimit(100).burstLimit(200).build())
        .build());
    api.addRoutes(AddRoutesOptions.builder()
        .path(WEBHOOK_PATH)
        .methods(List.of(HttpMethod.POST))
        .integration(new HttpLambdaIntegration("WebhookIntegration", ingest))
        .build());

    Alarm.Builder.create(this, "Webhook5xxAlarm")
        .alarmDescription("tglake webhook answered 5xx (storage failing; Telegram retries and may back off)")
        .metric(stage.metricServerError(MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build()))
        .threshold(1)
        .evaluationPeriods(1)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
        .treatMissingData(TreatMissingData.NOT_BREACHING)
        .build()
        .addAlarmAction(new SnsAction(alerts));
    return stage.getUrl() + WEBHOOK_PATH.substring(1);
  }

  // ------------------------------------------------------------------------------------------------- ETL

  private Asset jobJarAsset() {
    return Asset.Builder.create(this, "EtlJobJar").path(config.jobJar().toString()).build();
  }

  private Role jobExecutionRole(Bucket raw, Bucket lake, Asset jobJar) {
    Role role = Role.Builder.create(this, "EmrJobRole")
        .description("tglake EMR Serverless job runs: read raw, write the enriched lake")
        .assumedBy(ServicePrincipal.Builder.create("emr-serverless.amazonaws.com")
            .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", getAccount())))
            .build())
        .build();
    String rawPrefix = config.rawPrefix();
    String enriched = config.enrichedPrefix();
    role.addToPolicy(PolicyStatement.Builder.create()
        .sid("ReadRawObjects")
        .actions(List.of("s3:GetObject"))
        .resources(List.of(raw.arnForObjects(rawPrefix + "/*")))
        .build());
    // Listing without a prefix condition: Hadoop/EMRFS may probe a bucket with HeadBucket, which needs
    // s3:ListBucket and carries no s3:prefix (a conditioned grant would fail the run). Listing reveals key
    // names only, and the raw bucket holds nothing but the raw prefix.
    role.addToPolicy(PolicyStatement.Builder.create()
        .sid("ListRaw")
        .actions(List.of("s3:ListBucket"))
        .resources(List.of(raw.getBucketArn()))
        .build());
    // Dynamic partition overwrite deletes and rewrites a day's folder; multipart uploads for large parts.
    role.addToPolicy(PolicyStatement.Builder.create()
        .sid("WriteEnriched")
        .actions(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"))
        .resources(List.of(lake.arnForObjects(enriched + "/*")))
        .build());
    role.addToPolicy(PolicyStatement.Builder.create()
        .sid("ListLake")
        .actions(List.of("s3:ListBucket", "s3:ListBucketMultipartUploads"))
        .resources(List.of(lake.getBucketArn()))
        .build());
    role.addToPolicy(PolicyStatement.Builder.create()
        .sid("WriteJobLogs")
        .actions(List.of("s3:PutObject"))
        .resources(List.of(lake.arnForObjects(EMR_LOG_PREFIX + "/*")))
        .build());
    // Exactly the job jar object, not the whole CDK assets bucket.
    role.addToPolicy(PolicyStatement.Builder.create()
        .sid("ReadJobJar")
        .actions(List.of("s3:GetObject"))
        .resources(List.of("arn:" + getPartition() + ":s3:::" + jobJar.getS3BucketName() + "/" + jobJar.getS3ObjectKey()))
        .build());
    return role;
  }

  private CfnApplication emrApplication(Bucket lake) {
    return CfnApplication.Builder.create(this, "EtlApplication")
        .name("tglake-etl")
        .releaseLabel(EMR_RELEASE)
        .type("SPARK")
        // Graviton: about 20% cheaper per vCPU-hour; the job is pure JVM bytecode.
        .architecture("ARM64")
        .autoStartConfiguration(CfnApplication.AutoStartConfigurationProperty.builder().enabled(true).build())
        // One run a day: release the workers soon after a run (no idle billing).
        .autoStopConfiguration(CfnApplication.AutoStopConfigurationProperty.builder()
            .enabled(true).idleTimeoutMinutes(15).build())
        // Caps what a runaway backfill can cost.
        .maximumCapacity(CfnApplication.MaximumAllowedResourcesProperty.builder()
            .cpu(config.maxCpu()).memory(config.maxMemory()).disk("400 GB").build())
        .runtimeConfiguration(List.of(CfnApplication.ConfigurationObjectProperty.builder()
            .classification("spark-defaults")
            .properties(SPARK_DEFAULTS)
            .build()))
        .monitoringConfiguration(CfnApplication.MonitoringConfigurationProperty.builder()
            .s3MonitoringConfiguration(CfnApplication.S3MonitoringConfigurationProperty.builder()
                .logUri("s3://" + lake.getBucketName() + "/" + EMR_LOG_PREFIX + "/")
                .build())
            .build())
        .build();
  }

  private static Map<String, String> sparkDefaults() {
    Map<String, String> p = new LinkedHashMap<>();
    // Rewrites exactly the days a run produced, so re-running a day (or a backfill) never touches others.
    p.put("spark.sql.sources.partitionOverwriteMode", "dynamic");
    // Partitions and timestamps are UTC by contract, whatever the worker's zone.
    p.put("spark.sql.session.timeZone", "UTC");
    p.put("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    // The job addresses files by path; an in-memory catalog means no Glue calls (and no Glue permissions).
    p.put("spark.sql.catalogImplementation", "in-memory");
    // A day of a support bot is tens of MB: small workers, few of them (sizes and the cap check: EtlCapacity).
    EtlCapacity c = EtlCapacity.DEFAULT;
    p.put("spark.driver.cores", String.valueOf(c.driverCores()));
    p.put("spark.driver.memory", c.driverMemoryGb() + "g");
    p.put("spark.executor.cores", String.valueOf(c.executorCores()));
    p.put("spark.executor.memory", c.executorMemoryGb() + "g");
    p.put("spark.dynamicAllocation.enabled", "true");
    p.put("spark.dynamicAllocation.minExecutors", "1");
    p.put("spark.dynamicAllocation.maxExecutors", String.valueOf(c.maxExecutors()));
    p.put("spark.sql.adaptive.enabled", "true");
    return java.util.Collections.unmodifiableMap(p);
  }

  private CfnSchedule dailySchedule(CfnApplication application, Role jobRole, Asset jobJar, String rawUri,
      String enrichedUri) {
    Queue dlq = Queue.Builder.create(this, "ScheduleDeadLetterQueue")
        .encryption(QueueEncryption.SQS_MANAGED)
        .enforceSsl(true)
        .retentionPeriod(Duration.days(14))
        .build();
    Alarm.Builder.create(this, "ScheduleDeadLetterAlarm")
        .alarmDescription("tglake daily ETL could not be started (see the schedule's dead-letter queue)")
        .metric(dlq.metricApproximateNumberOfMessagesVisible(
            MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").build()))
        .threshold(1)
        .evaluationPeriods(1)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
        .treatMissingData(TreatMissingData.NOT_BREACHING)
        .build()
        .addAlarmAction(new SnsAction(alerts));

    Role schedulerRole = Role.Builder.create(this, "SchedulerRole")
        .description("tglake EventBridge Scheduler: start the daily EMR Serverless job run")
        .assumedBy(ServicePrincipal.Builder.create("scheduler.amazonaws.com")
            .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", getAccount())))
            .build())
        .build();
    schedulerRole.addToPolicy(PolicyStatement.Builder.create()
        .sid("StartJobRun")
        .actions(List.of("emr-serverless:StartJobRun"))
        .resources(List.of(application.getAttrArn()))
        .build());
    schedulerRole.addToPolicy(PolicyStatement.Builder.create()
        .sid("PassJobRole")
        .actions(List.of("iam:PassRole"))
        .resources(List.of(jobRole.getRoleArn()))
        .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "emr-serverless.amazonaws.com")))
        .build());
    schedulerRole.addToPolicy(PolicyStatement.Builder.create()
        .sid("DeadLetter")
        .actions(List.of("sqs:SendMessage"))
        .resources(List.of(dlq.getQueueArn()))
        .build());

    Map<String, Object> sparkSubmit = new LinkedHashMap<>();
    sparkSubmit.put("EntryPoint", jobJar.getS3ObjectUrl());
    // The scheduled time, not "now": a delayed or retried invocation still processes the right UTC day.
    sparkSubmit.put("EntryPointArguments",
        List.of("--raw", rawUri, "--enriched", enrichedUri, "--scheduled-time", SCHEDULED_TIME));
    sparkSubmit.put("SparkSubmitParameters", "--class " + JOB_MAIN_CLASS);
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("ApplicationId", application.getAttrApplicationId());
    input.put("ExecutionRoleArn", jobRole.getRoleArn());
    input.put("ClientToken", CLIENT_TOKEN);
    // The name has no pattern beyond "not blank" (String256), so the readable scheduled time can stay in it.
    input.put("Name", "tglake-daily-" + SCHEDULED_TIME);
    input.put("JobDriver", Map.of("SparkSubmit", sparkSubmit));
    input.put("ExecutionTimeoutMinutes", 120);

    return CfnSchedule.Builder.create(this, "DailyEtlSchedule")
        .description("tglake: daily ETL of the previous UTC day")
        .scheduleExpression(config.scheduleCron())
        .scheduleExpressionTimezone(config.scheduleTimezone())
        .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder().mode("OFF").build())
        .state("ENABLED")
        .target(CfnSchedule.TargetProperty.builder()
            .arn(START_JOB_RUN_TARGET)
            .roleArn(schedulerRole.getRoleArn())
            .input(toJsonString(input))
            .retryPolicy(CfnSchedule.RetryPolicyProperty.builder()
                .maximumRetryAttempts(10)
                .maximumEventAgeInSeconds(6 * 3600)
                .build())
            .deadLetterConfig(CfnSchedule.DeadLetterConfigProperty.builder().arn(dlq.getQueueArn()).build())
            .build())
        .build();
  }

  private void jobFailureAlert(CfnApplication application) {
    Rule.Builder.create(this, "EtlJobFailedRule")
        .description("tglake: an EMR Serverless job run of the ETL application FAILED")
        .eventPattern(EventPattern.builder()
            .source(List.of("aws.emr-serverless"))
            .detailType(List.of("EMR Serverless Job Run State Change"))
            .detail(Map.of(
                "state", List.of("FAILED"),
                "applicationId", List.of(application.getAttrApplicationId())))
            .build())
        .targets(List.of(new SnsTopic(alerts)))
        .build();
  }

  private Topic alertsTopic() {
    Topic topic = Topic.Builder.create(this, "Alerts")
        .displayName("tglake alerts")
        .enforceSsl(true)
        .build();
    if (!config.alertEmail().isBlank()) {
      topic.addSubscription(new EmailSubscription(config.alertEmail()));
    }
    return topic;
  }

  // --------------------------------------------------------------------------------------------- catalog

  private CfnDatabase glueDatabase() {
    return CfnDatabase.Builder.create(this, "GlueDatabase")
        .catalogId(getAccount())
        .databaseInput(CfnDatabase.DatabaseInputProperty.builder()
            .name(config.database())
            .description("tglake enriched Telegram support-bot data")
            .build())
        .build();
  }

  /** One Glue table per {@code sql/ddl} table file, generated by the sql module's parser. */
  private void glueTables(CfnDatabase database, String enrichedUri) {
    List<TableDefinition> tables = TableDefinitions.bundled(
        DdlRenderer.variables(config.database(), enrichedUri, config.localTz()));
    if (tables.isEmpty()) {
      throw new IllegalStateException("no table definitions found in the tglake-sql jar (tglake/ddl/*.sql)");
    }
    for (TableDefinition table : tables) {
      CfnTable t = CfnTable.Builder.create(this, "GlueTable_" + table.name())
          .catalogId(getAccount())
          .databaseName(config.database())
          .tableInput(GlueTables.tableInput(table))
          .build();
      t.addDependency(database);
    }
  }

  private CfnWorkGroup athenaWorkGroup(Bucket results) {
    return CfnWorkGroup.Builder.create(this, "AthenaWorkGroup")
        .name("tglake")
        .description("tglake analytics: results in the stack's bucket, per-query scan limit")
        .state("ENABLED")
        // Lets `cdk destroy` remove the workgroup even after queries ran in it.
        .recursiveDeleteOption(true)
        .workGroupConfiguration(CfnWorkGroup.WorkGroupConfigurationProperty.builder()
            .enforceWorkGroupConfiguration(true)
            .publishCloudWatchMetricsEnabled(true)
            .bytesScannedCutoffPerQuery(config.athenaBytesCutoff())
            .engineVersion(CfnWorkGroup.EngineVersionProperty.builder().selectedEngineVersion("AUTO").build())
            .resultConfiguration(CfnWorkGroup.ResultConfigurationProperty.builder()
                .outputLocation("s3://" + results.getBucketName() + "/athena/")
                .encryptionConfiguration(CfnWorkGroup.EncryptionConfigurationProperty.builder()
                    .encryptionOption("SSE_S3").build())
                .build())
            .build())
        .build();
  }


  /**
   * Creates the local-time view {@code messages_local} after deploy by running its DDL
   * ({@code sql/ddl/60_messages_local.sql}) once in the workgroup: CloudFormation has no resource for an Athena
   * view (a Glue table with an Athena-encoded view definition), so an SDK-call custom resource runs
   * {@code StartQueryExecution}. It runs again whenever the view's SQL or the {@code messages} columns change
   * (both are in the physical id), because Athena stores a view's column list at creation.
   */
  private void messagesLocalView(CfnWorkGroup workGroup, Bucket results) {
    String sql = messagesLocalViewSql(config.database(), config.localTz());
    String columns = TableDefinitions.bundled(DdlRenderer.variables(config.database(), "s3://unused/enriched",
            config.localTz())).stream()
        .filter(t -> t.name().equals("messages")).findFirst()
        .orElseThrow(() -> new IllegalStateException("no messages table in sql/ddl"))
        .columns().toString();
    AwsSdkCall create = AwsSdkCall.builder()
        .service("Athena")
        .action("startQueryExecution")
        .parameters(Map.of(
            "QueryString", sql,
            "WorkGroup", workGroup.getRef(),
            "QueryExecutionContext", Map.of("Database", config.database())))
        .physicalResourceId(PhysicalResourceId.of("messages_local-" + sha256(sql + columns).substring(0, 16)))
        .build();
    String db = "arn:" + getPartition() + ":glue:" + getRegion() + ":" + getAccount();
    AwsCustomResource view = AwsCustomResource.Builder.create(this, "MessagesLocalView")
        .onCreate(create)
        .onUpdate(create)
        // The Lambda's bundled SDK has StartQueryExecution; no npm install at deploy time.
        .installLatestAwsSdk(false)
        .policy(AwsCustomResourcePolicy.fromStatements(List.of(
            PolicyStatement.Builder.create()
                .sid("RunViewDdl")
                .actions(List.of("athena:StartQueryExecution"))
                .resources(List.of("arn:" + getPartition() + ":athena:" + getRegion() + ":" + getAccount()
                    + ":workgroup/" + workGroup.getRef()))
                .build(),
            // Athena runs DDL with the caller's rights: read messages, create or replace messages_local.
            PolicyStatement.Builder.create()
                .sid("CatalogForView")
                .actions(List.of("glue:GetDatabase", "glue:GetTable", "glue:CreateTable", "glue:UpdateTable"))
                .resources(List.of(db + ":catalog", db + ":database/" + config.database(),
                    db + ":table/" + config.database() + "/messages",
                    db + ":table/" + config.database() + "/messages_local"))
                .build(),
            PolicyStatement.Builder.create()
                .sid("QueryResults")
                .actions(List.of("s3:GetBucketLocation", "s3:ListBucket"))
                .resources(List.of(results.getBucketArn()))
                .build(),
            PolicyStatement.Builder.create()
                .sid("WriteQueryResults")
                .actions(List.of("s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"))
                .resources(List.of(results.arnForObjects("athena/*")))
                .build())))
        .build();
    view.getNode().addDependency(workGroup);
    for (software.constructs.IConstruct child : getNode().getChildren()) {
      if (child instanceof CfnTable table && table.getNode().getId().equals("GlueTable_messages")) {
        view.getNode().addDependency(table);
      }
    }
  }

  /**
   * The statement of {@code 60_messages_local.sql} for Athena: placeholders filled, comment lines and the
   * trailing semicolon dropped (one statement per StartQueryExecution).
   */
  static String messagesLocalViewSql(String database, String localTz) {
    DdlRenderer.DdlFile file = DdlRenderer.bundled().stream()
        .filter(f -> f.name().equals("60_messages_local.sql")).findFirst()
        .orElseThrow(() -> new IllegalStateException("60_messages_local.sql missing from the tglake-sql jar"));
    String rendered = DdlRenderer.render(file.text(), DdlRenderer.variables(database, "s3://unused/enriched", localTz));
    StringBuilder sql = new StringBuilder();
    for (String line : rendered.split("\n")) {
      if (!line.strip().startsWith("--") && !line.isBlank()) {
        sql.append(line.stripTrailing()).append('\n');
      }
    }
    String statement = sql.toString().strip();
    return statement.endsWith(";") ? statement.substring(0, statement.length() - 1) : statement;
  }

  private static String sha256(String text) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // -------------------------------------------------------------------------------------------- helpers

  private void output(String id, String value, String description) {
    CfnOutput.Builder.create(this, id).value(value).description(description).build();
  }

  private static void requireArtifact(Path jar, String module) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build it first with "
          + "`./mvnw -pl infra -am package -DskipTests` (copies the " + module + " jar into target/assets)");
    }
  }
}
