package io.tglake.emr;

import io.tglake.cli.ExitCode;
import io.tglake.cli.Usage;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * {@code bin/tglake emr verify}: options, then {@link DeployVerifier} over the real AWS clients.
 */
@Command(
    name = "verify",
    description = {
      "Post-deploy check of the stack, with the operator's credentials: reads the "
          + "stack outputs, posts one synthetic update to the deployed webhook with the secret and checks it landed in raw "
          + "byte for byte, checks getWebhookInfo (with a bot token), runs the ETL for that day on EMR Serverless and "
          + "finds the update with one Athena query. Each step prints 'ok <step>: ...' or 'FAILED <step>: <cause> — "
          + "runbook: infra/README.md#...' and the check stops at the first failure."
    },
    footer = {
      "%nThe synthetic update (update_id above 9000000000000, text 'tglake emr verify <time>') stays in raw "
          + "and in that day's tables.%nExit codes: 0 every step ok, 1 a step failed, 2 bad options."
    })
final class VerifyCommand implements Callable<Integer> {

  /** The parsed options the clouds are built from. */
  record Target(String region) {}

  @Spec CommandSpec spec;

  @Option(
      names = {"--stack", "--stack-name"},
      paramLabel = "NAME",
      defaultValue = "Tglake",
      description = "CloudFormation stack (default ${DEFAULT-VALUE}, the name infra/ deploys)")
  String stackName;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "AWS region (default: the SDK's chain)")
  String region;

  @Option(
      names = "--secret-token",
      paramLabel = "TOKEN",
      description =
          "webhook secret when the stack names no "
              + "WebhookSecretArn (default env TELEGRAM_SECRET_TOKEN)")
  String secretToken;

  @Option(
      names = "--bot-token",
      paramLabel = "TOKEN",
      description =
          "check getWebhookInfo with this bot token "
              + "(default env TELEGRAM_BOT_TOKEN; never printed)")
  String botToken;

  @Option(
      names = "--chat-id",
      paramLabel = "ID",
      defaultValue = "1000000001",
      description =
          "chat (and sender) id of the synthetic message; one the stack's chat allow-list admits, if it "
              + "has one (default ${DEFAULT-VALUE})")
  long chatId;

  @Option(
      names = "--skip-etl",
      description = "stop after the webhook, raw and Telegram steps (no EMR, no Athena)")
  boolean skipEtl;

  @Option(
      names = "--poll-seconds",
      paramLabel = "N",
      defaultValue = "10",
      description = "first EMR poll interval, growing to 60 s (default ${DEFAULT-VALUE})")
  int pollSeconds;

  private final Function<Target, DeployVerifier.Clouds> clouds;
  private final Map<String, String> env;
  private final JobRunner.Sleeper sleeper;
  private final PrintStream out;

  VerifyCommand(
      Function<Target, DeployVerifier.Clouds> clouds,
      Map<String, String> env,
      JobRunner.Sleeper sleeper,
      PrintStream out) {
    this.clouds = clouds;
    this.env = env;
    this.sleeper = sleeper;
    this.out = out;
  }

  @Override
  public Integer call() {
    if (pollSeconds < 1 || pollSeconds > EmrArgs.MAX_POLL_SECONDS) {
      throw Usage.error(
          spec,
          "--poll-seconds must be an integer in 1.."
              + EmrArgs.MAX_POLL_SECONDS
              + ", got '"
              + pollSeconds
              + "'");
    }
    if (stackName.isBlank()) {
      throw Usage.error(spec, "--stack must not be blank");
    }
    DeployVerifier.Options options =
        new DeployVerifier.Options(
            stackName,
            secretToken != null ? secretToken : env.get("TELEGRAM_SECRET_TOKEN"),
            botToken != null ? botToken : env.get("TELEGRAM_BOT_TOKEN"),
            chatId,
            skipEtl,
            Duration.ofSeconds(pollSeconds),
            Duration.ofSeconds(EmrArgs.MAX_POLL_SECONDS));
    DeployVerifier.Clouds built;
    try {
      built = clouds.apply(new Target(region));
    } catch (SdkException e) {
      // Typically no region in the chain: the clients cannot even be built.
      out.println(
          "FAILED outputs: cannot set up the AWS clients ("
              + e.getMessage()
              + "); pass --region or set "
              + "AWS_REGION — runbook: "
              + DeployVerifier.RUNBOOK
              + "verify-outputs");
      return ExitCode.FAILED;
    }
    return new DeployVerifier(built, Clock.systemUTC(), sleeper, out).run(options);
  }

  /** The real clouds: the SDK's default credentials chain, the region given or the chain's. */
  static DeployVerifier.Clouds awsClouds(Target target, JobRunner.Sleeper sleeper) {
    Region region = target.region() == null ? null : Region.of(target.region());
    CloudFormationClient cfn =
        withRegion(CloudFormationClient.builder(), region)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    SecretsManagerClient secrets =
        withRegion(SecretsManagerClient.builder(), region)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    S3Client s3 =
        withRegion(S3Client.builder(), region)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    AthenaClient athena =
        withRegion(AthenaClient.builder(), region)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
            .build();
    DeployVerifier.StackPort stack =
        name -> {
          Map<String, String> outputs = new HashMap<>();
          for (Output o : cfn.describeStacks(r -> r.stackName(name)).stacks().get(0).outputs()) {
            outputs.put(o.outputKey(), o.outputValue());
          }
          return outputs;
        };
    return new DeployVerifier.Clouds(
        stack,
        id -> secrets.getSecretValue(r -> r.secretId(id)).secretString(),
        s3,
        () ->
            withRegion(EmrServerlessClient.builder(), region)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .build(),
        new AthenaQueries(athena, sleeper),
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
        URI.create("https://api.telegram.org"));
  }

  private static <B extends AwsClientBuilder<B, ?>> B withRegion(B builder, Region region) {
    return region == null ? builder : builder.region(region);
  }
}
