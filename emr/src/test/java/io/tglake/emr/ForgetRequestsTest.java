package io.tglake.emr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunRequest;

class ForgetRequestsTest {

  private static final JobTarget TARGET =
      new JobTarget(
          "00fabc123",
          "arn:aws:iam::123456789012:role/EmrJobRole",
          "s3://cdk-assets/abc.jar",
          "s3://raw-bucket/telegram",
          "s3://lake-bucket/enriched",
          "s3://lake-bucket/logs/emr/");
  private static final LocalDate FROM = LocalDate.parse("2026-11-01");
  private static final LocalDate TO = LocalDate.parse("2026-11-22");

  @Test
  void requestRunsTheErasureMainClassOfTheSameJarWithTheJobsOwnOptions() {
    Erasure erasure =
        new Erasure("DSR-2026-0042", List.of(500000002L, 500000001L), FROM, TO, false);
    JobRunSpec spec = new ForgetRequests(TARGET, Map.of(), 1).forErasure(erasure);
    StartJobRunRequest request = spec.toRequest();

    assertThat(request.applicationId()).isEqualTo("00fabc123");
    assertThat(request.executionRoleArn()).isEqualTo(TARGET.executionRoleArn());
    assertThat(request.jobDriver().sparkSubmit().entryPoint())
        .as("the ETL's jar")
        .isEqualTo("s3://cdk-assets/abc.jar");
    assertThat(request.jobDriver().sparkSubmit().sparkSubmitParameters())
        .isEqualTo("--class io.tglake.etl.erasure.ForgetJob");
    assertThat(request.jobDriver().sparkSubmit().entryPointArguments())
        .as("user ids ascending, one option each")
        .containsExactly(
            "--raw",
            "s3://raw-bucket/telegram",
            "--enriched",
            "s3://lake-bucket/enriched",
            "--request-id",
            "DSR-2026-0042",
            "--user-id",
            "500000001",
            "--user-id",
            "500000002",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-22");
    assertThat(request.name()).isEqualTo("tglake-forget-DSR-2026-0042");
    assertThat(request.executionTimeoutMinutes()).isEqualTo(720L);
    assertThat(
            request
                .configurationOverrides()
                .monitoringConfiguration()
                .s3MonitoringConfiguration()
                .logUri())
        .isEqualTo("s3://lake-bucket/logs/emr/");
    assertThat(spec.label()).isEqualTo("forget DSR-2026-0042");
    assertThat(spec.date()).as("not tied to one day").isNull();
  }

  @Test
  void withoutARangeTheJobSearchesEveryDayAndJobDryRunIsPassedOn() {
    Erasure erasure = new Erasure("r1", List.of(7L), null, null, true);
    JobRunSpec spec =
        new ForgetRequests(TARGET, Map.of("spark.executor.memory", "8g"), 1).forErasure(erasure);
    assertThat(spec.entryPointArguments())
        .containsExactly(
            "--raw",
            "s3://raw-bucket/telegram",
            "--enriched",
            "s3://lake-bucket/enriched",
            "--request-id",
            "r1",
            "--user-id",
            "7",
            "--dry-run");
    assertThat(spec.sparkSubmitParameters())
        .isEqualTo("--class io.tglake.etl.erasure.ForgetJob --conf spark.executor.memory=8g");
    assertThat(spec.name()).isEqualTo("tglake-forget-r1-dry-run");
  }

  @Test
  void aPseudonymizedLakeIsRebuiltWithTheSameKey() {
    String key = "arn:aws:secretsmanager:us-east-1:123456789012:secret:tglake-pseudonym-key-AbCdEf";
    Erasure erasure = new Erasure("r1", List.of(7L), null, null, false, key);
    JobRunSpec spec = new ForgetRequests(TARGET, Map.of(), 1).forErasure(erasure);
    assertThat(spec.entryPointArguments())
        .endsWith("--user-id", "7", "--pseudonymize", "--pseudonym-key-secret-id", key);
    assertThat(spec.clientToken())
        .as("another job, another run")
        .isNotEqualTo(
            new ForgetRequests(TARGET, Map.of(), 1)
                .clientToken(new Erasure("r1", List.of(7L), null, null, false)));
  }

  @Test
  void clientTokenIsDeterministicPerRequestAndNeverShowsTheUserIds() {
    ForgetRequests first = new ForgetRequests(TARGET, Map.of(), 1);
    Erasure erasure =
        new Erasure("DSR-2026-0042", List.of(500000001L, 500000002L), FROM, TO, false);
    String token = first.clientToken(erasure);

    assertThat(
            new ForgetRequests(TARGET, Map.of(), 1)
                .clientToken(
                    new Erasure(
                        "DSR-2026-0042",
                        List.of(500000002L, 500000001L, 500000001L),
                        FROM,
                        TO,
                        false)))
        .as("same request, ids in another order or repeated: same run")
        .isEqualTo(token);
    assertThat(token)
        .startsWith("tglake-forget-DSR-2026-0042-a1-")
        .hasSizeLessThanOrEqualTo(64)
        .matches("[A-Za-z0-9-]+")
        .doesNotContain("500000001");
    assertThat(first.clientToken(new Erasure("DSR-2026-0043", erasure.userIds(), FROM, TO, false)))
        .as("another request")
        .isNotEqualTo(token);
    assertThat(
            first.clientToken(new Erasure("DSR-2026-0042", List.of(500000001L), FROM, TO, false)))
        .as("a corrected request under the same id is a new run")
        .isNotEqualTo(token);
    assertThat(first.clientToken(new Erasure("DSR-2026-0042", erasure.userIds(), FROM, TO, true)))
        .as("a dry run does not take the real run's token")
        .isNotEqualTo(token);
    assertThat(new ForgetRequests(TARGET, Map.of(), 2).clientToken(erasure))
        .as("a new attempt is a new run")
        .startsWith("tglake-forget-DSR-2026-0042-a2-")
        .isNotEqualTo(token);
  }

  @Test
  void longRequestIdsAreCutInTheTokenButKeptWholeForTheJob() {
    String id = "support.ticket_2026-11-22-00000000000000000000000000000000000000"; // 64 characters
    Erasure erasure = new Erasure(id, List.of(1L), null, null, false);
    JobRunSpec spec = new ForgetRequests(TARGET, Map.of(), 999).forErasure(erasure);
    assertThat(spec.clientToken())
        .hasSizeLessThanOrEqualTo(64)
        .matches("[A-Za-z0-9-]+")
        .startsWith("tglake-forget-support-ticket-2026-11-2-a999-");
    assertThat(spec.entryPointArguments()).contains(id);
  }

  @Test
  void badRequestsNameTheOption() {
    assertThatThrownBy(() -> new Erasure("DSR 42", List.of(1L), null, null, false))
        .hasMessageContaining("--request-id must be");
    assertThatThrownBy(() -> new Erasure("../x", List.of(1L), null, null, false))
        .hasMessageContaining("--request-id must be");
    assertThatThrownBy(() -> new Erasure("r", List.of(), null, null, false))
        .hasMessageContaining("missing --user-id");
    assertThatThrownBy(() -> new Erasure("r", List.of(-5L), null, null, false))
        .hasMessageContaining("--user-id must be a positive");
    assertThatThrownBy(() -> new Erasure("r", List.of(1L), FROM, null, false))
        .hasMessageContaining("--from and --to go together");
    assertThatThrownBy(() -> new Erasure("r", List.of(1L), TO, FROM, false))
        .hasMessageContaining("is after");
    assertThatThrownBy(
            () ->
                new ForgetRequests(new JobTarget("app", null, null, null, null, null), Map.of(), 1))
        .hasMessageContaining("--execution-role-arn");
  }
}
