package io.tglake.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.emrserverless.CfnApplication;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.constructs.Construct;

/**
 * What the nightly ({@link DailySchedule}) and the intraday ({@link IntradayEtl}) schedules share
 * to start a run of the ETL job: the scheduler's role and the StartJobRun request its target sends.
 * Deliberately not a construct: the roles stay children of the schedules' own constructs, so their
 * logical ids (and the deployed template) do not move. Each schedule keeps its own role rather than
 * sharing one, so that only the nightly one may send to the dead-letter queue.
 */
final class JobRunTarget {

  /** EventBridge Scheduler's universal target for EMR Serverless StartJobRun. */
  static final String START_JOB_RUN_TARGET =
      "arn:aws:scheduler:::aws-sdk:emrserverless:startJobRun";

  private final CfnApplication application;
  private final Role jobRole;
  private final Asset jobJar;

  JobRunTarget(CfnApplication application, Role jobRole, Asset jobJar) {
    this.application = application;
    this.jobRole = jobRole;
    this.jobJar = jobJar;
  }

  /**
   * The job's arguments; the scheduler's fire time, passed under {@code timeFlag}, picks the day.
   *
   * @param timeFlag {@code --scheduled-time} (nightly) or {@code --intraday-time}; its value is
   *     {@value DailySchedule#SCHEDULED_TIME}
   * @param extraJobArgs appended as they are (pseudonymization)
   */
  static List<String> jobArgs(
      String rawUri, String enrichedUri, String timeFlag, List<String> extraJobArgs) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--raw",
                rawUri,
                "--enriched",
                enrichedUri,
                timeFlag,
                DailySchedule.SCHEDULED_TIME));
    args.addAll(extraJobArgs);
    return args;
  }

  /**
   * A role only the scheduler of this account can assume, allowed to start runs of the application
   * and to hand it the job role, nothing more; a schedule adds what only it needs.
   */
  Role schedulerRole(Construct scope, String id, String description) {
    Role role =
        Role.Builder.create(scope, id)
            .description(description)
            .assumedBy(
                ServicePrincipal.Builder.create("scheduler.amazonaws.com")
                    .conditions(
                        Map.of(
                            "StringEquals",
                            Map.of("aws:SourceAccount", Stack.of(scope).getAccount())))
                    .build())
            .build();
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("StartJobRun")
            .actions(List.of("emr-serverless:StartJobRun"))
            .resources(List.of(application.getAttrArn()))
            .build());
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("PassJobRole")
            .actions(List.of("iam:PassRole"))
            .resources(List.of(jobRole.getRoleArn()))
            .conditions(
                Map.of(
                    "StringEquals", Map.of("iam:PassedToService", "emr-serverless.amazonaws.com")))
            .build());
    return role;
  }

  /**
   * The target that starts one run of the job as {@code schedulerRole}; the caller adds its retry
   * policy and dead-letter queue.
   *
   * @param clientToken StartJobRun's idempotency token (see {@link DailySchedule#CLIENT_TOKEN})
   * @param name the run's name
   * @param jobArgs the job's arguments
   */
  CfnSchedule.TargetProperty.Builder target(
      Role schedulerRole,
      String clientToken,
      String name,
      List<String> jobArgs,
      int executionTimeoutMinutes) {
    Map<String, Object> sparkSubmit = new LinkedHashMap<>();
    sparkSubmit.put("EntryPoint", jobJar.getS3ObjectUrl());
    sparkSubmit.put("EntryPointArguments", jobArgs);
    sparkSubmit.put("SparkSubmitParameters", "--class " + DailyEtl.JOB_MAIN_CLASS);
    // Key order is the order of the rendered JSON; changing it changes the deployed input.
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("ApplicationId", application.getAttrApplicationId());
    input.put("ExecutionRoleArn", jobRole.getRoleArn());
    input.put("ClientToken", clientToken);
    input.put("Name", name);
    input.put("JobDriver", Map.of("SparkSubmit", sparkSubmit));
    input.put("ExecutionTimeoutMinutes", executionTimeoutMinutes);
    return CfnSchedule.TargetProperty.builder()
        .arn(START_JOB_RUN_TARGET)
        .roleArn(schedulerRole.getRoleArn())
        .input(Stack.of(schedulerRole).toJsonString(input));
  }
}
