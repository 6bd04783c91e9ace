package io.tglake.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;

/**
 * A local stand-in for the Athena API (JSON 1.1 protocol, operation in X-Amz-Target) on 127.0.0.1:
 * one query that is RUNNING on the first poll and then {@code finalState}, with results in two
 * pages.
 */
final class AthenaStub implements AutoCloseable {

  record Call(String operation, JsonNode body) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  final List<Call> calls = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final AtomicInteger polls = new AtomicInteger();
  private final String finalState;

  AthenaStub(String finalState) throws IOException {
    this.finalState = finalState;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  AthenaClient client() {
    return AthenaClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
        .region(Region.EU_WEST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private void handle(HttpExchange ex) throws IOException {
    String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
    String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
    JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
    calls.add(new Call(operation, body));
    String response =
        switch (operation) {
          case "StartQueryExecution" -> "{\"QueryExecutionId\":\"q-1\"}";
          case "GetQueryExecution" -> {
            String state = polls.incrementAndGet() == 1 ? "RUNNING" : finalState;
            yield "{\"QueryExecution\":{\"QueryExecutionId\":\"q-1\",\"Status\":{\"State\":\""
                + state
                + "\""
                + (state.equals("FAILED")
                    ? ",\"StateChangeReason\":\"COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved\""
                    : "")
                + "},\"Statistics\":{\"DataScannedInBytes\":1234}}}";
          }
          case "GetQueryResults" ->
              body.has("NextToken")
                  ? "{\"ResultSet\":{\"Rows\":[{\"Data\":[{\"VarCharValue\":\"2026-11-21\"},{\"VarCharValue\":\"6\"},{}]}],"
                      + "\"ResultSetMetadata\":{\"ColumnInfo\":"
                      + columns()
                      + "}}}"
                  : "{\"ResultSet\":{\"Rows\":[{\"Data\":[{\"VarCharValue\":\"context_date\"},{\"VarCharValue\":\"messages\"},"
                      + "{\"VarCharValue\":\"users\"}]},{\"Data\":[{\"VarCharValue\":\"2026-11-20\"},{\"VarCharValue\":\"8\"},"
                      + "{\"VarCharValue\":\"3\"}]}],\"ResultSetMetadata\":{\"ColumnInfo\":"
                      + columns()
                      + "}},"
                      + "\"NextToken\":\"page-2\"}";
          default -> null;
        };
    byte[] bytes =
        (response == null
                ? "{\"__type\":\"InvalidRequestException\",\"Message\":\"unknown\"}"
                : response)
            .getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
    ex.getResponseHeaders().add("x-amzn-RequestId", "req-" + calls.size());
    ex.sendResponseHeaders(response == null ? 400 : 200, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  private static String columns() {
    return "[{\"Name\":\"context_date\",\"Type\":\"date\"},{\"Name\":\"messages\",\"Type\":\"bigint\"},"
        + "{\"Name\":\"users\",\"Type\":\"bigint\"}]";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
