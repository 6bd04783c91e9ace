package io.tglake.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.tglake.testkit.FaultProxy.Mode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy between a plain HTTP server that records what reaches it and a JDK HTTP client: what is
 * forwarded, what is answered in the server's place, and what the server sees of it.
 */
class FaultProxyIT {

  /** What reached the server: method, raw path and query, body. */
  private record Seen(String method, String target, String body) {}

  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private HttpServer upstream;
  private FaultProxy proxy;

  @BeforeEach
  void start() throws IOException {
    upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    upstream.setExecutor(Executors.newCachedThreadPool());
    upstream.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          seen.add(
              new Seen(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getRawPath()
                      + (exchange.getRequestURI().getRawQuery() == null
                          ? ""
                          : "?" + exchange.getRequestURI().getRawQuery()),
                  body));
          byte[] answer =
              ("upstream " + exchange.getRequestMethod() + " " + body)
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    upstream.start();
    proxy = new FaultProxy(upstream.getAddress().getPort());
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    upstream.stop(0);
  }

  private HttpResponse<String> send(String method, String target, String body, Duration timeout)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(proxy.endpoint() + target)).timeout(timeout);
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(String method, String target, String body) throws Exception {
    return send(method, target, body, Duration.ofSeconds(20));
  }

  @Test
  void forwardsEveryRequestUnchangedAndLogsItDecoded() throws Exception {
    HttpResponse<String> put = send("PUT", "/lake/day%3D1/a.json", "{\"x\":1}");
    HttpResponse<String> delete =
        send(
            "POST",
            "/lake?delete",
            "<Delete><Object><Key>a&amp;b</Key></Object>"
                + "<Object><Key>c</Key></Object></Delete>");

    assertThat(put.statusCode()).as("the server's own answer").isEqualTo(200);
    assertThat(put.body()).isEqualTo("upstream PUT {\"x\":1}");
    assertThat(delete.statusCode()).isEqualTo(200);
    assertThat(seen)
        .as("bytes as the client sent them, encoded path included")
        .containsExactly(
            new Seen("PUT", "/lake/day%3D1/a.json", "{\"x\":1}"),
            new Seen(
                "POST",
                "/lake?delete",
                "<Delete><Object><Key>a&amp;b</Key></Object><Object><Key>c</Key></Object>"
                    + "</Delete>"));
    assertThat(proxy.log())
        .as("decoded paths, queries and multi-delete keys")
        .containsExactly(
            new FaultProxy.Request("PUT", "/lake/day=1/a.json", false),
            new FaultProxy.Request(
                "POST", "/lake", false, Map.of("delete", ""), Map.of(), List.of("a&b", "c")));
    assertThat(proxy.requests("PUT")).isEqualTo(1);
    assertThat(proxy.requests()).as("all methods").isEqualTo(2);
    assertThat(proxy.injected()).isZero();
  }

  @Test
  void aFaultRuleAnswersInTheServersPlaceThenForwardsAgain() throws Exception {
    proxy.failGets("/a.json", 2, 503);

    assertThat(send("GET", "/raw/a.json", null).statusCode()).isEqualTo(503);
    HttpResponse<String> second = send("GET", "/raw/a.json", null);
    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(second.body()).as("an S3 error document").contains("<Code>SlowDown</Code>");
    assertThat(send("GET", "/raw/b.json", null).statusCode())
        .as("another key is not matched")
        .isEqualTo(200);
    assertThat(send("GET", "/raw/a.json", null).statusCode())
        .as("the rule is used up")
        .isEqualTo(200);
    assertThat(proxy.injected()).isEqualTo(2);
    assertThat(seen).extracting(Seen::target).containsExactly("/raw/b.json", "/raw/a.json");
  }

  @Test
  void aRefusedPutThatWaitsFor100ContinueNeverSendsItsBody() throws Exception {
    proxy.failPuts("/a.json", 1, 500);
    // A raw socket, as the SDK does it: head with Expect, then wait for "100 Continue" before the
    // body.
    try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
      client.setSoTimeout(10_000);
      client
          .getOutputStream()
          .write(
              ("PUT /raw/a.json HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                      + "Expect: 100-continue\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = client.getInputStream();
      String head = HttpWire.readHead(in);
      assertThat(head).as("the final answer instead of 100 Continue").startsWith("HTTP/1.1 500 ");
      assertThat(HttpWire.header(head, "Connection"))
          .as("the unread body ends the connection")
          .isEqualTo("close");
      in.readNBytes(Integer.parseInt(HttpWire.header(head, "Content-Length")));
      assertThat(in.read()).as("closed by the proxy").isEqualTo(-1);
    }
    assertThat(seen).as("nothing stored").isEmpty();
    assertThat(send("PUT", "/raw/a.json", "body").statusCode()).isEqualTo(200);
    assertThat(seen).containsExactly(new Seen("PUT", "/raw/a.json", "body"));
  }

  @Test
  void latencyIsPaidByEveryForwardedRequest() throws Exception {
    send("GET", "/warm", null);
    proxy.latencyMillis(400);
    for (int i = 0; i < 2; i++) {
      long t0 = System.nanoTime();
      assertThat(send("GET", "/slow/" + i, null).statusCode()).isEqualTo(200);
      assertThat((System.nanoTime() - t0) / 1_000_000)
          .as("request %d", i)
          .isGreaterThanOrEqualTo(400);
    }
    assertThatThrownBy(() -> proxy.latencyMillis(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void failingModesAnswerEveryRequestAndPassHealsThem() throws Exception {
    proxy.mode(Mode.FAIL_500);
    assertThat(send("GET", "/a", null).statusCode()).isEqualTo(500);
    proxy.mode(Mode.CONFLICT_409);
    HttpResponse<String> conflict = send("PUT", "/a", "x");
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(conflict.body()).contains("<Code>ConditionalRequestConflict</Code>");
    proxy.mode(Mode.DOWN);
    assertThatThrownBy(() -> send("GET", "/a", null))
        .as("connection reset")
        .isInstanceOf(IOException.class);
    assertThat(seen).as("nothing reached the server").isEmpty();

    proxy.mode(Mode.PASS);
    assertThat(send("GET", "/a", null).statusCode()).isEqualTo(200);
    assertThat(proxy.injected()).isEqualTo(2);
  }

  @Test
  void slowModeLetsTheWriteLandButHoldsTheAnswerPastTheClientsTimeout() throws Exception {
    proxy.mode(Mode.SLOW);
    assertThatThrownBy(() -> send("PUT", "/raw/k.json", "landed", Duration.ofSeconds(1)))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(seen)
        .as("the server had the write before the client gave up")
        .containsExactly(new Seen("PUT", "/raw/k.json", "landed"));
  }

  @Test
  void switchingModesDropsOpenKeepAliveConnections() throws Exception {
    try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
      client.setSoTimeout(10_000);
      OutputStream out = client.getOutputStream();
      InputStream in = client.getInputStream();
      out.write("GET /a HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String head = HttpWire.readHead(in);
      assertThat(head).startsWith("HTTP/1.1 200");
      in.readNBytes(Integer.parseInt(HttpWire.header(head, "Content-Length")));

      proxy.mode(Mode.FAIL_500);

      assertThat(in.read())
          .as("the pooled connection is closed, not left to bypass the new mode")
          .isEqualTo(-1);
    }
  }

  @Test
  void aVersionedBucketAnswersVersionRequestsItselfAndForwardsTheRest() throws Exception {
    proxy.versioned("lake");

    HttpResponse<String> versions = send("GET", "/lake?versions&prefix=t%2Fa.json", null);
    assertThat(versions.statusCode()).isEqualTo(200);
    assertThat(versions.body())
        .contains("<Key>t/a.json</Key><VersionId>noncurrent-1</VersionId>")
        .contains(
            "<DeleteMarker><Key>t/a.json</Key><VersionId>marker-1</VersionId><IsLatest>true</IsLatest>");
    assertThat(send("DELETE", "/lake/t/a.json?versionId=noncurrent-1", null).statusCode())
        .isEqualTo(204);
    assertThat(seen).as("version requests never reach a server without versioning").isEmpty();

    assertThat(send("GET", "/lake/t/a.json", null).statusCode()).isEqualTo(200);
    assertThat(send("DELETE", "/raw/t/a.json?versionId=1", null).statusCode())
        .as("not a versioned bucket")
        .isEqualTo(200);
    assertThat(seen)
        .extracting(Seen::target)
        .containsExactly("/lake/t/a.json", "/raw/t/a.json?versionId=1");
    assertThat(proxy.log())
        .extracting(FaultProxy.Request::query)
        .first()
        .isEqualTo(Map.of("versions", "", "prefix", "t/a.json"));
  }

  @Test
  void resetForgetsCountsLogAndRules() throws Exception {
    proxy.failGets("/a", 5, 503);
    send("GET", "/a", null);
    proxy.reset();
    assertThat(proxy.log()).isEmpty();
    assertThat(proxy.requests("GET")).isZero();
    assertThat(proxy.injected()).isZero();
    assertThat(send("GET", "/a", null).statusCode()).as("the rule is gone").isEqualTo(200);
  }

  @Test
  void withoutTheLogOnlyCountsAreKept() throws Exception {
    proxy.logRequests(false);
    assertThat(send("GET", "/a", null).statusCode()).isEqualTo(200);
    assertThat(proxy.log()).as("a long-running proxy keeps no per-request entries").isEmpty();
    assertThat(proxy.requests("GET")).isEqualTo(1);
  }
}
