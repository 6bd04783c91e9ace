package io.tglake.emr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.emrserverless.EmrServerlessServiceClientConfiguration;
import software.amazon.awssdk.services.emrserverless.model.GetDashboardForJobRunRequest;
import software.amazon.awssdk.services.emrserverless.model.GetDashboardForJobRunResponse;
import software.amazon.awssdk.services.emrserverless.model.GetJobRunRequest;
import software.amazon.awssdk.services.emrserverless.model.GetJobRunResponse;
import software.amazon.awssdk.services.emrserverless.model.JobRun;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunRequest;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunResponse;

/**
 * The step logic of {@code emr verify} over in-process fakes: stack outputs, secret, EMR states,
 * Athena rows.
 */
class DeployVerifierTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T14:15:12Z"), ZoneOffset.UTC);
  private static final LocalDate DAY = LocalDate.of(2026, 11, 22);
  private static final long ID = 9_000_000_123_456L;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Map<String, String> outputs =
      new HashMap<>(
          Map.of(
              "WebhookUrl",
              "https://api.example/telegram/webhook",
              "RawUri",
              "s3://raw/telegram",
              "EmrApplicationId",
              "00fapp",
              "EmrJobRoleArn",
              "arn:aws:iam::123456789012:role/job",
              "EmrJobJarUri",
              "s3://lake/jars/job.jar",
              "EnrichedUri",
              "s3://lake/enriched",
              "AthenaWorkGroupName",
              "tglake",
              "GlueDatabaseName",
              "tglake_db"));
  private final FakeEmr emr = new FakeEmr();
  private final List<String> athenaCalls = new ArrayList<>();
  private List<List<String>> athenaRows = List.of(List.of("1"));

  @Test
  void outputsStepNamesEveryMissingOutputAndTheRunbook() {
    outputs.remove("EmrApplicationId");
    outputs.put("AthenaWorkGroupName", " ");

    int code = verifier().run(options(false));

    assertThat(code).isEqualTo(1);
    assertThat(out())
        .isEqualTo(
            "FAILED outputs: stack 'Tglake' lacks outputs [EmrApplicationId, "
                + "AthenaWorkGroupName] — runbook: infra/README.md#verify-outputs\n");
  }

  @Test
  void skipEtlNeedsOnlyTheWebhookOutputs() {
    outputs.keySet().retainAll(Set.of("WebhookUrl", "RawUri"));

    assertThat(verifier().stack.outputs("Tglake", true))
        .as("enough for steps 1-4")
        .containsOnlyKeys("WebhookUrl", "RawUri");
    assertThatThrownBy(() -> verifier().stack.outputs("Tglake", false))
        .as("not for steps 5-6")
        .isInstanceOf(DeployVerifier.StepFailed.class)
        .hasMessageContaining("EmrApplicationId");
  }

  @Test
  void unreadableStackFailsTheOutputsStep() {
    DeployVerifier verifier =
        new DeployVerifier(
            clouds(
                name -> {
                  throw CloudFormationException.builder()
                      .message("Stack with id Tglake does not exist")
                      .build();
                }),
            CLOCK,
            d -> {},
            print());

    assertThat(verifier.run(options(false))).isEqualTo(1);
    assertThat(out())
        .isEqualTo(
            "FAILED outputs: cannot read stack 'Tglake': Stack with id Tglake does not exist — "
                + "runbook: infra/README.md#verify-outputs\n");
  }

  @Test
  void secretComesFromTheStacksSecretElseFromTheGivenToken() {
    outputs.put("WebhookSecretArn", "arn:secret");
    assertThat(verifier().stack.secret(outputs, "given"))
        .as("the stack's secret wins")
        .isEqualTo("from-secrets-manager");
    outputs.remove("WebhookSecretArn");
    assertThat(verifier().stack.secret(outputs, "given")).isEqualTo("given");
    assertThatThrownBy(() -> verifier().stack.secret(outputs, null))
        .isInstanceOf(DeployVerifier.StepFailed.class)
        .hasMessage(
            "the stack names no WebhookSecretArn; pass --secret-token or set TELEGRAM_SECRET_TOKEN");
  }

  @Test
  void etlStepStartsTheJobForThePostedDayAndPollsUntilSuccess() throws Exception {
    emr.states.addAll(List.of("PENDING", "RUNNING", "RUNNING", "SUCCESS"));

    String checked = verifier().etl.runEtl(outputs, DAY, options(false));

    assertThat(checked).isEqualTo("ETL run run-1 for 2026-11-22 ended SUCCESS");
    assertThat(emr.starts).hasSize(1);
    StartJobRunRequest start = emr.starts.get(0);
    assertThat(start.applicationId()).isEqualTo("00fapp");
    assertThat(start.executionRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/job");
    assertThat(start.jobDriver().sparkSubmit().entryPointArguments())
        .as("the one posted day")
        .containsExactly(
            "--raw",
            "s3://raw/telegram",
            "--enriched",
            "s3://lake/enriched",
            "--date",
            "2026-11-22");
    assertThat(emr.gets).as("polled to the terminal state").isEqualTo(4);
    assertThat(start.name())
        .as("attempt 1000 + second of the day 14:15:12, so a later verify gets a new token")
        .isEqualTo("tglake-etl-2026-11-22-attempt-52312");
    assertThat(start.clientToken())
        .isEqualTo(
            new JobRunRequests(StackOutputs.fromOutputs(outputs), Map.of(), 52312)
                .forDay(DAY)
                .clientToken());
  }

  @Test
  void everyOutputTheCheckReadsIsOneTheStackDeclares() throws Exception {
    // Drift guard without depending on infra: the stack's source declares each output as
    // output("Name", ...).
    String stack =
        Files.readString(Path.of("../infra/src/main/java/io/tglake/infra/TglakeStack.java"));
    List<String> read = new ArrayList<>(StackCheck.required(false));
    read.add("WebhookSecretArn");
    assertThat(read)
        .as("outputs of TglakeStack")
        .allSatisfy(
            name ->
                assertThat(stack).containsPattern("output\\(\\s*\"" + Pattern.quote(name) + "\","));
  }

  @Test
  void etlRunThatFailsStopsTheCheckWithItsStateAndLinks() {
    emr.states.addAll(List.of("RUNNING", "FAILED"));

    assertThatThrownBy(() -> verifier().etl.runEtl(outputs, DAY, options(false)))
        .isInstanceOf(DeployVerifier.StepFailed.class)
        .hasMessageStartingWith("run run-1 for 2026-11-22 ended FAILED (Job failed, ExitCode: 1); ")
        .hasMessageContaining("console: https://eu-west-1.console.aws.amazon.com/emr/");
  }

  @Test
  void athenaStepRunsTheCountInTheStacksWorkgroupAndNeedsExactlyOne() throws Exception {
    DeployVerifier.Posted posted = new DeployVerifier.Posted(ID, new byte[0], Set.of(DAY));

    assertThat(verifier().athena.checkAthena(outputs, posted))
        .isEqualTo("messages has update_id 9000000123456 on 2026-11-22 (count 1)");
    assertThat(athenaCalls)
        .containsExactly(
            "tglake|tglake_db|SELECT count(*) FROM messages WHERE context_date = "
                + "DATE '2026-11-22' AND update_id = 9000000123456");

    athenaRows = List.of(List.of("0"));
    assertThatThrownBy(() -> verifier().athena.checkAthena(outputs, posted))
        .isInstanceOf(DeployVerifier.StepFailed.class)
        .hasMessageStartingWith("expected one row with count 1, got [[0]]");
    athenaRows = List.of(List.of("2"));
    assertThatThrownBy(() -> verifier().athena.checkAthena(outputs, posted))
        .as("a double-counted update fails too")
        .isInstanceOf(DeployVerifier.StepFailed.class);
  }

  @Test
  void verifySubcommandRejectsBadOptionsWithExitTwoAndRunsTheStepsOtherwise() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    outputs.remove("WebhookUrl");
    EmrCommand command =
        new EmrCommand(
            a -> {
              throw new AssertionError("no EMR client for verify's bad usage");
            },
            a -> {
              throw new AssertionError("no CloudFormation client");
            },
            d -> {},
            print(),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            t -> clouds(name -> outputs));

    assertThat(command.run(new String[] {"verify", "--poll-seconds", "0"}))
        .as("bad usage")
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--poll-seconds must be an integer in 1..60");
    assertThat(command.run(new String[] {"verify", "--chat-id", "x"})).isEqualTo(2);
    assertThat(command.run(new String[] {"verify", "--stack", "Other"}))
        .as("the steps ran and failed")
        .isEqualTo(1);
    assertThat(out()).contains("FAILED outputs: stack 'Other' lacks outputs [WebhookUrl]");
  }

  private DeployVerifier.Options options(boolean skipEtl) {
    return new DeployVerifier.Options(
        "Tglake", null, null, 1L, skipEtl, Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  private DeployVerifier verifier() {
    return new DeployVerifier(clouds(name -> outputs), CLOCK, d -> {}, print());
  }

  private DeployVerifier.Clouds clouds(DeployVerifier.StackPort stack) {
    return new DeployVerifier.Clouds(
        stack,
        id -> "from-secrets-manager",
        null,
        () -> emr,
        (sql, wg, db) -> {
          athenaCalls.add(wg + "|" + db + "|" + sql);
          return athenaRows;
        },
        HttpClient.newHttpClient(),
        URI.create("http://127.0.0.1:9"));
  }

  private PrintStream print() {
    return new PrintStream(out, true, StandardCharsets.UTF_8);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * EMR Serverless as far as JobRunner uses it: StartJobRun, then GetJobRun answering the queued
   * states.
   */
  private static final class FakeEmr implements EmrServerlessClient {
    final List<StartJobRunRequest> starts = new ArrayList<>();
    final Deque<String> states = new ArrayDeque<>();
    int gets;

    @Override
    public StartJobRunResponse startJobRun(StartJobRunRequest request) {
      starts.add(request);
      return StartJobRunResponse.builder()
          .applicationId(request.applicationId())
          .jobRunId("run-" + starts.size())
          .build();
    }

    @Override
    public GetJobRunResponse getJobRun(GetJobRunRequest request) {
      gets++;
      String state = states.size() > 1 ? states.poll() : states.peek();
      return GetJobRunResponse.builder()
          .jobRun(
              JobRun.builder()
                  .applicationId(request.applicationId())
                  .jobRunId(request.jobRunId())
                  .state(state)
                  .stateDetails("FAILED".equals(state) ? "Job failed, ExitCode: 1" : null)
                  .build())
          .build();
    }

    @Override
    public GetDashboardForJobRunResponse getDashboardForJobRun(
        GetDashboardForJobRunRequest request) {
      return GetDashboardForJobRunResponse.builder().build();
    }

    @Override
    public EmrServerlessServiceClientConfiguration serviceClientConfiguration() {
      return EmrServerlessServiceClientConfiguration.builder().region(Region.EU_WEST_1).build();
    }

    @Override
    public String serviceName() {
      return "emr-serverless";
    }

    @Override
    public void close() {}
  }
}
