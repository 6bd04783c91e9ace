package io.tglake.infra;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.CfnVersion;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The whole pipeline in one stack, one construct per concern: {@link RawIngest} (raw bucket,
 * webhook Lambda, HTTP API), {@link DailyEtl} (lake bucket, EMR Serverless application, job role,
 * daily schedule), {@link IntradayEtl} (the optional refresh of today so far), {@link Catalog}
 * (Glue tables from the contract's DDL, Athena workgroup, {@code messages_local} view), {@link
 * Privacy} (retention, pseudonym key, erasure role) and {@link Alerts} (SNS topic, alarms,
 * dashboard). The constructor is the outline; the outputs are what {@code bin/tglake emr} and the
 * README read.
 *
 * <p>Why three buckets: raw is the source of truth (versioned, only the Lambda writes it, the ETL
 * only reads it), the lake is derived and rebuildable (the ETL is its only writer), and Athena
 * results are scratch that expires. Separate buckets make "the job role cannot write raw" a bucket
 * boundary instead of a prefix condition, and let each carry its own lifecycle.
 */
public final class TglakeStack extends Stack {

  /** The job's main class, passed as {@code --class} to spark-submit. */
  public static final String JOB_MAIN_CLASS = DailyEtl.JOB_MAIN_CLASS;

  /** The EMR Serverless release of the application. */
  public static final String EMR_RELEASE = EtlApplication.EMR_RELEASE;

  /** Spark properties of every job run. */
  public static final Map<String, String> SPARK_DEFAULTS = EtlApplication.SPARK_DEFAULTS;

  /**
   * @param config tunables from CDK context; its {@code assetsDir} must hold the two jars (built
   *     before synth)
   */
  public TglakeStack(Construct scope, String id, StackProps props, StackConfig config) {
    super(scope, id, props);
    requireArtifact(config.lambdaJar(), "ingest-lambda");
    requireArtifact(config.jobJar(), "spark-etl");

    RawIngest ingest = new RawIngest(this, "RawIngest", config);
    Privacy privacy = new Privacy(this, "Privacy", config);
    DailyEtl etl =
        new DailyEtl(
            this, "DailyEtl", config, ingest.rawBucket(), ingest.rawUri(), privacy.jobArguments());
    privacy.grantKeyRead(etl.jobRole());
    privacy.applyRetention(ingest.rawBucket(), etl.lakeBucket());
    Role erasureRole =
        privacy.erasureRole(
            ingest.rawBucket(), etl.lakeBucket(), etl.jobJarObjectArn(), etl.jobLogs());
    IntradayEtl intraday =
        new IntradayEtl(this, "IntradayEtl", config, etl, ingest.rawUri(), privacy.jobArguments());
    Catalog catalog = new Catalog(this, "Catalog", config, etl.enrichedUri());
    Alerts alerts = new Alerts(this, "Alerts", config, ingest, etl);
    keepLogicalIdsFlat();

    output("RawBucketName", ingest.rawBucket().getBucketName(), "raw layer bucket");
    output("LakeBucketName", etl.lakeBucket().getBucketName(), "enriched layer bucket");
    output(
        "AthenaResultsBucketName",
        catalog.resultsBucket().getBucketName(),
        "Athena query results bucket");
    output("RawUri", ingest.rawUri(), "--raw of the ETL job");
    output("EnrichedUri", etl.enrichedUri(), "--enriched of the ETL job");
    output("WebhookUrl", ingest.webhookUrl(), "url for Telegram setWebhook");
    output(
        "WebhookSecretArn",
        ingest.webhookSecret().getSecretArn(),
        "Secrets Manager secret holding the webhook secret_token");
    output("IngestFunctionName", ingest.function().getFunctionName(), "webhook Lambda function");
    output(
        "EmrApplicationId",
        etl.application().getAttrApplicationId(),
        "EMR Serverless application id");
    output("EmrJobRoleArn", etl.jobRole().getRoleArn(), "EMR Serverless job execution role");
    output(
        "EmrErasureRoleArn",
        erasureRole.getRoleArn(),
        "execution role for erasure runs (bin/tglake emr forget): the only role that may delete raw objects");
    output("DashboardName", "tglake", "CloudWatch dashboard with the day's figures");
    output("EmrJobJarUri", etl.jobJar().getS3ObjectUrl(), "Spark job jar (CDK asset)");
    output("EmrLogUri", etl.logUri(), "EMR Serverless job logs");
    output(
        "ScheduleName", etl.schedule().getRef(), "EventBridge Scheduler schedule of the daily ETL");
    output("AlertsTopicArn", alerts.topic().getTopicArn(), "SNS topic for failures and alarms");
    output("GlueDatabaseName", catalog.database().getRef(), "Glue/Athena database");
    output(
        "AthenaWorkGroupName",
        catalog.workGroup().getRef(),
        "Athena workgroup (result location, bytes-scanned cutoff)");
  }

  /**
   * Gives every resource inside a {@link Concern} construct the logical id it would have without
   * the concern levels ({@code RawBucket0C3EE094}, not {@code RawIngestRawBucket...}). The split
   * into constructs is code structure, not a deployment change: a new logical id makes
   * CloudFormation replace the resource, which for the retained buckets would orphan the data and
   * for named resources (Glue tables, the workgroup) fails. The id is computed as CDK does
   * (human-readable path + first 8 hex digits of the MD5 of the path). Lambda versions keep CDK's
   * own ids (they hash the function configuration). Resources outside every concern (CDK's own
   * stack-level ones) keep CDK's ids.
   */
  private void keepLogicalIdsFlat() {
    Map<String, String> used = new HashMap<>();
    for (IConstruct c : getNode().findAll()) {
      if (!(c instanceof CfnResource resource) || c instanceof CfnVersion) {
        continue;
      }
      List<String> path = new ArrayList<>();
      boolean belowStack = false;
      boolean inside = false;
      for (IConstruct scope : c.getNode().getScopes()) {
        if (belowStack && scope instanceof Concern) {
          inside = true;
        } else if (belowStack) {
          path.add(scope.getNode().getId());
        }
        belowStack |= scope == this;
      }
      if (!inside) {
        continue;
      }
      String logicalId = flatId(path);
      String previous = used.put(logicalId, c.getNode().getPath());
      if (previous != null) {
        throw new IllegalStateException(
            "logical id " + logicalId + " used twice: " + previous + ", " + c.getNode().getPath());
      }
      resource.overrideLogicalId(logicalId);
    }
  }

  /** CDK's logical id algorithm (makeUniqueId) for a path below the stack. */
  static String flatId(List<String> components) {
    List<String> path = components.stream().filter(p -> !p.equals("Default")).toList();
    if (path.size() == 1) {
      return alphanumeric(path.get(0));
    }
    String hash;
    try {
      hash =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("MD5")
                      .digest(String.join("/", path).getBytes(StandardCharsets.UTF_8)))
              .substring(0, 8)
              .toUpperCase();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    List<String> kept = new ArrayList<>();
    for (String p : path) {
      if (kept.isEmpty() || !kept.get(kept.size() - 1).endsWith(p)) {
        kept.add(p);
      }
    }
    StringBuilder human = new StringBuilder();
    for (String p : kept) {
      if (!p.equals("Resource")) {
        human.append(alphanumeric(p));
      }
    }
    return (human.length() > 240 ? human.substring(0, 240) : human) + hash;
  }

  private static String alphanumeric(String s) {
    return s.replaceAll("[^A-Za-z0-9]", "");
  }

  private void output(String id, String value, String description) {
    CfnOutput.Builder.create(this, id).value(value).description(description).build();
  }

  private static void requireArtifact(Path jar, String module) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar.toAbsolutePath()
              + " is missing: build it first with "
              + "`./mvnw -pl infra -am package -DskipTests` (copies the "
              + module
              + " jar into target/assets)");
    }
  }
}
