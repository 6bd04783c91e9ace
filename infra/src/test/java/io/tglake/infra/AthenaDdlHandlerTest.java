package io.tglake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The messages_local custom resource's Lambda code ({@code athena-ddl-handler.js}) run by node with
 * a scripted stand-in for the Athena client (the same two calls, the same response shapes): it
 * waits through QUEUED/RUNNING, succeeds only on SUCCEEDED and fails the resource (so the deploy)
 * when the query fails.
 */
class AthenaDdlHandlerTest {

  private static final String HARNESS =
      """
      const h = require(process.argv[2]);
      const states = JSON.parse(process.argv[3]);
      const calls = [];
      const athena = {
        startQueryExecution: async (p) => { calls.push(['start', p]); return { QueryExecutionId: 'q-1' }; },
        getQueryExecution: async (p) => {
          calls.push(['get', p]);
          if (states.length === 0) throw new Error('polled past the scripted states');
          const s = states.shift();
          return { QueryExecution: { Status: { State: s, StateChangeReason: s === 'FAILED'
            ? 'line 1:8: mismatched input' : undefined } } };
        },
      };
      const event = JSON.parse(process.argv[4]);
      h.run(athena, event, async () => {})
        .then((r) => console.log(JSON.stringify({ ok: r, calls })))
        .catch((e) => console.log(JSON.stringify({ error: e.message, calls })));
      """;

  private static final String CREATE =
      """
      {"RequestType": "Create", "ResourceProperties": {"QueryString": "CREATE OR REPLACE VIEW v AS SELECT 1",
       "WorkGroup": "tglake", "Database": "tglake", "ViewId": "messages_local-0123456789abcdef"}}""";

  @TempDir Path dir;

  @Test
  void waitsForTheQueryAndReportsTheViewOnlyWhenAthenaSucceeded() throws Exception {
    JsonNode out = run("[\"QUEUED\", \"RUNNING\", \"SUCCEEDED\"]", CREATE);
    assertThat(out.at("/ok/PhysicalResourceId").asText())
        .isEqualTo("messages_local-0123456789abcdef");
    assertThat(out.at("/calls/0/1").toString())
        .as("the statement, in the workgroup and database")
        .isEqualTo(
            "{\"QueryString\":\"CREATE OR REPLACE VIEW v AS SELECT 1\",\"WorkGroup\":\"tglake\","
                + "\"QueryExecutionContext\":{\"Database\":\"tglake\"}}");
    assertThat(out.get("calls")).as("start, then polls until SUCCEEDED").hasSize(4);
    assertThat(out.at("/calls/3/1/QueryExecutionId").asText()).isEqualTo("q-1");
  }

  @Test
  void aFailedOrCancelledQueryFailsTheResourceWithAthenasReason() throws Exception {
    JsonNode failed = run("[\"RUNNING\", \"FAILED\"]", CREATE);
    assertThat(failed.has("ok")).isFalse();
    assertThat(failed.path("error").asText())
        .isEqualTo("Athena query q-1 FAILED: line 1:8: mismatched input");
    JsonNode cancelled = run("[\"CANCELLED\"]", CREATE.replace("Create", "Update"));
    assertThat(cancelled.path("error").asText())
        .isEqualTo("Athena query q-1 CANCELLED: no reason given");
  }

  @Test
  void deleteRunsNothing() throws Exception {
    JsonNode out =
        run(
            "[]",
            "{\"RequestType\": \"Delete\", \"PhysicalResourceId\": \"messages_local-x\", "
                + "\"ResourceProperties\": {}}");
    assertThat(out.at("/ok/PhysicalResourceId").asText()).isEqualTo("messages_local-x");
    assertThat(out.get("calls")).isEmpty();
  }

  private JsonNode run(String states, String event) throws IOException, InterruptedException {
    Path handler = dir.resolve("handler.js");
    Files.writeString(handler, StackTemplate.athenaDdlHandlerSource());
    Path harness = dir.resolve("harness.js");
    Files.writeString(harness, HARNESS);
    Process p =
        new ProcessBuilder("node", harness.toString(), handler.toString(), states, event)
            .redirectErrorStream(true)
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("node did not finish within 60 s");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.exitValue()).as(out).isZero();
    return StackTemplate.MAPPER.readTree(out);
  }
}
