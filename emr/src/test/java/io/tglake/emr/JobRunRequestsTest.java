package io.tglake.emr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunRequest;

class JobRunRequestsTest {

  private static final JobTarget TARGET =
      new JobTarget(
          "00fabc123",
          "arn:aws:iam::123456789012:role/EmrJobRole",
          "s3://cdk-assets/abc.jar",
          "s3://raw-bucket/telegram",
          "s3://lake-bucket/enriched",
          "s3://lake-bucket/logs/emr/");
  private static final LocalDate DAY = LocalDate.parse("2026-11-22");

  @Test
  void dayRequestRunsTheEtlMainClassOnThatDayWithTheStackLocations() {
    JobRunSpec spec = new JobRunRequests(TARGET, Map.of(), 1).forDay(DAY);
    StartJobRunRequest request = spec.toRequest();
    assertThat(request.applicationId()).isEqualTo("00fabc123");
    assertThat(request.executionRoleArn()).isEqualTo(TARGET.executionRoleArn());
    assertThat(request.jobDriver().sparkSubmit().entryPoint()).isEqualTo("s3://cdk-assets/abc.jar");
    assertThat(request.jobDriver().sparkSubmit().entryPointArguments())
        .as("the job's named options")
        .containsExactly(
            "--raw",
            "s3://raw-bucket/telegram",
            "--enriched",
            "s3://lake-bucket/enriched",
            "--date",
            "2026-11-22");
    assertThat(request.jobDriver().sparkSubmit().sparkSubmitParameters())
        .isEqualTo("--class io.tglake.etl.TelegramEtlJob");
    assertThat(
            request
                .configurationOverrides()
                .monitoringConfiguration()
                .s3MonitoringConfiguration()
                .logUri())
        .isEqualTo("s3://lake-bucket/logs/emr/");
    assertThat(request.executionTimeoutMinutes()).isEqualTo(120L);
    assertThat(request.clientToken()).isEqualTo(spec.clientToken());
  }

  @Test
  void extraSparkConfIsAppendedInKeyOrder() {
    JobRunSpec spec =
        new JobRunRequests(
                TARGET,
                Map.of("spark.executor.memory", "16g", "spark.dynamicAllocation.maxExecutors", "8"),
                1)
            .forDay(DAY);
    assertThat(spec.sparkSubmitParameters())
        .isEqualTo(
            "--class io.tglake.etl.TelegramEtlJob"
                + " --conf spark.dynamicAllocation.maxExecutors=8 --conf spark.executor.memory=16g");
  }

  @Test
  void clientTokenIsDeterministicPerDayAndAttemptAndWithinTheApiLimit() {
    JobRunRequests first = new JobRunRequests(TARGET, Map.of(), 1);
    String token = first.clientToken(DAY);
    assertThat(new JobRunRequests(TARGET, Map.of(), 1).clientToken(DAY))
        .as("same inputs, same token")
        .isEqualTo(token);
    assertThat(token)
        .as("readable and at most 64 characters")
        .startsWith("tglake-2026-11-22-a1-")
        .hasSizeLessThanOrEqualTo(64)
        .matches("[A-Za-z0-9-]+");
    assertThat(first.clientToken(DAY.plusDays(1)))
        .as("another day is another run")
        .isNotEqualTo(token);
    assertThat(new JobRunRequests(TARGET, Map.of(), 2).clientToken(DAY))
        .as("a new attempt is a new run")
        .startsWith("tglake-2026-11-22-a2-")
        .isNotEqualTo(token);
    JobTarget otherJar =
        new JobTarget(
            TARGET.applicationId(),
            TARGET.executionRoleArn(),
            "s3://cdk-assets/new.jar",
            TARGET.raw(),
            TARGET.enriched(),
            TARGET.logUri());
    assertThat(new JobRunRequests(otherJar, Map.of(), 1).clientToken(DAY))
        .as("a new job jar is a new run")
        .isNotEqualTo(token);
  }

  @Test
  void backfillIsSplitIntoOneRunPerDayAcrossMonthAndLeapDay() {
    List<JobRunSpec> specs =
        new JobRunRequests(TARGET, Map.of(), 1)
            .forRange(LocalDate.parse("2028-02-27"), LocalDate.parse("2028-03-01"));
    assertThat(specs)
        .extracting(s -> s.date().toString())
        .containsExactly("2028-02-27", "2028-02-28", "2028-02-29", "2028-03-01");
    assertThat(specs)
        .extracting(JobRunSpec::clientToken)
        .as("distinct tokens")
        .doesNotHaveDuplicates();
    assertThat(specs.get(2).entryPointArguments()).endsWith("--date", "2028-02-29");
    assertThat(JobRunRequests.days(DAY, DAY)).as("a one-day range").containsExactly(DAY);
  }

  @Test
  void rejectsInvertedOrHugeRanges() {
    assertThatThrownBy(() -> JobRunRequests.days(DAY, DAY.minusDays(1)))
        .hasMessageContaining("is after");
    assertThatThrownBy(() -> JobRunRequests.days(DAY.minusDays(400), DAY))
        .hasMessageContaining("exceeds 400");
  }

  @Test
  void rejectsAnIncompleteTarget() {
    JobTarget partial = new JobTarget("app", null, "s3://j.jar", "s3://r", null, null);
    assertThat(partial.missing()).containsExactly("--execution-role-arn", "--enriched");
    assertThatThrownBy(() -> new JobRunRequests(partial, Map.of(), 1))
        .hasMessageContaining("--execution-role-arn");
  }

  @Test
  void jsonIsTheCliInputShapeOfStartJobRun() {
    JsonNode json = new JobRunRequests(TARGET, Map.of(), 1).forDay(DAY).toJson();
    assertThat(json.path("applicationId").asText()).isEqualTo("00fabc123");
    assertThat(json.at("/jobDriver/sparkSubmit/entryPoint").asText())
        .isEqualTo("s3://cdk-assets/abc.jar");
    assertThat(json.at("/jobDriver/sparkSubmit/entryPointArguments/5").asText())
        .isEqualTo("2026-11-22");
    assertThat(
            json.at(
                    "/configurationOverrides/monitoringConfiguration/s3MonitoringConfiguration/logUri")
                .asText())
        .isEqualTo("s3://lake-bucket/logs/emr/");
    assertThat(json.path("clientToken").asText()).startsWith("tglake-2026-11-22-a1-");
  }
}
