package io.tglake.emr;

import picocli.CommandLine.Option;

/** Where the runs go; every value not given is read from the stack's outputs. */
final class TargetOptions {
  @Option(
      names = "--stack-name",
      paramLabel = "NAME",
      defaultValue = "Tglake",
      description =
          "CloudFormation stack whose outputs complete the target (default ${DEFAULT-VALUE})")
  String stackName;

  @Option(
      names = "--application-id",
      paramLabel = "ID",
      description = "EMR Serverless application id (output EmrApplicationId)")
  String applicationId;

  @Option(
      names = "--execution-role-arn",
      paramLabel = "ARN",
      description = "job execution role (output EmrJobRoleArn)")
  String executionRoleArn;

  @Option(
      names = "--job-jar",
      paramLabel = "S3_URI",
      description = "Spark job jar (output EmrJobJarUri)")
  String jobJar;

  @Option(
      names = "--log-uri",
      paramLabel = "S3_URI",
      description = "job log folder (output EmrLogUri)")
  String logUri;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "AWS region (default: the SDK's chain, e.g. AWS_REGION)")
  String region;

  @Option(
      names = "--endpoint-url",
      paramLabel = "URL",
      description = "EMR Serverless endpoint override (local stubs)")
  String endpointUrl;
}
