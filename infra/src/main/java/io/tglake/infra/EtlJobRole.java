package io.tglake.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.Construct;

/**
 * The execution role of the ETL's job runs: read raw (updates and outgoing records), rewrite the
 * enriched lake, write EMR logs, read exactly the job jar, and write the job log group. It cannot
 * write or delete raw: only the erasure role ({@link Privacy}) may.
 */
final class EtlJobRole extends Construct implements Concern {

  private final Role role;

  /**
   * @param raw the raw bucket (read only)
   * @param lakeBucket the lake bucket the job rewrites
   * @param jobJarObjectArn ARN of exactly the job jar object
   * @param jobLogs the job runs' log group
   */
  EtlJobRole(
      Construct scope,
      String id,
      StackConfig config,
      Bucket raw,
      Bucket lakeBucket,
      String jobJarObjectArn,
      LogGroup jobLogs) {
    super(scope, id);
    role = jobExecutionRole(config, raw, lakeBucket, jobJarObjectArn, jobLogs);
  }

  Role role() {
    return role;
  }

  private Role jobExecutionRole(
      StackConfig config, Bucket raw, Bucket lakeBucket, String jobJarObjectArn, LogGroup jobLogs) {
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
    grantJobRuntime(role, lakeBucket, jobJarObjectArn, jobLogs);
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
   * What any run of the job needs whatever its role (the daily job's and the erasure role): write
   * EMR's job logs under the lake's log prefix, read exactly the job jar object (not the whole CDK
   * assets bucket), and send the driver's output to the log group ({@link #grantJobLogs}).
   */
  static void grantJobRuntime(Role role, Bucket lake, String jobJarObjectArn, LogGroup jobLogs) {
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("WriteJobLogs")
            .actions(List.of("s3:PutObject"))
            .resources(List.of(lake.arnForObjects(DailyEtl.EMR_LOG_PREFIX + "/*")))
            .build());
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("ReadJobJar")
            .actions(List.of("s3:GetObject"))
            .resources(List.of(jobJarObjectArn))
            .build());
    grantJobLogs(role, jobLogs);
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
}
