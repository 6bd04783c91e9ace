package io.tglake.ingest.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.sun.net.httpserver.HttpServer;
import io.tglake.ingest.Fixtures;
import io.tglake.ingest.JsonLog;
import io.tglake.ingest.LocalDirRawUpdateStore;
import io.tglake.ingest.WebhookService;
import io.tglake.ingest.WebhookSettings;
import io.tglake.ingest.relay.BotApiPassThrough;
import io.tglake.ingest.relay.BotRelay;
import io.tglake.ingest.relay.OutgoingRecorder;
import io.tglake.ingest.relay.RelayingWebhook;
import io.tglake.ingest.relay.StandIn;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} in relay mode and with the pass-through, over real HTTP on both sides. */
class ServeRelayIT {
  private static final JsonFactory JSON = new JsonFactory();
  private static final Instant NOW = Instant.parse("2026-11-22T10:15:30.123Z");
  private static final String TOKEN = "6123456789:AAE-serveTestToken_0123456789abcdefXYZ";
  private static final byte[] ANSWER =
      "{\"method\":\"sendMessage\",\"chat_id\":7391200458,\"text\":\"Oi\"}"
          .getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private LocalServer serve(URI botUrl, URI telegram) throws IOException {
    JsonLog jsonLog = new JsonLog(JSON, log::add);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    WebhookService service =
        new WebhookService(
            new WebhookSettings("hook-secret", Set.of(), WebhookSettings.DEFAULT_MAX_BODY_BYTES),
            new LocalDirRawUpdateStore(dir.resolve("raw")),
            jsonLog,
            JSON);
    HttpClient http = BotRelay.newHttpClient(Duration.ofSeconds(2));
    OutgoingRecorder recorder =
        new OutgoingRecorder(new LocalDirRawUpdateStore(dir.resolve("outgoing")), JSON, jsonLog);
    RelayingWebhook webhook =
        new RelayingWebhook(
            service,
            new BotRelay(http, botUrl, null, Duration.ofSeconds(5), 1 << 20),
            recorder,
            6123456789L,
            jsonLog,
            clock);
    BotApiPassThrough pass =
        new BotApiPassThrough(
            http,
            telegram,
            Set.of(6123456789L),
            Duration.ofSeconds(20),
            recorder,
            JSON,
            jsonLog,
            clock);
    return new LocalServer(
        "127.0.0.1",
        0,
        webhook,
        pass,
        WebhookSettings.DEFAULT_MAX_BODY_BYTES,
        clock,
        ServeLimits.DEFAULTS,
        jsonLog);
  }

  @Test
  void relaysOverHttpAndAnswersWithTheBotsAnswer() throws Exception {
    byte[] update = Fixtures.update("private-text-message.json");
    try (StandIn bot = new StandIn(StandIn.with(200, "application/json", ANSWER));
        LocalServer server = serve(bot.url("/hook"), URI.create("http://127.0.0.1:9"))) {
      HttpResponse<byte[]> r =
          client.send(
              HttpRequest.newBuilder(URI.create(server.url()))
                  .header("Content-Type", "application/json")
                  .header("X-Telegram-Bot-Api-Secret-Token", "hook-secret")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(update))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
      assertThat(r.body()).isEqualTo(ANSWER);
      assertThat(bot.received.get(0).body()).isEqualTo(update);
      assertThat(Files.readAllBytes(dir.resolve("raw/context_date=2026-11-22/500012345.json")))
          .isEqualTo(update);
      assertThat(
              Files.readString(dir.resolve("outgoing/context_date=2026-11-22/wr-500012345.json")))
          .contains(
              "\"source\":\"webhook_response\",\"bot_id\":6123456789,\"method\":\"sendMessage\"");
    }
  }

  @Test
  void uploadsStreamThroughToTelegramBeforeTheClientHasSentThemWhole() throws Exception {
    int half = 4 << 20;
    CountDownLatch upstreamGotHalf = new CountDownLatch(1);
    AtomicLong upstreamBytes = new AtomicLong();
    HttpServer telegram =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    telegram.createContext(
        "/",
        ex -> {
          try (InputStream in = ex.getRequestBody()) {
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
              // half of the first half: the clients on both sides may each read one buffer ahead
              if (upstreamBytes.addAndGet(n) >= half / 2) {
                upstreamGotHalf.countDown();
              }
            }
          }
          byte[] ok =
              "{\"ok\":true,\"result\":{\"message_id\":9,\"date\":1}}"
                  .getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(200, ok.length);
          ex.getResponseBody().write(ok);
          ex.close();
        });
    telegram.start();
    String boundary = "b0und4ry";
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\n42\r\n--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"document\"; filename=\"big.bin\"\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] firstHalf = new byte[half];
    byte[] secondHalf = new byte[half];
    long total = head.length + 2L * half + tail.length;
    try (LocalServer server =
        serve(
            URI.create("http://127.0.0.1:9/hook"),
            URI.create("http://127.0.0.1:" + telegram.getAddress().getPort()))) {
      URI url = URI.create("http://127.0.0.1:" + server.port() + "/bot" + TOKEN + "/sendDocument");
      HttpRequest.BodyPublisher body =
          HttpRequest.BodyPublishers.fromPublisher(
              HttpRequest.BodyPublishers.ofInputStream(
                  () ->
                      new SequenceInputStream(
                          java.util.Collections.enumeration(
                              List.of(
                                  new ByteArrayInputStream(head),
                                  new ByteArrayInputStream(firstHalf),
                                  new InputStream() {
                                    // The second half is only sent once Telegram has the first:
                                    // proof that serve does not buffer.
                                    private InputStream rest;

                                    @Override
                                    public int read() throws IOException {
                                      if (rest == null) {
                                        try {
                                          if (!upstreamGotHalf.await(20, TimeUnit.SECONDS)) {
                                            throw new IOException(
                                                "upstream never received the first half: serve buffers uploads");
                                          }
                                        } catch (InterruptedException e) {
                                          throw new IOException(e);
                                        }
                                        rest =
                                            new SequenceInputStream(
                                                new ByteArrayInputStream(secondHalf),
                                                new ByteArrayInputStream(tail));
                                      }
                                      return rest.read();
                                    }

                                    @Override
                                    public int read(byte[] b, int off, int len) throws IOException {
                                      int first = read();
                                      if (first < 0) {
                                        return -1;
                                      }
                                      b[off] = (byte) first;
                                      int more = rest.read(b, off + 1, len - 1);
                                      return 1 + Math.max(more, 0);
                                    }
                                  })))),
              total);
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(url)
                  .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                  .POST(body)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(upstreamBytes.get()).as("the whole upload reached Telegram").isEqualTo(total);
      // The pass-through records the call after Telegram's answer went back: wait (bounded) for
      // the record's name, never its hidden temp file.
      Path rec = null;
      for (long until = System.nanoTime() + 10_000_000_000L;
          rec == null && System.nanoTime() < until;
          Thread.sleep(50)) {
        if (!Files.isDirectory(dir.resolve("outgoing"))) {
          continue;
        }
        try (var files = Files.walk(dir.resolve("outgoing"))) {
          rec =
              files
                  .filter(Files::isRegularFile)
                  .filter(p -> !p.getFileName().toString().startsWith("."))
                  .findFirst()
                  .orElse(null);
        }
      }
      assertThat(rec).as("the upload's outgoing record").isNotNull();
      {
        assertThat(Files.readString(rec))
            .contains(
                "\"request\":{\"chat_id\":\"42\","
                    + "\"document\":{\"file\":\"document\",\"size\":"
                    + (2L * half)
                    + "}}");
      }
      assertThat(String.join("\n", log))
          .as("no token in the log")
          .doesNotContain(TOKEN.substring(11));
    } finally {
      telegram.stop(0);
    }
  }
}
