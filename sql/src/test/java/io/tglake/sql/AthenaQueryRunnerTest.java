package io.tglake.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tglake.contract.TableDefinitions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.athena.AthenaClient;

class AthenaQueryRunnerTest {

  @Test
  void startsPollsAndReadsEveryResultPageWithoutTheHeaderRow() throws Exception {
    try (AthenaStub stub = new AthenaStub("SUCCEEDED");
        AthenaClient client = stub.client()) {
      QueryResult result =
          new AthenaQueryRunner(client, Duration.ofMillis(10), Duration.ofSeconds(10))
              .run(
                  "SELECT 1",
                  new AthenaQueryRunner.Target(
                      "analysts", "tglake", Optional.of("s3://results/q/")));

      assertThat(result.columns()).containsExactly("context_date", "messages", "users");
      assertThat(result.rows())
          .as("page 1 minus its header row, then page 2; a missing value is NULL")
          .containsExactly(
              List.of("2026-11-20", "8", "3"), java.util.Arrays.asList("2026-11-21", "6", null));
      assertThat(result.bytesRead()).isEqualTo(1234);
      assertThat(stub.calls)
          .extracting(AthenaStub.Call::operation)
          .containsExactly(
              "StartQueryExecution",
              "GetQueryExecution",
              "GetQueryExecution",
              "GetQueryResults",
              "GetQueryResults");
      var start = stub.calls.get(0).body();
      assertThat(start.get("QueryString").asText()).isEqualTo("SELECT 1");
      assertThat(start.get("WorkGroup").asText()).isEqualTo("analysts");
      assertThat(start.at("/QueryExecutionContext/Database").asText()).isEqualTo("tglake");
      assertThat(start.at("/ResultConfiguration/OutputLocation").asText())
          .isEqualTo("s3://results/q/");
      assertThat(stub.calls.get(4).body().get("NextToken").asText()).isEqualTo("page-2");
    }
  }

  @Test
  void aFailedQueryReportsAthenasReason() throws Exception {
    try (AthenaStub stub = new AthenaStub("FAILED");
        AthenaClient client = stub.client()) {
      AthenaQueryRunner runner =
          new AthenaQueryRunner(client, Duration.ofMillis(10), Duration.ofSeconds(10));
      assertThatThrownBy(
              () ->
                  runner.run(
                      "SELECT x", new AthenaQueryRunner.Target("wg", "tglake", Optional.empty())))
          .hasMessageContaining("FAILED")
          .hasMessageContaining("COLUMN_NOT_FOUND");
    }
  }

  @Test
  void queryCommandRunsALibraryQueryOnAthenaWithTheWindowBound() throws Exception {
    try (AthenaStub stub = new AthenaStub("SUCCEEDED")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      QueryCommand command =
          new QueryCommand(
              Map.of(),
              args -> stub.client(),
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      int code =
          command.run(
              new String[] {
                "messages_per_day",
                "--athena",
                "--workgroup",
                "analysts",
                "--database",
                "tglake_prod",
                "--from",
                "2026-11-20",
                "--to",
                "2026-11-21"
              },
              Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC));

      assertThat(code).as("stderr: %s", err).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8))
          .isEqualTo(
              """
           context_date | messages | users
          --------------+----------+-------
           2026-11-20   |        8 |     3
           2026-11-21   |        6 |  NULL
          (2 rows)
          """);
      var start = stub.calls.get(0).body();
      assertThat(TableDefinitions.stripComments(start.get("QueryString").asText()))
          .contains("context_date BETWEEN DATE '2026-11-20' AND DATE '2026-11-21'")
          .doesNotContain(":from_date");
      assertThat(start.at("/QueryExecutionContext/Database").asText()).isEqualTo("tglake_prod");
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("Athena read 1,234 bytes");
    }
  }

  @Test
  void createViewRendersTheLocalTimeViewForTheDeployedDatabaseAndZone() throws Exception {
    try (AthenaStub stub = new AthenaStub("SUCCEEDED")) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      QueryCommand command =
          new QueryCommand(
              Map.of(),
              args -> stub.client(),
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      int code =
          command.run(
              new String[] {
                "--athena",
                "--workgroup",
                "wg",
                "--database",
                "tglake_prod",
                "--create-view",
                "--tz",
                "Europe/Lisbon"
              },
              Clock.systemUTC());

      assertThat(code).as("stderr: %s", err).isZero();
      String sql = stub.calls.get(0).body().get("QueryString").asText();
      assertThat(sql)
          .startsWith("CREATE OR REPLACE VIEW tglake_prod.messages_local AS")
          .contains("'Europe/Lisbon'")
          .doesNotContain("${")
          .doesNotEndWith(";");
    }
  }
}
