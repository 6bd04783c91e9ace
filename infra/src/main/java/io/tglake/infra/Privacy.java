package io.tglake.infra;

import io.tglake.contract.DdlRenderer;
import io.tglake.contract.LakeLayout;
import io.tglake.contract.TableDefinitions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * Personal data: retention (S3 lifecycle expiry of raw and enriched data), the optional
 * pseudonymization key for the scheduled job, and the role erasure runs ({@code bin/tglake emr
 * forget}) use, the only one allowed to delete raw objects and their old versions.
 */
public final class Privacy extends Construct implements Concern {

  private final StackConfig config;
  private final Secret pseudonymKey;

  public Privacy(Construct scope, String id, StackConfig config) {
    super(scope, id);
    this.config = config;
    pseudonymKey = config.data().pseudonymize() ? pseudonymKeySecret() : null;
  }

  /**
   * Options the scheduled job adds: {@code --pseudonymize --pseudonym-key-secret-id <arn>} when
   * enabled, none otherwise.
   */
  public List<String> jobArguments() {
    return pseudonymKey == null
        ? List.of()
        : List.of("--pseudonymize", "--pseudonym-key-secret-id", pseudonymKey.getSecretArn());
  }

  /** Lets the job role read the pseudonym key (nothing when pseudonymization is off). */
  public void grantKeyRead(IRole jobRole) {
    if (pseudonymKey != null) {
      jobRole.addToPrincipalPolicy(
          PolicyStatement.Builder.create()
              .sid("ReadPseudonymKey")
              .actions(List.of("secretsmanager:GetSecretValue"))
              .resources(List.of(pseudonymKey.getSecretArn()))
              .build());
    }
  }

  /**
   * Expires raw and enriched day data after the configured days. S3 counts from when an object was
   * written: for raw that is the delivery day (= its context_date, give or take the UTC midnight);
   * an enriched partition is rewritten by every rerun or backfill of its day, which restarts its
   * clock. On the versioned buckets an expired object becomes a noncurrent version, removed after
   * the noncurrent-version days.
   *
   * <p>Lifecycle filters cannot exclude a prefix, so the rules name the day data and nothing else:
   * raw {@code <raw>/}{@link LakeLayout#ANY_DAY_PREFIX} (not the chat-migration markers {@code
   * <raw>/_chat_migrations/}, which the ingest function needs for as long as the chat's updates
   * arrive), and in the lake one rule per table plus {@code _quarantine/} and {@code _runs/} (not
   * the erasure audit records {@code _privacy/}, which prove an erasure happened and must outlive
   * the data they describe). The local {@code Retention} command keeps the same folders.
   */
  public void applyRetention(Bucket raw, Bucket lake) {
    if (config.data().rawRetentionDays() > 0) {
      raw.addLifecycleRule(
          LifecycleRule.builder()
              .id("expire-raw-after-retention")
              .prefix(config.rawPrefix() + "/" + LakeLayout.ANY_DAY_PREFIX)
              .expiration(Duration.days(config.data().rawRetentionDays()))
              .build());
      // what the bot said ages like what the users said
      raw.addLifecycleRule(
          LifecycleRule.builder()
              .id("expire-outgoing-after-retention")
              .prefix(config.bot().outgoingPrefix() + "/" + LakeLayout.ANY_DAY_PREFIX)
              .expiration(Duration.days(config.data().rawRetentionDays()))
              .build());
    }
    if (config.data().enrichedRetentionDays() > 0) {
      List<String> folders = new ArrayList<>();
      TableDefinitions.bundled(
              DdlRenderer.variables(config.database(), "s3://unused/enriched", config.localTz()))
          .forEach(t -> folders.add(t.name()));
      folders.addAll(
          List.of(
              LakeLayout.QUARANTINE_DIR, LakeLayout.OUTGOING_QUARANTINE_DIR, LakeLayout.RUNS_DIR));
      for (String folder : folders) {
        lake.addLifecycleRule(
            LifecycleRule.builder()
                .id("expire-enriched-after-retention-" + folder)
                .prefix(config.enrichedPrefix() + "/" + folder + "/")
                .expiration(Duration.days(config.data().enrichedRetentionDays()))
                .build());
      }
    }
  }

  /**
   * The role for erasure runs: the job role's reads and enriched writes plus deleting raw objects
   * and their versions, rewriting other people's raw objects that name the person, and listing and
   * deleting the old versions of the lake's day partitions it rebuilt. Kept apart from the daily
   * job's role so that the scheduled ETL still cannot change raw.
   */
  public Role erasureRole(Bucket raw, Bucket lake, String jobJarObjectArn, LogGroup jobLogs) {
    Stack stack = Stack.of(this);
    Role role =
        Role.Builder.create(this, "EmrErasureRole")
            .description(
                "tglake erasure job runs (bin/tglake emr forget): delete a person's raw objects and rows")
            .assumedBy(
                ServicePrincipal.Builder.create("emr-serverless.amazonaws.com")
                    .conditions(
                        Map.of("StringEquals", Map.of("aws:SourceAccount", stack.getAccount())))
                    .build())
            .build();
    String rawObjects = raw.arnForObjects(config.rawPrefix() + "/*");
    String enriched = lake.arnForObjects(config.enrichedPrefix() + "/*");
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("EraseRaw")
            // PutObject: other people's objects that name the person are rewritten under their keys
            // (redaction)
            .actions(
                List.of(
                    "s3:GetObject",
                    "s3:GetObjectVersion",
                    "s3:PutObject",
                    "s3:DeleteObject",
                    "s3:DeleteObjectVersion"))
            // a person's outgoing records (the bot's messages in their private chat, answers to
            // their updates) go too
            .resources(List.of(rawObjects, raw.arnForObjects(config.bot().outgoingPrefix() + "/*")))
            .build());
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("ListRaw")
            .actions(List.of("s3:ListBucket", "s3:ListBucketVersions"))
            .resources(List.of(raw.getBucketArn()))
            .build());
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("RewriteEnriched")
            .actions(
                List.of(
                    "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"))
            .resources(List.of(enriched))
            .build());
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("ListLake")
            .actions(List.of("s3:ListBucket", "s3:ListBucketMultipartUploads"))
            .resources(List.of(lake.getBucketArn()))
            .build());
    // A rebuilt day's replaced Parquet, quarantine and run-report bodies stay readable as
    // noncurrent versions of
    // the versioned lake: the erasure lists and deletes those of the day partitions only (never
    // _privacy/ audits).
    String dayPartitions = config.enrichedPrefix() + "/*/" + LakeLayout.ANY_DAY_PREFIX + "*";
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("ListLakeDayVersions")
            .actions(List.of("s3:ListBucketVersions"))
            .resources(List.of(lake.getBucketArn()))
            .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(dayPartitions))))
            .build());
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("PurgeLakeDayVersions")
            .actions(List.of("s3:DeleteObjectVersion"))
            .resources(List.of(lake.arnForObjects(dayPartitions)))
            .build());
    // The application sends every run's driver logs to its log group, erasure runs included.
    EtlJobRole.grantJobRuntime(role, lake, jobJarObjectArn, jobLogs);
    grantKeyRead(role);
    Nag.suppress(
        role,
        "AwsSolutions-IAM5",
        "object-level grants under one prefix: erasure rewrites whole day "
            + "partitions and deletes the raw objects (and versions) in which a person appears; log streams of the "
            + "job log group (<group>:*); logs:DescribeLogGroups on log-group:* of this account and Region, because "
            + "that action has no per-group resource");
    return role;
  }

  private Secret pseudonymKeySecret() {
    Secret secret =
        Secret.Builder.create(this, "PseudonymKey")
            .description(
                "tglake: HMAC key of the pseudonymized ETL (user/chat ids); changing it changes every id")
            .generateSecretString(
                SecretStringGenerator.builder()
                    .passwordLength(64)
                    .excludePunctuation(true)
                    .includeSpace(false)
                    .build())
            // Losing the key means ids of future days no longer match past days: keep it on stack
            // deletion.
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    Nag.suppress(
        secret,
        "AwsSolutions-SMG4",
        "rotating the HMAC key would change every pseudonymous id; "
            + "it changes only on purpose, by hand");
    return secret;
  }
}
