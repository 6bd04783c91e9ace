package io.tglake.emr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command without AWS: client factories fail the test if anything tries to build a client. */
class EmrCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final EmrCommand command =
      new EmrCommand(
          a -> {
            throw new AssertionError("no EMR Serverless client may be built");
          },
          a -> {
            throw new AssertionError("no CloudFormation client may be built");
          },
          d -> {
            throw new AssertionError("no polling");
          },
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));

  @Test
  void dryRunPrintsOneRequestPerChunkAsJsonWithoutCallingAws() throws Exception {
    int code =
        command.run(
            new String[] {
              "backfill",
              "--from",
              "2026-11-20",
              "--to",
              "2026-11-22",
              "--chunk-days",
              "2",
              "--dry-run",
              "--application-id",
              "00fapp",
              "--execution-role-arn",
              "arn:aws:iam::1:role/job"
            });
    assertThat(code).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(json).as("3 days in chunks of 2").hasSize(2);
    assertThat(json.get(0).path("applicationId").asText()).isEqualTo("00fapp");
    assertThat(json.get(0).at("/jobDriver/sparkSubmit/entryPointArguments").toString())
        .isEqualTo(
            "[\"--raw\",\"s3://<RawUri>\",\"--enriched\",\"s3://<EnrichedUri>\",\"--from\",\"2026-11-20\","
                + "\"--to\",\"2026-11-21\",\"--chunk-days\",\"2\",\"--run-kind\",\"backfill\"]");
    assertThat(json.get(1).at("/jobDriver/sparkSubmit/entryPointArguments").toString())
        .as("the last chunk is one day, still a backfill")
        .isEqualTo(
            "[\"--raw\",\"s3://<RawUri>\",\"--enriched\",\"s3://<EnrichedUri>\",\"--from\",\"2026-11-22\","
                + "\"--to\",\"2026-11-22\",\"--chunk-days\",\"2\",\"--run-kind\",\"backfill\"]");
    assertThat(json.get(0).path("clientToken").asText())
        .startsWith("tglake-2026-11-20-2026-11-21-a1-");
    assertThat(json.get(0).path("executionTimeoutMinutes").asInt()).isEqualTo(130);
    assertThat(json.get(1).path("executionTimeoutMinutes").asInt()).isEqualTo(120);
    assertThat(json.get(0).at("/jobDriver/sparkSubmit/entryPoint").asText())
        .as("placeholder names the stack output")
        .isEqualTo("s3://<EmrJobJarUri>");
  }

  @Test
  void forgetDryRunPrintsTheErasureRequestWithoutCallingAws() throws Exception {
    int code =
        command.run(
            new String[] {
              "forget",
              "--request-id",
              "DSR-42",
              "--user-id",
              "9",
              "--user-id",
              "8",
              "--dry-run",
              "--application-id",
              "00fapp"
            });
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(json).hasSize(1);
    assertThat(json.get(0).at("/jobDriver/sparkSubmit/sparkSubmitParameters").asText())
        .isEqualTo("--class io.tglake.etl.erasure.ForgetJob");
    assertThat(json.get(0).at("/jobDriver/sparkSubmit/entryPointArguments").toString())
        .isEqualTo(
            "[\"--raw\",\"s3://<RawUri>\",\"--enriched\",\"s3://<EnrichedUri>\",\"--request-id\",\"DSR-42\","
                + "\"--user-id\",\"8\",\"--user-id\",\"9\"]");
    assertThat(json.get(0).path("clientToken").asText()).startsWith("tglake-forget-DSR-42-a1-");
    assertThat(json.get(0).path("executionRoleArn").asText())
        .as("the erasure role, not the ETL's")
        .isEqualTo("<EmrErasureRoleArn>");
  }

  @Test
  void everySubcommandHasGeneratedHelpWithOnlyTheOptionsItTakes() {
    assertThat(command.run(new String[] {"submit", "--help"})).isZero();
    assertThat(command.run(new String[] {"backfill", "-h"})).isZero();
    assertThat(command.run(new String[] {"forget", "--help"})).isZero();
    String help = out.toString(StandardCharsets.UTF_8);
    String submit = help.substring(0, help.indexOf("Usage: tglake emr backfill"));
    String backfill =
        help.substring(
            help.indexOf("Usage: tglake emr backfill"), help.indexOf("Usage: tglake emr forget"));
    String forget = help.substring(help.indexOf("Usage: tglake emr forget"));
    assertThat(submit)
        .contains("--date=YYYY-MM-DD", "--raw=URI", "--spark-conf=KEY=VALUE", "--stack-name=NAME")
        .doesNotContain("--from", "--parallel", "--chunk-days", "--s3-endpoint", "--user-id");
    assertThat(backfill)
        .contains(
            "--from=YYYY-MM-DD",
            "--to=YYYY-MM-DD",
            "--parallel=N",
            "--chunk-days=N",
            "--enriched=URI")
        .doesNotContain("--date", "--s3-endpoint");
    assertThat(forget)
        .contains("--request-id=ID", "--user-id=U", "--job-dry-run", "--from=YYYY-MM-DD")
        .doesNotContain("--date", "--parallel", "--s3-endpoint");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void helpExitsZeroAndBadOptionsExitTwoWithAMessage() {
    assertThat(command.run(new String[] {"--help"})).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("bin/tglake emr backfill --from");
    assertThat(command.run(new String[] {"backfill", "--from", "2026-11-22"})).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("tglake emr backfill: missing --to YYYY-MM-DD");
  }
}
