package io.tglake.ingest.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tglake.ingest.ApiGatewayEvents;
import io.tglake.ingest.JsonLog;
import io.tglake.ingest.LocalDirRawUpdateStore;
import io.tglake.ingest.RawUpdateStore;
import io.tglake.ingest.S3RawUpdateStore;
import io.tglake.ingest.WebhookOutcome;
import io.tglake.ingest.WebhookRequest;
import io.tglake.ingest.WebhookService;
import io.tglake.ingest.WebhookSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bin/tglake serve}: the webhook core behind the JDK's HTTP server, so curl, the sample generator or a real bot
 * (through a tunnel) can post updates. Each exchange becomes the same {@link WebhookRequest} the Lambda builds, and
 * the same {@link WebhookService} decides. Any path is accepted (Telegram posts to whatever URL setWebhook got).
 */
public final class LocalServer implements AutoCloseable {
  /** Telegram opens up to 100 connections (max_connections, default 40); one thread each. */
  private static final int THREADS = 100;

  private final HttpServer server;
  private final ExecutorService executor;
  private final WebhookService service;
  private final int maxBodyBytes;
  private final Clock clock;

  /**
   * Starts listening.
   *
   * @param bind address, e.g. 127.0.0.1
   * @param port port, 0 for any free one
   */
  public LocalServer(String bind, int port, WebhookService service, int maxBodyBytes, Clock clock) throws IOException {
    this.service = service;
    this.maxBodyBytes = maxBodyBytes;
    this.clock = clock;
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(r, "tglake-serve-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.server = HttpServer.create(new InetSocketAddress(bind, port), 256);
    server.createContext("/", this::exchange);
    server.setExecutor(executor);
    server.start();
  }

  /** Entry point of {@code bin/tglake serve}; exits 2 on bad options. */
  public static void main(String[] args) throws IOException, InterruptedException {
    ServeArgs opts;
    try {
      opts = ServeArgs.parse(args, System.getenv());
    } catch (ServeArgs.UsageException e) {
      System.err.println("tglake serve: " + e.getMessage());
      System.err.print(ServeArgs.USAGE);
      System.exit(2);
      return;
    }
    if (opts == null) {
      System.out.print(ServeArgs.USAGE);
      return;
    }
    JsonFactory json = new JsonFactory();
    RawUpdateStore store = storeFor(opts);
    WebhookService service = new WebhookService(
        new WebhookSettings(opts.secretToken(), opts.allowedChatIds(), WebhookSettings.DEFAULT_MAX_BODY_BYTES),
        store, JsonLog.stdout(json), json);
    LocalServer server = new LocalServer(opts.bind(), opts.port(), service, WebhookSettings.DEFAULT_MAX_BODY_BYTES,
        Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "tglake-serve-shutdown"));
    PrintStream out = System.out;
    out.println("tglake serve: listening on " + server.url() + " (raw: " + store.locationOf("") + ")");
    out.flush();
    Thread.currentThread().join(); // until Ctrl-C
  }

  /** The URL to give setWebhook / curl (any path works; this one mirrors the deployed route). */
  public String url() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getHostString();
    return "http://" + host + ":" + a.getPort() + "/telegram/webhook";
  }

  /** Bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(1);
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static RawUpdateStore storeFor(ServeArgs opts) {
    if (opts.s3Bucket() == null) {
      return new LocalDirRawUpdateStore(Path.of(opts.raw()));
    }
    Map<String, String> env = System.getenv();
    String region = firstNonBlank(env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
    URI endpoint = opts.s3Endpoint();
    if (endpoint == null) {
      String fromEnv = firstNonBlank(env.get("AWS_ENDPOINT_URL_S3"), env.get("AWS_ENDPOINT_URL"));
      endpoint = fromEnv == null ? null : URI.create(fromEnv);
    }
    if (region == null && endpoint != null) {
      region = "us-east-1"; // S3-compatible servers ignore it, but SigV4 needs one
    }
    return new S3RawUpdateStore(
        S3RawUpdateStore.newClient(S3RawUpdateStore.newHttpClient(), region, endpoint, Duration.ofSeconds(10)),
        opts.s3Bucket(), opts.s3Prefix());
  }

  private void exchange(HttpExchange ex) throws IOException {
    try {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
      byte[] body = readAtMost(ex.getRequestBody(), maxBodyBytes + 1);
      WebhookOutcome outcome = service.handle(
          new WebhookRequest(ex.getRequestMethod(), headers, body, clock.instant()));
      byte[] text = ApiGatewayEvents.responseBody(outcome).getBytes(StandardCharsets.UTF_8);
      if (outcome.kind() == WebhookOutcome.Kind.METHOD_NOT_ALLOWED) {
        ex.getResponseHeaders().set("Allow", "POST");
      }
      ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      ex.sendResponseHeaders(outcome.status(), text.length == 0 ? -1 : text.length);
      if (text.length > 0) {
        try (OutputStream os = ex.getResponseBody()) {
          os.write(text);
        }
      }
    } catch (RuntimeException e) {
      // The service already turns storage errors into 503; anything else is a bug, still answered 5xx (retry).
      e.printStackTrace();
      ex.sendResponseHeaders(500, -1);
    } finally {
      ex.close();
    }
  }

  /** Reads up to {@code limit} bytes: enough to tell "over the size limit" without buffering a huge body. */
  private static byte[] readAtMost(InputStream in, int limit) throws IOException {
    return in.readNBytes(limit);
  }

  private static String firstNonBlank(String a, String b) {
    if (a != null && !a.isBlank()) {
      return a.trim();
    }
    return b != null && !b.isBlank() ? b.trim() : null;
  }
}
