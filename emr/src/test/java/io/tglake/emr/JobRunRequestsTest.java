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
  void backfillIsOneRunPerChunkWithTheChunksBoundsAndTheJobsRangeOptions() {
    List<JobRunSpec> specs =
        new JobRunRequests(TARGET, Map.of(), 1)
            .forRange(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-03-15"), 31);
    assertThat(specs)
        .extracting(JobRunSpec::label)
        .as("74 days in chunks of 31: 31 + 31 + 12")
        .containsExactly(
            "2026-01-01..2026-01-31", "2026-02-01..2026-03-03", "2026-03-04..2026-03-15");
    assertThat(specs.get(1).entryPointArguments())
        .as("the job's range options; the run kind is explicit")
        .containsExactly(
            "--raw",
            "s3://raw-bucket/telegram",
            "--enriched",
            "s3://lake-bucket/enriched",
            "--from",
            "2026-02-01",
            "--to",
            "2026-03-03",
            "--chunk-days",
            "31",
            "--run-kind",
            "backfill");
    assertThat(specs)
        .extracting(JobRunSpec::name)
        .containsExactly(
            "tglake-etl-2026-01-01-to-2026-01-31",
            "tglake-etl-2026-02-01-to-2026-03-03",
            "tglake-etl-2026-03-04-to-2026-03-15");
    assertThat(specs)
        .extracting(JobRunSpec::executionTimeoutMinutes)
        .as("120 min + 10 per further day")
        .containsExactly(420, 420, 230);
    assertThat(specs).extracting(JobRunSpec::date).as("not tied to one day").containsOnlyNulls();
    assertThat(specs.get(0).sparkSubmitParameters())
        .isEqualTo("--class io.tglake.etl.TelegramEtlJob");
    assertThat(specs.get(0).logUri()).isEqualTo("s3://lake-bucket/logs/emr/");
    assertThat(specs.get(0).clientToken()).startsWith("tglake-2026-01-01-2026-01-31-a1-");
  }

  @Test
  void chunksCoverTheRangeExactlyAcrossMonthEndsAndLeapDays() {
    assertThat(
            JobRunRequests.chunks(LocalDate.parse("2028-02-27"), LocalDate.parse("2028-03-01"), 2))
        .containsExactly(
            List.of(LocalDate.parse("2028-02-27"), LocalDate.parse("2028-02-28")),
            List.of(LocalDate.parse("2028-02-29"), LocalDate.parse("2028-03-01")));
    assertThat(JobRunRequests.chunks(DAY, DAY, 31))
        .as("a one-day range")
        .containsExactly(List.of(DAY, DAY));
    assertThat(JobRunRequests.chunks(DAY, DAY.plusDays(30), 31))
        .as("exactly one full chunk")
        .containsExactly(List.of(DAY, DAY.plusDays(30)));
    assertThat(JobRunRequests.chunks(DAY, DAY.plusDays(2), 1))
        .as("--chunk-days 1: a run per day")
        .containsExactly(
            List.of(DAY, DAY),
            List.of(DAY.plusDays(1), DAY.plusDays(1)),
            List.of(DAY.plusDays(2), DAY.plusDays(2)));
    assertThatThrownBy(() -> JobRunRequests.chunks(DAY, DAY, 0))
        .hasMessageContaining("--chunk-days must be >= 1, got 0");
  }

  @Test
  void chunkTimeoutGrowsPerDayUpToTwelveHours() {
    assertThat(JobRunRequests.chunkTimeoutMinutes(DAY, DAY)).as("a day's limit").isEqualTo(120);
    assertThat(JobRunRequests.chunkTimeoutMinutes(DAY, DAY.plusDays(60))).isEqualTo(720);
    assertThat(JobRunRequests.chunkTimeoutMinutes(DAY, DAY.plusDays(399)))
        .as("capped at EMR Serverless's default")
        .isEqualTo(720);
  }

  @Test
  void chunkTokenIsDeterministicPerRangeAndAttemptAndWithinTheApiLimit() {
    LocalDate from = LocalDate.parse("2026-01-01");
    LocalDate to = LocalDate.parse("2026-03-15");
    List<String> tokens =
        new JobRunRequests(TARGET, Map.of(), 1)
            .forRange(from, to, 31).stream().map(JobRunSpec::clientToken).toList();
    assertThat(
            new JobRunRequests(TARGET, Map.of(), 1)
                .forRange(from, to, 31).stream().map(JobRunSpec::clientToken).toList())
        .as("a resubmitted backfill: the same tokens, so no second run")
        .isEqualTo(tokens);
    assertThat(tokens).doesNotHaveDuplicates();
    assertThat(tokens)
        .allSatisfy(
            t ->
                assertThat(t)
                    .as("EMR Serverless ClientToken: 1..64 of [A-Za-z0-9._-]")
                    .hasSizeLessThanOrEqualTo(64)
                    .matches("[A-Za-z0-9._-]+"));
    assertThat(
            new JobRunRequests(TARGET, Map.of(), 999).forRange(from, to, 31).get(0).clientToken())
        .as("the longest attempt still fits")
        .startsWith("tglake-2026-01-01-2026-01-31-a999-")
        .hasSize(50);
    assertThat(new JobRunRequests(TARGET, Map.of(), 2).forRange(from, to, 31).get(0).clientToken())
        .as("a new attempt is a new run")
        .startsWith("tglake-2026-01-01-2026-01-31-a2-")
        .isNotEqualTo(tokens.get(0));
    assertThat(
            new JobRunRequests(TARGET, Map.of(), 1)
                .forChunk(from, from.plusDays(30), 40)
                .clientToken())
        .as("other job arguments (--chunk-days) are another run")
        .isNotEqualTo(tokens.get(0));
    assertThat(
            new JobRunRequests(TARGET, Map.of("spark.executor.memory", "16g"), 1)
                .forRange(from, to, 31)
                .get(0)
                .clientToken())
        .as("other Spark parameters are another run")
        .isNotEqualTo(tokens.get(0));
    assertThat(new JobRunRequests(TARGET, Map.of(), 1).forDay(from).clientToken())
        .as("a submit of the first day is not the chunk's run")
        .isNotEqualTo(tokens.get(0));
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
