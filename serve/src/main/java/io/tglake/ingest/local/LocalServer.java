package io.tglake.ingest.local;

import com.fasterxml.jackson.core.JsonFactory;
import io.tglake.ingest.JsonLog;
import io.tglake.ingest.LocalDirRawUpdateStore;
import io.tglake.ingest.RawUpdateStore;
import io.tglake.ingest.S3RawUpdateStore;
import io.tglake.ingest.WebhookRequest;
import io.tglake.ingest.WebhookService;
import io.tglake.ingest.WebhookSettings;
import io.tglake.ingest.relay.BotApiPassThrough;
import io.tglake.ingest.relay.BotRelay;
import io.tglake.ingest.relay.OutgoingRecorder;
import io.tglake.ingest.relay.RelaySettings;
import io.tglake.ingest.relay.RelayingWebhook;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import picocli.CommandLine;

/**
 * {@code bin/tglake serve}: the webhook core behind an embedded Jetty, so curl, the sample
 * generator or a real bot (through a tunnel) can post updates. Each request becomes the same {@link
 * WebhookRequest} the Lambda builds, and the same {@link WebhookService} decides. Any path is
 * accepted (Telegram posts to whatever URL setWebhook got).
 *
 * <p>Why Jetty and not the JDK's HttpServer: the JDK server reads headers and bodies with blocking
 * I/O on its worker threads and has no per-connection read timeout, so 100 connections that sent
 * headers and part of a body held every thread for as long as they stayed open. Jetty parses and
 * reads without holding threads, closes idle connections, caps the number of connections, and lets
 * {@link WebhookJettyHandler} answer 401/403 before any body byte is read. Limits: {@link
 * ServeLimits}.
 */
public final class LocalServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;

  /**
   * Starts listening with {@link ServeLimits#DEFAULTS}; see {@link #LocalServer(String, int,
   * WebhookService, int, Clock, ServeLimits, JsonLog)}.
   */
  public LocalServer(String bind, int port, WebhookService service, int maxBodyBytes, Clock clock)
      throws IOException {
    this(
        bind,
        port,
        service,
        maxBodyBytes,
        clock,
        ServeLimits.DEFAULTS,
        JsonLog.stdout(new JsonFactory()));
  }

  /**
   * Starts listening.
   *
   * @param bind address, e.g. 127.0.0.1
   * @param port port, 0 for any free one
   * @param limits connection, timeout and thread bounds
   * @param log sink for the server's own lines (body timeouts); request lines come from the service
   */
  public LocalServer(
      String bind,
      int port,
      WebhookService service,
      int maxBodyBytes,
      Clock clock,
      ServeLimits limits,
      JsonLog log)
      throws IOException {
    this(
        bind,
        port,
        new RelayingWebhook(service, null, null, null, log, clock),
        null,
        maxBodyBytes,
        clock,
        limits,
        log);
  }

  /**
   * Starts listening, in relay mode when {@code webhook} has a relay and with the Bot API
   * pass-through when {@code passThrough} is not null.
   */
  public LocalServer(
      String bind,
      int port,
      RelayingWebhook webhook,
      BotApiPassThrough passThrough,
      int maxBodyBytes,
      Clock clock,
      ServeLimits limits,
      JsonLog log)
      throws IOException {
    QueuedThreadPool threads = new QueuedThreadPool(limits.maxThreads(), 4);
    threads.setName("tglake-serve");
    threads.setDaemon(true);
    this.server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(false);
    http.setRequestHeaderSize(16 * 1024);
    this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(bind);
    connector.setPort(port);
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    connector.setAcceptQueueSize(256);
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
    server.setHandler(
        new WebhookJettyHandler(
            webhook, passThrough, maxBodyBytes, limits.requestTimeout(), clock, log));
    server.setStopTimeout(2_000);
    try {
      server.start();
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(
          "could not start the local server on " + bind + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /**
   * Entry point of {@code bin/tglake serve}: generated --help, exit 2 on bad options, 1 when it
   * cannot start.
   */
  public static void main(String[] args) {
    System.exit(
        ServeCommand.cli(new ServeCommand(System.getenv(), LocalServer::serve)).execute(args));
  }

  /**
   * The command line of {@code serve} without running it: for {@code bin/tglake completion} ({@code
   * io.tglake.cli.Completion} reads the option model from this factory).
   */
  public static CommandLine commandLine() {
    return ServeCommand.cli(new ServeCommand(System.getenv(), LocalServer::serve)).commandLine();
  }

  /**
   * Starts the server for {@code opts}, prints the ready line and serves until the JVM is stopped.
   */
  static int serve(ServeArgs opts) {
    JsonFactory json = new JsonFactory();
    RawUpdateStore store = storeFor(opts);
    JsonLog log = JsonLog.stdout(json);
    WebhookService service =
        new WebhookService(
            new WebhookSettings(
                opts.secretToken(),
                opts.allowedChatIds(),
                WebhookSettings.DEFAULT_MAX_BODY_BYTES,
                opts.allowedSources()),
            store,
            log,
            json);
    RelaySettings relay = opts.relay();
    RawUpdateStore outgoing = outgoingStoreFor(opts);
    OutgoingRecorder recorder = new OutgoingRecorder(outgoing, json, log);
    HttpClient http = BotRelay.newHttpClient(Duration.ofSeconds(3));
    Clock clock = Clock.systemUTC();
    RelayingWebhook webhook =
        new RelayingWebhook(
            service,
            relay.relayOn()
                ? new BotRelay(
                    http,
                    relay.botWebhookUrl(),
                    relay.botWebhookSecret(),
                    relay.relayTimeout(),
                    RelaySettings.MAX_BOT_ANSWER_BYTES)
                : null,
            recorder,
            relay.botId(),
            log,
            clock);
    BotApiPassThrough passThrough =
        relay.passThroughOn()
            ? new BotApiPassThrough(
                http,
                relay.telegramApi(),
                relay.allowedBotIds(),
                relay.passThroughTimeout(),
                recorder,
                json,
                log,
                clock)
            : null;
    LocalServer server;
    try {
      server =
          new LocalServer(
              opts.bind(),
              opts.port(),
              webhook,
              passThrough,
              WebhookSettings.DEFAULT_MAX_BODY_BYTES,
              clock,
              opts.limits(),
              log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "tglake-serve-shutdown"));
    PrintStream out = System.out;
    out.println(
        "tglake serve: listening on " + server.url() + " (raw: " + store.locationOf("") + ")");
    if (relay.relayOn()) {
      out.println(
          "tglake serve: relaying stored updates to "
              + relay.botWebhookUrl()
              + "; outgoing records: "
              + outgoing.locationOf(""));
    }
    if (relay.passThroughOn()) {
      out.println(
          "tglake serve: Bot API pass-through for bots "
              + relay.allowedBotIds()
              + " at "
              + server.url().replace("/telegram/webhook", "")
              + " (set it as the bot library's API base URL)");
    }
    out.flush();
    try {
      Thread.currentThread().join(); // until Ctrl-C / SIGTERM: the shutdown hook stops the server
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** The URL to give setWebhook / curl (any path works; this one mirrors the deployed route). */
  public String url() {
    String host = connector.getHost();
    if (host == null || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = "127.0.0.1";
    } else if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + port() + "/telegram/webhook";
  }

  /** Bound port. */
  public int port() {
    return connector.getLocalPort();
  }

  /**
   * One open connection as the server sees it: requests whose headers it parsed, responses it sent.
   */
  record OpenConnection(long requestsIn, long responsesOut) {}

  /**
   * The connections open right now (tests synchronise on the server's state instead of sleeping).
   */
  List<OpenConnection> openConnections() {
    return connector.getConnectedEndPoints().stream()
        .map(e -> e.getConnection())
        .filter(Objects::nonNull)
        .map(c -> new OpenConnection(c.getMessagesIn(), c.getMessagesOut()))
        .toList();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      // stopping is best effort (shutdown hook, test teardown)
    }
  }

  static RawUpdateStore storeFor(ServeArgs opts) {
    return storeFor(opts, opts.s3Prefix());
  }

  /**
   * Outgoing records beside the raw updates: the sibling folder named by the outgoing prefix (--raw
   * ./lake/raw → ./lake/outgoing; s3://b/telegram → s3://b/outgoing), where the ETL's --outgoing
   * default looks.
   */
  static RawUpdateStore outgoingStoreFor(ServeArgs opts) {
    String name = opts.relay().outgoingPrefix();
    if (opts.s3Bucket() == null) {
      Path raw = Path.of(opts.raw()).toAbsolutePath().normalize();
      return new LocalDirRawUpdateStore(
          raw.getParent() == null ? raw.resolve(name) : raw.getParent().resolve(name));
    }
    String prefix = opts.s3Prefix();
    int slash = prefix.lastIndexOf('/');
    return storeFor(opts, slash < 0 ? name : prefix.substring(0, slash + 1) + name);
  }

  private static RawUpdateStore storeFor(ServeArgs opts, String s3Prefix) {
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
        S3RawUpdateStore.newClient(
            S3RawUpdateStore.newHttpClient(), region, endpoint, Duration.ofSeconds(10)),
        opts.s3Bucket(),
        s3Prefix);
  }

  private static String firstNonBlank(String a, String b) {
    if (a != null && !a.isBlank()) {
      return a.trim();
    }
    return b != null && !b.isBlank() ? b.trim() : null;
  }
}
