package io.tglake.infra;

import io.tglake.contract.JobNames;
import io.tglake.contract.LakeLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * Raw ingest: the raw bucket (the only copy of what Telegram sent), the webhook secret, the ingest
 * Lambda ({@code io.tglake.ingest.WebhookHandler}) with SnapStart behind alias {@code live}, and
 * the HTTP API route {@code POST /telegram/webhook}. Alarms on these live in {@link Alerts}.
 */
public final class RawIngest extends Construct implements Concern {

  /** Webhook route. */
  public static final String WEBHOOK_PATH = "/telegram/webhook";

  /**
   * Bot API pass-through route: {@code /bot<token>/<method>} (the function refuses every other path
   * shape).
   */
  public static final String PASS_THROUGH_ROUTE = "/{proxy+}";

  private final StackConfig config;
  private final Bucket rawBucket;
  private final Secret webhookSecret;
  private final Secret botWebhookSecret;
  private final Function function;
  private final Alias live;
  private final HttpStage stage;

  public RawIngest(Construct scope, String id, StackConfig config) {
    super(scope, id);
    this.config = config;
    rawBucket = createRawBucket();
    webhookSecret = createWebhookSecret();
    botWebhookSecret = config.bot().relay() ? createBotWebhookSecret() : null;
    function = ingestFunction();
    live = liveAlias();
    stage = new WebhookApi(this, "Api", config, live).stage();
  }

  /** The raw layer's bucket. */
  public Bucket rawBucket() {
    return rawBucket;
  }

  /** {@code s3://<raw bucket>/<raw prefix>}, the ETL's {@code --raw}. */
  public String rawUri() {
    return "s3://" + rawBucket.getBucketName() + "/" + config.rawPrefix();
  }

  /** The Secrets Manager secret holding setWebhook's {@code secret_token}. */
  public Secret webhookSecret() {
    return webhookSecret;
  }

  /** The function (metrics: errors, throttles). */
  public Function function() {
    return function;
  }

  /** The published version's alias the API invokes. */
  public Alias live() {
    return live;
  }

  /** The API's stage (5xx/4xx metrics). */
  public HttpStage stage() {
    return stage;
  }

  /** The URL for {@code setWebhook}. */
  public String webhookUrl() {
    return stage.getUrl() + WEBHOOK_PATH.substring(1);
  }

  private Bucket createRawBucket() {
    Bucket bucket =
        Buckets.secure(this, "RawBucket")
            // Raw is the only copy of what Telegram sent: versioning makes an accidental delete or
            // overwrite
            // recoverable for 30 days without keeping every old version forever.
            .versioned(true)
            .lifecycleRules(
                List.of(
                    LifecycleRule.builder()
                        .id("expire-noncurrent-and-incomplete-uploads")
                        .noncurrentVersionExpiration(
                            Duration.days(config.data().rawNoncurrentDays()))
                        .abortIncompleteMultipartUploadAfter(Duration.days(7))
                        .build()))
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    Buckets.suppressAccessLogs(bucket);
    return bucket;
  }

  private Secret createWebhookSecret() {
    // Generated at deploy time and never in the template: setWebhook's secret_token accepts A-Z a-z
    // 0-9 _ -,
    // 1..256 characters, so no punctuation.
    Secret secret =
        Secret.Builder.create(this, "WebhookSecretToken")
            .description("tglake: Telegram setWebhook secret_token, checked by the ingest Lambda")
            .generateSecretString(
                SecretStringGenerator.builder()
                    .passwordLength(64)
                    .excludePunctuation(true)
                    .includeSpace(false)
                    .build())
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    Nag.suppress(
        secret,
        "AwsSolutions-SMG4",
        "the token must be changed on Telegram's side too (setWebhook), "
            + "so rotation is a documented manual step (README, rotating the secret), not a rotation Lambda");
    return secret;
  }

  /**
   * The secret the relay sends to the bot (X-Telegram-Bot-Api-Secret-Token); null without relay
   * mode.
   */
  public Secret botWebhookSecret() {
    return botWebhookSecret;
  }

  private Secret createBotWebhookSecret() {
    Secret secret =
        Secret.Builder.create(this, "BotWebhookSecret")
            .description(
                "tglake relay: the bot's own webhook secret (X-Telegram-Bot-Api-Secret-Token sent to "
                    + "botWebhookUrl); put the bot's value here, or configure the bot with this one")
            .generateSecretString(
                SecretStringGenerator.builder()
                    .passwordLength(64)
                    .excludePunctuation(true)
                    .includeSpace(false)
                    .build())
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    Nag.suppress(
        secret,
        "AwsSolutions-SMG4",
        "shared with the bot's own configuration; rotated by hand like the " + "webhook secret");
    return secret;
  }

  /** Relay / pass-through environment, timeouts and permissions (nothing when both are off). */
  private void botSettings(Map<String, String> env) {
    BotSettings bot = config.bot();
    if (!bot.relay() && !bot.passThrough()) {
      return;
    }
    env.put("OUTGOING_PREFIX", bot.outgoingPrefix());
    if (bot.relay()) {
      env.put("BOT_WEBHOOK_URL", bot.botWebhookUrl());
      env.put("BOT_WEBHOOK_SECRET_SECRET_ID", botWebhookSecret.getSecretArn());
      env.put("RELAY_TIMEOUT_MS", String.valueOf(BotSettings.RELAY_TIMEOUT_MS));
      if (!bot.botId().isEmpty()) {
        env.put("BOT_ID", bot.botId());
      }
    }
    if (bot.passThrough()) {
      env.put("ALLOWED_BOT_IDS", bot.allowedBotIds());
    }
  }

  private Function ingestFunction() {
    LogGroup logs =
        LogGroup.Builder.create(this, "IngestLogs")
            .retention(RetentionDays.ONE_MONTH)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("RAW_BUCKET", rawBucket.getBucketName());
    env.put("RAW_PREFIX", config.rawPrefix());
    // The secret's ARN, not its value: the function fetches the token once at init (before the
    // SnapStart
    // snapshot), so the template and the function configuration never hold it.
    env.put("TELEGRAM_SECRET_TOKEN_SECRET_ID", webhookSecret.getSecretArn());
    // Ignored by the handler; changing it changes the configuration hash, so CDK publishes a new
    // version and
    // SnapStart takes a new snapshot holding the new secret value (see the README, "rotating the
    // secret").
    env.put("WEBHOOK_SECRET_GENERATION", String.valueOf(config.secretGeneration()));
    if (!config.allowedChatIds().isBlank()) {
      env.put("ALLOWED_CHAT_IDS", config.allowedChatIds().replace(" ", ""));
    }
    if (config.ops().sourceIpAllowList()) {
      // Telegram's published webhook ranges. If Telegram adds a range without us updating this
      // list, its
      // deliveries get 403 and are retried by Telegram until the list is fixed (freshness/auth
      // alarms fire).
      env.put("ALLOWED_SOURCE_CIDRS", config.ops().allowedSourceCidrs());
    }
    botSettings(env);
    // C1 only: a webhook call is short, so the C2 compiler's warm-up never pays back; shortens cold
    // starts.
    env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");

    Function fn =
        Function.Builder.create(this, "IngestFunction")
            .description("tglake: Telegram webhook -> raw S3 layer")
            .runtime(Runtime.JAVA_21)
            .architecture(Architecture.ARM_64)
            .handler(JobNames.LAMBDA_HANDLER)
            .code(Code.fromAsset(config.lambdaJar().toString()))
            // Init (SDK class loading) runs on a CPU share proportional to memory; 1 GB keeps a
            // non-SnapStart
            // cold start (first call after publishing) near a second, and the 1 GB-s price is still
            // tiny.
            .memorySize(config.lambdaMemoryMb())
            // Telegram waits for the answer; S3 PutObject takes tens of ms. 10 s leaves room for
            // SDK retries. Beside a
            // bot the API's 30 s integration timeout is the limit and the function outlives it
            // (BotSettings).
            .timeout(
                Duration.seconds(
                    config.bot().relay() || config.bot().passThrough()
                        ? BotSettings.RELAY_FUNCTION_TIMEOUT_S
                        : 10))
            .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
            // Off by default: Lambda keeps 100 executions of the account unreserved, so reserving
            // 50 fails on every
            // account whose concurrency quota is under 150 (new accounts start at 10). When set, a
            // flood can use at
            // most this many executions; beyond it Lambda throttles and Telegram retries later.
            .reservedConcurrentExecutions(
                config.ops().reservedConcurrency() > 0 ? config.ops().reservedConcurrency() : null)
            .environment(env)
            .logGroup(logs)
            .build();

    // Least privilege: create-only writes under the raw prefix (objects and chat-migration markers)
    // and the
    // one listing the migration check does, narrowed to the markers' folder.
    fn.addToRolePolicy(
        PolicyStatement.Builder.create()
            .sid("PutRawUpdates")
            .actions(List.of("s3:PutObject"))
            .resources(List.of(rawBucket.arnForObjects(config.rawPrefix() + "/*")))
            .build());
    fn.addToRolePolicy(
        PolicyStatement.Builder.create()
            .sid("ListChatMigrationMarkers")
            .actions(List.of("s3:ListBucket"))
            .resources(List.of(rawBucket.getBucketArn()))
            .conditions(
                Map.of(
                    "StringLike",
                    Map.of(
                        "s3:prefix",
                        List.of(
                            config.rawPrefix() + "/" + LakeLayout.CHAT_MIGRATIONS_PREFIX + "*"))))
            .build());
    if (config.bot().relay() || config.bot().passThrough()) {
      fn.addToRolePolicy(
          PolicyStatement.Builder.create()
              .sid("PutOutgoingRecords")
              .actions(List.of("s3:PutObject"))
              .resources(List.of(rawBucket.arnForObjects(config.bot().outgoingPrefix() + "/*")))
              .build());
    }
    if (botWebhookSecret != null) {
      fn.addToRolePolicy(
          PolicyStatement.Builder.create()
              .sid("ReadBotWebhookSecret")
              .actions(List.of("secretsmanager:GetSecretValue"))
              .resources(List.of(botWebhookSecret.getSecretArn()))
              .build());
    }
    fn.addToRolePolicy(
        PolicyStatement.Builder.create()
            .sid("ReadWebhookSecret")
            .actions(List.of("secretsmanager:GetSecretValue"))
            .resources(List.of(webhookSecret.getSecretArn()))
            .build());
    Nag.suppress(
        fn,
        "AwsSolutions-IAM4",
        "AWSLambdaBasicExecutionRole only grants writing the function's logs");
    Nag.suppress(
        fn,
        "AwsSolutions-IAM5",
        "s3:PutObject on <raw>/<prefix>/* : one object per update_id, keys "
            + "are unknown in advance; the prefix is the narrowest scope");
    return fn;
  }

  private Alias liveAlias() {
    // SnapStart applies to published versions only; the alias is what the API invokes.
    Alias alias =
        Alias.Builder.create(this, "IngestLive")
            .aliasName("live")
            .version(function.getCurrentVersion())
            .build();
    Annotations.of(function)
        .acknowledgeWarning(
            "@aws-cdk/aws-lambda:snapStartRequirePublish",
            "a version is published (currentVersion) and the API invokes it through the alias");
    return alias;
  }
}
