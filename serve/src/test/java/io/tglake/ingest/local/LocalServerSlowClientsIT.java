package io.tglake.ingest.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import io.tglake.ingest.Fixtures;
import io.tglake.ingest.JsonLog;
import io.tglake.ingest.LocalDirRawUpdateStore;
import io.tglake.ingest.WebhookService;
import io.tglake.ingest.WebhookSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/tglake serve} under slow and idle clients (issue 11): raw sockets that send headers
 * and part of a body and stay open must not stop a valid delivery from being answered within 1 s;
 * unauthenticated ones are answered without their body being read; slow bodies and idle connections
 * are cut off; the connection limit holds. Everything on 127.0.0.1, bounded in count and time.
 */
class LocalServerSlowClientsIT {
  private static final String TOKEN = "slow-it-token";
  private static final int SLOW = 100;
  private static final JsonFactory JSON = new JsonFactory();

  @TempDir Path raw;

  private final List<String> log = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new ArrayList<>();
  private LocalServer server;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private LocalServer start(ServeLimits limits) throws IOException {
    JsonLog jsonLog = new JsonLog(JSON, log::add);
    WebhookService service =
        new WebhookService(
            new WebhookSettings(TOKEN, Set.of(), WebhookSettings.DEFAULT_MAX_BODY_BYTES),
            new LocalDirRawUpdateStore(raw),
            jsonLog,
            JSON);
    server =
        new LocalServer(
            "127.0.0.1",
            0,
            service,
            WebhookSettings.DEFAULT_MAX_BODY_BYTES,
            Clock.systemUTC(),
            limits,
            jsonLog);
    return server;
  }

  @AfterEach
  void closeEverything() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void
      aValidDeliveryIsAnsweredWithinOneSecondWhileHundredSlowAuthenticatedClientsHoldTheirConnections()
          throws Exception {
    // Long timeouts: the slow clients must still be open while the valid delivery is measured.
    start(new ServeLimits(512, Duration.ofSeconds(60), Duration.ofSeconds(60), 64));
    assertThat(deliver(update(1)).statusCode()).as("warm-up delivery").isEqualTo(200);
    for (int i = 0; i < SLOW; i++) {
      // The worst case: the right secret (a leaked token, a stalled proxy), so the server does read
      // these bodies.
      sockets.add(
          slowClient(TOKEN, 5_000, "{\"update_id\":" + (900 + i) + ",\"message\":{\"chat\":"));
    }
    // Server-side: every slow request's headers parsed, none answered (the body is still awaited).
    awaitServer(
        () -> waitingForBody() == SLOW,
        "all " + SLOW + " slow requests parsed and waiting for their body");
    for (Socket s : sockets) {
      assertThat(stillOpenAndUnanswered(s))
          .as("slow clients are still waiting, not answered")
          .isTrue();
    }

    long t0 = System.nanoTime();
    HttpResponse<String> response = deliver(update(2));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("valid delivery with %d slow connections open: %d ms%n", SLOW, ms);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(ms).as("answered within 1 s (issue 11)").isLessThan(1_000);
    assertThat(stored()).containsExactlyInAnyOrder("1.json", "2.json");
    assertThat(waitingForBody())
        .as("server side: every slow connection still open, its request unanswered")
        .isEqualTo(SLOW);
    for (Socket s : sockets) {
      assertThat(stillOpenAndUnanswered(s))
          .as("client side: no status line, no close, no reset")
          .isTrue();
    }
  }

  /** Open connections whose one request the server has parsed and not answered. */
  private long waitingForBody() {
    return server.openConnections().stream()
        .filter(c -> c.requestsIn() == 1 && c.responsesOut() == 0)
        .count();
  }

  private static void awaitServer(java.util.function.BooleanSupplier state, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!state.getAsBoolean()) {
      assertThat(System.nanoTime()).as("server reached: %s", what).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  /**
   * True when nothing arrives on {@code s} for a moment and the connection is not closed: a read
   * that times out. A status line, any byte, an end of stream or a reset all mean the server
   * answered or dropped the client.
   */
  private static boolean stillOpenAndUnanswered(Socket s) throws IOException {
    s.setSoTimeout(20);
    try {
      s.getInputStream().read();
      return false; // a byte of an answer, or -1: closed by the server
    } catch (SocketTimeoutException e) {
      return true;
    } catch (IOException e) {
      return false; // reset
    }
  }

  @Test
  void unauthenticatedSlowClientsAreAnsweredBeforeTheirBodyIsReadAndDisconnected()
      throws Exception {
    start(new ServeLimits(512, Duration.ofSeconds(60), Duration.ofSeconds(60), 64));
    for (int i = 0; i < SLOW; i++) {
      sockets.add(slowClient(i % 2 == 0 ? null : "wrong-token", 1_000_000, "{\"update_id\":"));
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < SLOW; i++) {
      String status = answer(sockets.get(i), 5_000);
      assertThat(status)
          .as("client %d", i)
          .startsWith(i % 2 == 0 ? "HTTP/1.1 401" : "HTTP/1.1 403");
      assertThat(closedByServer(sockets.get(i), 5_000))
          .as("connection closed, body never drained")
          .isTrue();
    }
    System.out.printf(
        "%d unauthenticated slow clients answered and closed in %d ms%n",
        SLOW, (System.nanoTime() - t0) / 1_000_000);
    HttpResponse<String> response = deliver(update(3));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(stored()).containsExactly("3.json");
    assertThat(
            log.stream()
                .filter(
                    l ->
                        l.contains("\"source_ip\":\"127.0.0.1\"")
                            && (l.contains("\"outcome\":\"missing_secret\"")
                                || l.contains("\"outcome\":\"wrong_secret\""))))
        .as("one line per refused client, with the socket peer as source")
        .hasSize(SLOW);
  }

  @Test
  void aDeclaredBodyOverTheLimitIs413WithoutReadingIt() throws Exception {
    start(ServeLimits.DEFAULTS);
    Socket s = slowClient(TOKEN, 2 * 1024 * 1024, "{\"update_id\":4,");
    sockets.add(s);
    assertThat(answer(s, 5_000)).startsWith("HTTP/1.1 413");
    assertThat(closedByServer(s, 5_000)).isTrue();
    assertThat(stored()).isEmpty();
  }

  @Test
  void aBodyThatDoesNotArriveWithinTheRequestTimeoutIs408AndNothingIsStored() throws Exception {
    start(new ServeLimits(512, Duration.ofSeconds(30), Duration.ofSeconds(1), 64));
    Socket s = slowClient(TOKEN, 500, "{\"update_id\":5,");
    sockets.add(s);
    long t0 = System.nanoTime();
    // Keep the connection busy (below the idle timeout) so only the request deadline can end it.
    String status = null;
    for (int i = 0; i < 80 && status == null; i++) {
      s.getOutputStream().write(' ');
      s.getOutputStream().flush();
      status = answer(s, 100);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("trickling body cut off after %d ms%n", ms);
    assertThat(status).startsWith("HTTP/1.1 408");
    assertThat(ms).as("the 1 s deadline, not the 30 s idle timeout").isBetween(800L, 8_000L);
    assertThat(closedByServer(s, 5_000)).isTrue();
    assertThat(stored()).isEmpty();
    assertThat(log)
        .anyMatch(
            l -> l.contains("\"event\":\"serve_body_timeout\"") && l.contains("\"status\":408"));
  }

  @Test
  void idleConnectionsAreClosedAndTheConnectionLimitHolds() throws Exception {
    start(new ServeLimits(10, Duration.ofSeconds(1), Duration.ofSeconds(10), 16));
    for (int i = 0; i < 10; i++) {
      Socket s = new Socket("127.0.0.1", server.port());
      sockets.add(s); // connected, sends nothing
    }
    awaitServer(() -> server.openConnections().size() == 10, "the 10 idle connections accepted");
    long t0 = System.nanoTime();
    CompletableFuture<HttpResponse<String>> pending =
        http.sendAsync(post(update(6)), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> response = pending.get(15, TimeUnit.SECONDS);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf(
        "delivery at the connection limit answered after %d ms (idle timeout 1 s)%n", ms);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(ms)
        .as("it had to wait for the idle connections to be closed: the limit of 10 held")
        .isGreaterThanOrEqualTo(500);
    for (Socket s : sockets) {
      assertThat(closedByServer(s, 5_000)).as("idle connection closed by the server").isTrue();
    }
    assertThat(stored()).containsExactly("6.json");
  }

  private static byte[] update(long id) {
    return new String(Fixtures.update("private-text-message.json"), StandardCharsets.UTF_8)
        .replace("500012345", String.valueOf(id))
        .getBytes(StandardCharsets.UTF_8);
  }

  private HttpRequest post(byte[] body) {
    return HttpRequest.newBuilder(URI.create(server.url()))
        .timeout(Duration.ofSeconds(15))
        .header("Content-Type", "application/json")
        .header("X-Telegram-Bot-Api-Secret-Token", TOKEN)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private HttpResponse<String> deliver(byte[] body) throws IOException, InterruptedException {
    return http.send(post(body), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A client that sends the headers (declaring {@code contentLength}) and the start of a body, then
   * stalls.
   */
  private Socket slowClient(String token, int contentLength, String partialBody)
      throws IOException {
    Socket s = new Socket("127.0.0.1", server.port());
    String head =
        "POST /telegram/webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + (token == null ? "" : "X-Telegram-Bot-Api-Secret-Token: " + token + "\r\n")
            + "Content-Length: "
            + contentLength
            + "\r\n\r\n"
            + partialBody;
    s.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
    s.getOutputStream().flush();
    return s;
  }

  /** The status line if one arrives within {@code ms}, else null. */
  private static String answer(Socket s, int ms) throws IOException {
    s.setSoTimeout(ms);
    InputStream in = s.getInputStream();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try {
      for (int b; (b = in.read()) != -1 && b != '\n'; ) {
        line.write(b);
      }
    } catch (SocketTimeoutException e) {
      if (line.size() == 0) {
        return null;
      }
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII).trim();
  }

  /**
   * Whether the server closes the connection (EOF or reset) within {@code ms}, after any rest of
   * the response.
   */
  private static boolean closedByServer(Socket s, int ms) throws IOException {
    s.setSoTimeout(ms);
    try {
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8192];
      while (in.read(buf) != -1) {
        // rest of the response
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // connection reset
    }
  }

  private List<String> stored() throws IOException {
    Path partition = raw.resolve("context_date=" + LocalDate.now(ZoneOffset.UTC));
    if (!Files.isDirectory(partition)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(partition)) {
      return files.map(f -> f.getFileName().toString()).toList();
    }
  }
}
