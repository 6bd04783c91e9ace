package io.tglake.emr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * The submit/poll loop against a local stub of the EMR Serverless REST API (JDK HttpServer on
 * 127.0.0.1): the real SDK client (signing, marshalling, retries) talks to it through {@code
 * --endpoint-url}. The same stub answers CloudFormation DescribeStacks for the stack-outputs path.
 */
class EmrServerlessStubIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern START = Pattern.compile("^/applications/([^/]+)/jobruns$");
  private static final Pattern GET = Pattern.compile("^/applications/([^/]+)/jobruns/([^/]+)$");
  private static final Pattern DASHBOARD =
      Pattern.compile("^/applications/([^/]+)/jobruns/([^/]+)/dashboard$");

  private HttpServer server;

  /** StartJobRun bodies as received, in order (including throttled attempts). */
  private final List<JsonNode> starts = Collections.synchronizedList(new ArrayList<>());

  /** Per day: the states GetJobRun answers, one per call; the last one repeats. */
  private final Map<String, Deque<String>> statesByDay = new ConcurrentHashMap<>();

  private final Map<String, String> dayByRunId = new ConcurrentHashMap<>();
  private final Map<String, String> runIdByToken = new ConcurrentHashMap<>();
  private final AtomicInteger throttleStarts = new AtomicInteger();
  private final AtomicInteger throttleGets = new AtomicInteger();
  private final AtomicInteger getCalls = new AtomicInteger();
  private final AtomicInteger describeStacks = new AtomicInteger();
  private final List<java.time.Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void startStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stopStub() {
    server.stop(0);
  }

  @Test
  void submitPollsUntilSuccessAndExitsZero() {
    statesByDay.put(
        "2026-11-22", new ArrayDeque<>(List.of("PENDING", "RUNNING", "RUNNING", "SUCCESS")));

    int code = run("submit", "--date", "2026-11-22");

    assertThat(code).as("exit code; output:\n" + output()).isZero();
    assertThat(starts).hasSize(1);
    JsonNode body = starts.get(0);
    assertThat(body.path("executionRoleArn").asText())
        .isEqualTo("arn:aws:iam::123456789012:role/job");
    assertThat(body.path("clientToken").asText()).startsWith("tglake-2026-11-22-a1-");
    assertThat(body.at("/jobDriver/sparkSubmit/entryPointArguments").toString())
        .isEqualTo(
            "[\"--raw\",\"s3://raw/telegram\",\"--enriched\",\"s3://lake/enriched\",\"--date\",\"2026-11-22\"]");
    assertThat(getCalls.get()).as("polled until the terminal state").isEqualTo(4);
    assertThat(output())
        .contains(
            "2026-11-22  RUNNING",
            "2026-11-22  SUCCESS",
            "Summary: 1 of 1 day(s) succeeded",
            "dashboard: https://stub.example/dashboard/",
            "driver log: s3://lake/logs/emr/applications/00fapp/jobs/");
  }

  @Test
  void attemptMakesANewRunAndPollSecondsIsTheFirstPauseGrowingFromThere() {
    statesByDay.put(
        "2026-11-22", new ArrayDeque<>(List.of("PENDING", "RUNNING", "RUNNING", "SUCCESS")));

    int code = run("submit", "--date", "2026-11-22", "--attempt", "2", "--poll-seconds", "4");

    assertThat(code).as("exit code; output:\n" + output()).isZero();
    assertThat(starts).hasSize(1);
    assertThat(starts.get(0).path("clientToken").asText())
        .as("another client token than attempt 1's")
        .startsWith("tglake-2026-11-22-a2-");
    assertThat(starts.get(0).path("name").asText())
        .as("run name")
        .isEqualTo("tglake-etl-2026-11-22-attempt-2");
    assertThat(sleeps)
        .as("--poll-seconds 4, then x1.5 per poll")
        .containsExactly(
            java.time.Duration.ofSeconds(4),
            java.time.Duration.ofSeconds(6),
            java.time.Duration.ofSeconds(9));
  }

  @Test
  void backfillReportsEachChunkAndExitsOneWhenAChunkFailed() {
    // The stub keys runs by entryPointArguments[5]: a chunk's first day.
    statesByDay.put("2026-11-01", new ArrayDeque<>(List.of("RUNNING", "SUCCESS")));
    statesByDay.put("2026-11-11", new ArrayDeque<>(List.of("RUNNING", "FAILED")));
    statesByDay.put("2026-11-21", new ArrayDeque<>(List.of("SCHEDULED", "RUNNING", "SUCCESS")));

    int code =
        run(
            "backfill",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-22",
            "--chunk-days",
            "10",
            "--parallel",
            "2");

    assertThat(code).as("a failed chunk fails the command; output:\n" + output()).isEqualTo(1);
    assertThat(starts)
        .extracting(b -> b.at("/jobDriver/sparkSubmit/entryPointArguments").toString())
        .as("22 days in runs of 10, 10 and 2 days")
        .containsExactlyInAnyOrder(
            chunkArgs("2026-11-01", "2026-11-10", 10),
            chunkArgs("2026-11-11", "2026-11-20", 10),
            chunkArgs("2026-11-21", "2026-11-22", 10));
    assertThat(runIdByToken).as("one run per chunk on the service side").hasSize(3);
    assertThat(output())
        .contains(
            "tglake emr backfill: 22 day(s) 2026-11-01..2026-11-22 in 3 run(s)",
            "Summary: 2 of 3 run(s) succeeded")
        .containsPattern(
            "2026-11-11\\.\\.2026-11-20  FAILED +run-2026-11-11 .*Job failed, ExitCode: 1")
        .contains(
            "driver log: s3://lake/logs/emr/applications/00fapp/jobs/run-2026-11-11/SPARK_DRIVER/stderr.gz");
  }

  @Test
  void throttledCallsAreRetriedByTheSdkWithTheSameClientToken() {
    statesByDay.put("2026-11-22", new ArrayDeque<>(List.of("RUNNING", "SUCCESS")));
    throttleStarts.set(1);
    throttleGets.set(1);

    int code = run("submit", "--date", "2026-11-22");

    assertThat(code).as("throttling is retried, not fatal; output:\n" + output()).isZero();
    assertThat(starts).as("the throttled StartJobRun was sent again").hasSize(2);
    assertThat(starts.get(1).path("clientToken").asText())
        .as("retry is idempotent")
        .isEqualTo(starts.get(0).path("clientToken").asText());
    assertThat(throttleGets.get()).as("the throttled GetJobRun was consumed").isZero();
    assertThat(output()).contains("2026-11-22  SUCCESS");
  }

  @Test
  void forgetSubmitsOneErasureRunAndAResubmitOfTheSameRequestReturnsTheSameRun() {
    // The stub keys runs by entryPointArguments[5], which for the erasure job is the request id.
    statesByDay.put("DSR-42", new ArrayDeque<>(List.of("RUNNING", "SUCCESS")));

    int first =
        run(
            "forget",
            "--request-id",
            "DSR-42",
            "--user-id",
            "500000001",
            "--user-id",
            "500000002",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-22");
    int again =
        run(
            "forget",
            "--request-id",
            "DSR-42",
            "--user-id",
            "500000002",
            "--user-id",
            "500000001",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-22");

    assertThat(first).as("output:\n" + output()).isZero();
    assertThat(again).as("output:\n" + output()).isZero();
    assertThat(starts).hasSize(2);
    JsonNode body = starts.get(0);
    assertThat(body.at("/jobDriver/sparkSubmit/sparkSubmitParameters").asText())
        .isEqualTo("--class io.tglake.etl.erasure.ForgetJob");
    assertThat(body.at("/jobDriver/sparkSubmit/entryPoint").asText())
        .isEqualTo("s3://assets/job.jar");
    assertThat(body.at("/jobDriver/sparkSubmit/entryPointArguments").toString())
        .isEqualTo(
            "[\"--raw\",\"s3://raw/telegram\",\"--enriched\",\"s3://lake/enriched\",\"--request-id\",\"DSR-42\","
                + "\"--user-id\",\"500000001\",\"--user-id\",\"500000002\",\"--from\",\"2026-11-01\",\"--to\",\"2026-11-22\"]");
    assertThat(body.path("executionTimeoutMinutes").asInt()).isEqualTo(720);
    assertThat(starts.get(1).path("clientToken").asText())
        .as("same request, same token, whatever the id order")
        .startsWith("tglake-forget-DSR-42-a1-")
        .isEqualTo(body.path("clientToken").asText());
    assertThat(runIdByToken).as("one run on the service side").hasSize(1);
    assertThat(output())
        .contains(
            "tglake emr forget: request DSR-42, 2 user id(s), 2026-11-01..2026-11-22",
            "forget DSR-42  SUBMITTED   run run-DSR-42",
            "forget DSR-42  SUCCESS",
            "Summary: 1 of 1 run(s) succeeded",
            "job output: s3://lake/logs/emr/applications/00fapp/jobs/run-DSR-42/SPARK_DRIVER/stdout.gz")
        .as("user ids are personal data: never printed")
        .doesNotContain("500000001");
  }

  @Test
  void targetComesFromTheStackOutputsWhenFlagsAreAbsent() {
    statesByDay.put("2026-11-22", new ArrayDeque<>(List.of("SUCCESS")));

    int code =
        runWith(
            List.of(
                "submit",
                "--date",
                "2026-11-22",
                "--region",
                "us-east-1",
                "--endpoint-url",
                endpoint()),
            true);

    assertThat(code).as("output:\n" + output()).isZero();
    assertThat(describeStacks.get()).as("one DescribeStacks call").isEqualTo(1);
    JsonNode body = starts.get(0);
    assertThat(body.path("executionRoleArn").asText())
        .isEqualTo("arn:aws:iam::123456789012:role/from-stack");
    assertThat(body.at("/jobDriver/sparkSubmit/entryPoint").asText())
        .isEqualTo("s3://cdk-assets/stack-job.jar");
    assertThat(body.at("/jobDriver/sparkSubmit/entryPointArguments").toString())
        .isEqualTo(
            "[\"--raw\",\"s3://raw-from-stack/telegram\",\"--enriched\",\"s3://lake-from-stack/enriched\",\"--date\",\"2026-11-22\"]");
    assertThat(
            body.at(
                    "/configurationOverrides/monitoringConfiguration/s3MonitoringConfiguration/logUri")
                .asText())
        .isEqualTo("s3://lake-from-stack/logs/emr/");
  }

  @Test
  void forgetRunsWithTheStacksErasureRoleNotTheEtlRole() {
    statesByDay.put("DSR-43", new ArrayDeque<>(List.of("SUCCESS")));

    int code =
        runWith(
            List.of(
                "forget",
                "--request-id",
                "DSR-43",
                "--user-id",
                "500000003",
                "--region",
                "us-east-1",
                "--endpoint-url",
                endpoint()),
            true);

    assertThat(code).as("output:\n" + output()).isZero();
    assertThat(describeStacks.get()).isEqualTo(1);
    JsonNode body = starts.get(0);
    assertThat(body.path("executionRoleArn").asText())
        .as("only the erasure role may delete raw objects")
        .isEqualTo("arn:aws:iam::123456789012:role/erasure-from-stack");
    assertThat(body.at("/jobDriver/sparkSubmit/entryPointArguments").toString())
        .isEqualTo(
            "[\"--raw\",\"s3://raw-from-stack/telegram\",\"--enriched\",\"s3://lake-from-stack/enriched\","
                + "\"--request-id\",\"DSR-43\",\"--user-id\",\"500000003\"]");
  }

  @Test
  void aResubmittedBackfillReturnsTheSameRunPerChunk() {
    statesByDay.put("2026-01-01", new ArrayDeque<>(List.of("SUCCESS")));
    statesByDay.put("2026-02-01", new ArrayDeque<>(List.of("SUCCESS")));
    statesByDay.put("2026-03-04", new ArrayDeque<>(List.of("SUCCESS")));

    int first = run("backfill", "--from", "2026-01-01", "--to", "2026-03-15");
    int again = run("backfill", "--from", "2026-01-01", "--to", "2026-03-15");

    assertThat(first).as("output:\n" + output()).isZero();
    assertThat(again).as("output:\n" + output()).isZero();
    assertThat(starts).as("two submits of three chunks").hasSize(6);
    assertThat(runIdByToken)
        .as("the same three tokens: three runs on the service side, not six")
        .hasSize(3)
        .containsOnlyKeys(
            starts.subList(0, 3).stream().map(b -> b.path("clientToken").asText()).toList());
    assertThat(starts.get(0).path("executionTimeoutMinutes").asInt()).isEqualTo(420);
    assertThat(starts.get(2).at("/jobDriver/sparkSubmit/entryPointArguments").toString())
        .isEqualTo(chunkArgs("2026-03-04", "2026-03-15", 31));
  }

  /** The job arguments of a backfill chunk on this test's target. */
  private static String chunkArgs(String from, String to, int chunkDays) {
    return "[\"--raw\",\"s3://raw/telegram\",\"--enriched\",\"s3://lake/enriched\",\"--from\",\""
        + from
        + "\",\"--to\",\""
        + to
        + "\",\"--chunk-days\",\""
        + chunkDays
        + "\",\"--run-kind\",\"backfill\"]";
  }

  // ---------------------------------------------------------------------------------------------------

  private int run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--application-id",
            "00fapp",
            "--execution-role-arn",
            "arn:aws:iam::123456789012:role/job",
            "--job-jar",
            "s3://assets/job.jar",
            "--raw",
            "s3://raw/telegram",
            "--enriched",
            "s3://lake/enriched",
            "--log-uri",
            "s3://lake/logs/emr/",
            "--region",
            "us-east-1",
            "--endpoint-url",
            endpoint()));
    return runWith(all, false);
  }

  private int runWith(List<String> args, boolean stackAllowed) {
    StaticCredentialsProvider creds =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSTUB", "stub-secret"));
    EmrCommand command =
        new EmrCommand(
            a -> EmrCommand.emrClientBuilder(a).credentialsProvider(creds).build(),
            a -> {
              if (!stackAllowed) {
                throw new AssertionError("every target value is given as a flag");
              }
              // The same stub answers CloudFormation's query protocol (POST /
              // Action=DescribeStacks).
              return CloudFormationClient.builder()
                  .endpointOverride(URI.create(endpoint()))
                  .region(Region.US_EAST_1)
                  .credentialsProvider(creds)
                  .httpClientBuilder(UrlConnectionHttpClient.builder())
                  .build();
            },
            sleeps::add,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return command.run(args.toArray(String[]::new));
  }

  private String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      assertThat(ex.getRequestHeaders().getFirst("Authorization"))
          .as("SigV4-signed")
          .startsWith("AWS4-HMAC-SHA256");
      Matcher m;
      if (ex.getRequestMethod().equals("POST") && path.equals("/")) {
        String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(form).contains("Action=DescribeStacks", "StackName=Tglake");
        describeStacks.incrementAndGet();
        sendXml(ex, DESCRIBE_STACKS);
      } else if (ex.getRequestMethod().equals("POST") && (m = START.matcher(path)).matches()) {
        JsonNode body = JSON.readTree(ex.getRequestBody());
        starts.add(body);
        if (throttleStarts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          throttle(ex);
          return;
        }
        String day = body.at("/jobDriver/sparkSubmit/entryPointArguments/5").asText();
        String runId =
            runIdByToken.computeIfAbsent(body.path("clientToken").asText(), t -> "run-" + day);
        dayByRunId.put(runId, day);
        ObjectNode resp =
            JSON.createObjectNode()
                .put("applicationId", m.group(1))
                .put("jobRunId", runId)
                .put(
                    "arn",
                    "arn:aws:emr-serverless:us-east-1:123456789012:/applications/"
                        + m.group(1)
                        + "/jobruns/"
                        + runId);
        send(ex, 200, resp.toString());
      } else if (ex.getRequestMethod().equals("GET") && (m = DASHBOARD.matcher(path)).matches()) {
        send(
            ex,
            200,
            JSON.createObjectNode()
                .put("url", "https://stub.example/dashboard/" + m.group(2))
                .toString());
      } else if (ex.getRequestMethod().equals("GET") && (m = GET.matcher(path)).matches()) {
        getCalls.incrementAndGet();
        if (throttleGets.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          throttle(ex);
          return;
        }
        String day = dayByRunId.get(m.group(2));
        Deque<String> states = statesByDay.get(day);
        String state = states.size() > 1 ? states.poll() : states.peek();
        ObjectNode run = JSON.createObjectNode();
        run.putObject("jobRun")
            .put("applicationId", m.group(1))
            .put("jobRunId", m.group(2))
            .put("state", state)
            .put("stateDetails", state.equals("FAILED") ? "Job failed, ExitCode: 1" : "")
            .put("releaseLabel", "emr-spark-8.0.0")
            .put("createdAt", 1.7638e9)
            .put("updatedAt", 1.7638e9);
        send(ex, 200, run.toString());
      } else {
        send(ex, 404, "{\"message\":\"no route " + path + "\"}");
      }
    }
  }

  private static final String DESCRIBE_STACKS =
      """
      <DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
        <DescribeStacksResult>
          <Stacks>
            <member>
              <StackName>Tglake</StackName>
              <StackStatus>UPDATE_COMPLETE</StackStatus>
              <CreationTime>2026-11-01T00:00:00Z</CreationTime>
              <Outputs>
                <member><OutputKey>EmrApplicationId</OutputKey><OutputValue>00fstack</OutputValue></member>
                <member><OutputKey>EmrJobRoleArn</OutputKey><OutputValue>arn:aws:iam::123456789012:role/from-stack</OutputValue></member>
                <member><OutputKey>EmrErasureRoleArn</OutputKey><OutputValue>arn:aws:iam::123456789012:role/erasure-from-stack</OutputValue></member>
                <member><OutputKey>EmrJobJarUri</OutputKey><OutputValue>s3://cdk-assets/stack-job.jar</OutputValue></member>
                <member><OutputKey>RawUri</OutputKey><OutputValue>s3://raw-from-stack/telegram</OutputValue></member>
                <member><OutputKey>EnrichedUri</OutputKey><OutputValue>s3://lake-from-stack/enriched</OutputValue></member>
                <member><OutputKey>EmrLogUri</OutputKey><OutputValue>s3://lake-from-stack/logs/emr/</OutputValue></member>
                <member><OutputKey>WebhookUrl</OutputKey><OutputValue>https://x.execute-api.us-east-1.amazonaws.com/telegram/webhook</OutputValue></member>
              </Outputs>
            </member>
          </Stacks>
        </DescribeStacksResult>
        <ResponseMetadata><RequestId>stub-1</RequestId></ResponseMetadata>
      </DescribeStacksResponse>
      """;

  private static void sendXml(HttpExchange ex, String xml) throws IOException {
    byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "text/xml");
    ex.sendResponseHeaders(200, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  private static void throttle(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().add("x-amzn-ErrorType", "ThrottlingException");
    send(ex, 429, "{\"message\":\"Rate exceeded\"}");
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }
}
