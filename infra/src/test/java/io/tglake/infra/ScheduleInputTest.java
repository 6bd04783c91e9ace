package io.tglake.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tglake.cli.Cli;
import io.tglake.etl.EtlCommand;
import io.tglake.etl.JobArgs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Renders the daily schedule's target input the way EventBridge Scheduler and CloudFormation would
 * (context attributes and resource references replaced by real-looking values) and checks the
 * result is a StartJobRun request EMR Serverless accepts and the job parses to the intended day.
 * The constraints are the EMR Serverless API model's (botocore {@code
 * emr-serverless/2021-07-13/service-2.json}: StartJobRunRequest, ClientToken, ApplicationId,
 * IAMRoleArn, String256, SparkSubmit, EntryPointPath, EntryPointArgument, Duration).
 */
class ScheduleInputTest {

  private static final StackTemplate T = StackTemplate.defaults();

  // Shapes of the EMR Serverless API model.
  private static final Pattern CLIENT_TOKEN = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern APPLICATION_ID = Pattern.compile("[0-9a-z]+");
  private static final Pattern IAM_ROLE_ARN =
      Pattern.compile(
          "arn:(aws[a-zA-Z0-9-]*):iam::([0-9]{12}):(role((\\u002F)|(\\u002F[\\u0021-\\u007F]+\\u002F))[\\w+=,.@-]+)");
  private static final Pattern NOT_BLANK = Pattern.compile(".*\\S.*", Pattern.DOTALL);

  /**
   * What CloudFormation resolves the references to in a real account (shapes as AWS generates
   * them).
   */
  private static final Map<String, String> DEPLOYED =
      Map.of(
          "${EtlApplication.ApplicationId}", "00fg3h1kq2r8d00b",
          "${EmrJobRole.Arn}",
              "arn:aws:iam::123456789012:role/Tglake-EmrJobRoleB8F3E1A2-Xy7Zk3LmNp0Q",
          "${RawBucket}", "tglake-rawbucket0c3ee094-1a2b3c4d5e6f",
          "${LakeBucket}", "tglake-lakebucket5f2c8e21-6f5e4d3c2b1a",
          "${AWS::AccountId}", "123456789012",
          "${AWS::Region}", "sa-east-1");

  @Test
  void renderedInputIsAValidStartJobRunRequestForTheDayBeforeTheScheduledTime() throws Exception {
    JsonNode request = rendered("2026-11-23T01:30:00Z", "d32c5kddcf5bb8c3");

    assertThat(request.fieldNames())
        .toIterable()
        .as("only StartJobRunRequest members")
        .isSubsetOf(
            "ApplicationId",
            "ClientToken",
            "ExecutionRoleArn",
            "JobDriver",
            "ConfigurationOverrides",
            "Tags",
            "ExecutionTimeoutMinutes",
            "Name",
            "Mode",
            "RetryPolicy");
    String token = request.path("ClientToken").asText();
    assertThat(token)
        .as("ClientToken: [A-Za-z0-9._-]+, 1..64")
        .matches(CLIENT_TOKEN)
        .hasSizeBetween(1, 64)
        .isEqualTo("tglake-daily-d32c5kddcf5bb8c3");
    assertThat(request.path("ApplicationId").asText())
        .as("ApplicationId: [0-9a-z]+, 1..64")
        .matches(APPLICATION_ID)
        .hasSizeBetween(1, 64);
    assertThat(request.path("ExecutionRoleArn").asText())
        .as("IAMRoleArn, 20..2048")
        .matches(IAM_ROLE_ARN)
        .hasSizeBetween(20, 2048);
    assertThat(request.path("Name").asText())
        .as("String256")
        .matches(NOT_BLANK)
        .hasSizeBetween(1, 256)
        .isEqualTo("tglake-daily-2026-11-23T01:30:00Z");
    assertThat(request.path("ExecutionTimeoutMinutes").asLong())
        .as("Duration 0..1000000")
        .isBetween(1L, 1_000_000L);

    JsonNode driver = request.path("JobDriver");
    assertThat(driver.fieldNames())
        .toIterable()
        .as("JobDriver is a union: exactly one member")
        .containsExactly("SparkSubmit");
    JsonNode submit = driver.path("SparkSubmit");
    String entryPoint = submit.path("EntryPoint").asText();
    assertThat(entryPoint)
        .as("EntryPointPath, 1..256, the job jar")
        .hasSizeBetween(1, 256)
        .matches(NOT_BLANK)
        .startsWith("s3://cdk-hnb659fds-assets-123456789012-sa-east-1/")
        .endsWith(".jar");
    assertThat(submit.path("SparkSubmitParameters").asText())
        .matches(NOT_BLANK)
        .hasSizeBetween(1, 102400)
        .isEqualTo("--class " + TglakeStack.JOB_MAIN_CLASS);
    List<String> args = new ArrayList<>();
    submit.path("EntryPointArguments").forEach(a -> args.add(a.asText()));
    assertThat(args)
        .as("EntryPointArgument: 1..10280, not blank")
        .allMatch(a -> NOT_BLANK.matcher(a).matches() && a.length() <= 10280);

    // The job's own parser, with a clock far from the scheduled day: the day must come from the
    // arguments.
    Clock elsewhere = Clock.fixed(Instant.parse("2030-01-01T12:00:00Z"), ZoneOffset.UTC);
    JobArgs parsed = parsedByTheJob(args.toArray(String[]::new), elsewhere);
    assertThat(parsed.days())
        .as("the UTC day before the scheduled time")
        .containsExactly(LocalDate.of(2026, 11, 22));
    assertThat(parsed.raw()).isEqualTo("s3://tglake-rawbucket0c3ee094-1a2b3c4d5e6f/telegram");
    assertThat(parsed.enriched()).isEqualTo("s3://tglake-lakebucket5f2c8e21-6f5e4d3c2b1a/enriched");
    assertThat(parsed.runKind())
        .as("the only run kind the ETL alarms read; also what marks a duplicate start")
        .isEqualTo(io.tglake.etl.RunKind.SCHEDULED);
  }

  @Test
  void retriesOfOneInvocationSendTheSameTokenAndDifferentDaysDiffer() throws Exception {
    JsonNode first = rendered("2026-11-23T01:30:00Z", "d32c5kddcf5bb8c3");
    JsonNode retry = rendered("2026-11-23T01:30:00Z", "d32c5kddcf5bb8c3");
    JsonNode nextDay = rendered("2026-11-24T01:30:00Z", "a91f0c2e77b4d6e1");
    assertThat(retry.path("ClientToken").asText()).isEqualTo(first.path("ClientToken").asText());
    assertThat(nextDay.path("ClientToken").asText())
        .isNotEqualTo(first.path("ClientToken").asText());
  }

  @Test
  void theOldScheduledTimeTokenWouldHaveBeenRejected() {
    // The regression this guards: the scheduled time carries colons, which ClientToken does not
    // allow.
    assertThat("tglake-daily-2026-11-23T01:30:00Z").doesNotMatch(CLIENT_TOKEN);
  }

  @Test
  void driverPlusMaxExecutorsFitTheApplicationsMaximumCapacity() {
    JsonNode app = T.single("AWS::EMRServerless::Application", "EtlApplication").get("Properties");
    JsonNode spark = app.at("/RuntimeConfiguration/0/Properties");
    int driverCores = spark.path("spark.driver.cores").asInt();
    int executorCores = spark.path("spark.executor.cores").asInt();
    int maxExecutors = spark.path("spark.dynamicAllocation.maxExecutors").asInt();
    int maxCpu = Integer.parseInt(app.at("/MaximumCapacity/Cpu").asText().replace(" vCPU", ""));
    assertThat(driverCores + maxExecutors * executorCores)
        .as("peak vCPU of one run")
        .isEqualTo(14)
        .isLessThanOrEqualTo(maxCpu);
    EtlCapacity synthesized =
        new EtlCapacity(
            driverCores,
            gb(spark, "spark.driver.memory"),
            executorCores,
            gb(spark, "spark.executor.memory"),
            maxExecutors);
    assertThat(synthesized).isEqualTo(EtlCapacity.DEFAULT);
    assertThat(synthesized.peakMemoryGb()).as("5 + 3 x 9 GB with overhead").isEqualTo(32);
    synthesized.requireFits(
        app.at("/MaximumCapacity/Cpu").asText(), app.at("/MaximumCapacity/Memory").asText());
  }

  @Test
  void aCapBelowThePeakIsRejectedAtSynth() {
    assertThat(new EtlCapacity(2, 4, 4, 8, 4).peakCpu()).as("the old defaults").isEqualTo(18);
    assertThatThrownBy(() -> new EtlCapacity(2, 4, 4, 8, 4).requireFits("16 vCPU", "64 GB"))
        .hasMessageContaining("18 vCPU");
    assertThatThrownBy(() -> EtlCapacity.DEFAULT.requireFits("16 vCPU", "30 GB"))
        .hasMessageContaining("32 GB");
    assertThatThrownBy(
            () ->
                StackTemplate.of(
                    ctx -> {
                      ctx.put("emrMaxCpu", "12 vCPU");
                      return ctx;
                    }))
        .hasMessageContaining("emrMaxCpu is 12 vCPU");
  }

  private static int gb(JsonNode spark, String key) {
    String v = spark.path(key).asText();
    assertThat(v).as(key).endsWith("g");
    return Integer.parseInt(v.substring(0, v.length() - 1));
  }

  @Test
  void theIntradayScheduleRefreshesTheUtcDayOfItsFireTimeAsAnIntradayRunOfTheSameJob()
      throws Exception {
    JsonNode late = rendered("IntradayEtlSchedule", "2026-11-23T23:00:00Z", "k2f9a0c4d1e3b5a7");
    JsonNode nightly = rendered("2026-11-24T01:30:00Z", "d32c5kddcf5bb8c3");
    assertThat(late.path("ClientToken").asText())
        .as("ClientToken: [A-Za-z0-9._-]+, 1..64")
        .matches(CLIENT_TOKEN)
        .isEqualTo("tglake-intraday-k2f9a0c4d1e3b5a7");
    assertThat(late.path("ExecutionTimeoutMinutes").asInt())
        .as("ended before the nightly run of the day starts")
        .isEqualTo(60);
    for (String same : List.of("ApplicationId", "ExecutionRoleArn")) {
      assertThat(late.path(same)).as(same + ": the nightly run's").isEqualTo(nightly.path(same));
    }
    JsonNode submit = late.at("/JobDriver/SparkSubmit");
    assertThat(submit.path("EntryPoint"))
        .as("the same jar")
        .isEqualTo(nightly.at("/JobDriver/SparkSubmit/EntryPoint"));
    List<String> args = new ArrayList<>();
    submit.path("EntryPointArguments").forEach(a -> args.add(a.asText()));
    Clock elsewhere = Clock.fixed(Instant.parse("2030-01-01T12:00:00Z"), ZoneOffset.UTC);
    JobArgs parsed = parsedByTheJob(args.toArray(String[]::new), elsewhere);
    assertThat(parsed.days())
        .as("today so far: the UTC day OF the fire time")
        .containsExactly(LocalDate.of(2026, 11, 23));
    assertThat(parsed.runKind())
        .as("no alarm reads it, and it never takes the scheduled-start marker")
        .isEqualTo(io.tglake.etl.RunKind.INTRADAY);
    JobArgs nightlyArgs = parsedByTheJob(argsOf(nightly), elsewhere);
    assertThat(nightlyArgs.days())
        .as("the nightly run of the next fire replaces the same day, the final word")
        .isEqualTo(parsed.days());
    assertThat(parsed.raw()).isEqualTo(nightlyArgs.raw());
    assertThat(parsed.enriched()).isEqualTo(nightlyArgs.enriched());
  }

  /**
   * The arguments as the job's command line parses them ({@code TelegramEtlJob.main}'s picocli
   * command), failing with the usage error a job run would have ended with.
   */
  private static JobArgs parsedByTheJob(String[] argv, Clock clock) {
    List<JobArgs> parsed = new ArrayList<>();
    StringWriter err = new StringWriter();
    int code =
        Cli.of(
                new EtlCommand(
                    clock,
                    a -> {
                      parsed.add(a);
                      return 0;
                    }))
            .err(new PrintWriter(err, true))
            .execute(argv);
    assertThat(code).as("the job accepts its arguments: %s", err).isZero();
    assertThat(parsed).as("the job runs once").hasSize(1);
    return parsed.get(0);
  }

  private static String[] argsOf(JsonNode request) {
    List<String> args = new ArrayList<>();
    request.at("/JobDriver/SparkSubmit/EntryPointArguments").forEach(a -> args.add(a.asText()));
    return args.toArray(String[]::new);
  }

  /** The daily schedule's Input, rendered as {@link #rendered(String, String, String)} does. */
  private static JsonNode rendered(String scheduledTime, String executionId) throws Exception {
    return rendered("DailyEtlSchedule", scheduledTime, executionId);
  }

  /**
   * The Input string as the target receives it: CloudFormation references and context attributes
   * filled.
   */
  private static JsonNode rendered(String schedule, String scheduledTime, String executionId)
      throws Exception {
    JsonNode target = T.single("AWS::Scheduler::Schedule", schedule).at("/Properties/Target");
    String input = T.render(target.get("Input"));
    for (Map.Entry<String, String> ref : DEPLOYED.entrySet()) {
      input = input.replace(ref.getKey(), ref.getValue());
    }
    Matcher unresolved = Pattern.compile("\\$\\{[^}]+}").matcher(input);
    assertThat(unresolved.find()).as("every reference resolved, left: " + input).isFalse();
    input =
        input
            .replace("<aws.scheduler.scheduled-time>", scheduledTime)
            .replace("<aws.scheduler.execution-id>", executionId)
            .replace("<aws.scheduler.attempt-number>", "1")
            .replace(
                "<aws.scheduler.schedule-arn>",
                "arn:aws:scheduler:sa-east-1:123456789012:schedule/default/x");
    assertThat(input).as("no context attribute left unreplaced").doesNotContain("<aws.scheduler.");
    return StackTemplate.MAPPER.readTree(input);
  }
}
