package io.tglake.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonFactory;
import io.tglake.ingest.relay.BotApiPassThrough;
import io.tglake.ingest.relay.BotRelay;
import io.tglake.ingest.relay.OutgoingRecorder;
import io.tglake.ingest.relay.RelaySettings;
import io.tglake.ingest.relay.RelayingWebhook;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Lambda entry point ({@code io.tglake.ingest.WebhookHandler::handleRequest}) for API Gateway REST
 * / HTTP API and Function URL events. An outline: event → {@link WebhookRequest} → {@link
 * WebhookService} → proxy response.
 *
 * <p>Everything expensive happens once, in the constructor (Lambda's init phase): configuration,
 * the HTTP client, the S3 client, the secret. Under SnapStart, {@link #beforeCheckpoint} primes the
 * JSON path and the S3 client so that the snapshot already holds the loaded and initialized
 * classes.
 */
public final class WebhookHandler implements RequestStreamHandler, Resource {
  /** Whole S3 call budget per delivery (retries included); keep the function timeout above it. */
  static final Duration S3_CALL_TIMEOUT = Duration.ofSeconds(6);

  /**
   * Key written by priming (under the raw prefix, outside every context_date partition; "_" =
   * ignored by Spark).
   */
  static final String PRIMING_KEY = "_priming/snapstart.json";

  /**
   * Connect timeout of the relay's / pass-through's HTTP client (the relay deadline bounds the
   * rest).
   */
  static final Duration BOT_CONNECT_TIMEOUT = Duration.ofSeconds(3);

  private final ApiGatewayEvents events;
  private final WebhookService service;
  private final RelayingWebhook webhook;
  private final BotApiPassThrough passThrough;
  private final RawUpdateStore store;
  private final JsonFactory json;
  private final Clock clock;

  /**
   * Production constructor used by the Lambda runtime: reads the environment, builds the clients.
   */
  public WebhookHandler() {
    this(
        IngestConfig.fromEnvironment(System.getenv()),
        RelaySettings.fromEnvironment(System.getenv()),
        S3RawUpdateStore.newHttpClient());
  }

  private WebhookHandler(IngestConfig config, RelaySettings relay, SdkHttpClient http) {
    this(
        config,
        s3For(config, http),
        withBotSecret(relay, http, config.region()),
        resolveSecret(config, http));
  }

  /**
   * BOT_WEBHOOK_SECRET_SECRET_ID: the bot's own webhook secret from Secrets Manager, once per
   * environment.
   */
  private static RelaySettings withBotSecret(
      RelaySettings relay, SdkHttpClient http, String region) {
    String id = System.getenv(RelaySettings.BOT_WEBHOOK_SECRET_SECRET_ID);
    if (id == null || id.isBlank() || relay.botWebhookSecret() != null) {
      return relay;
    }
    var builder = SecretsManagerClient.builder().httpClient(http);
    if (region != null) {
      builder.region(Region.of(region));
    }
    try (SecretsManagerClient sm = builder.build()) {
      String value = sm.getSecretValue(r -> r.secretId(id.trim())).secretString();
      return relay.withBotWebhookSecret(value == null || value.isBlank() ? null : value.trim());
    } catch (SdkException e) {
      throw new IllegalStateException(
          "could not read the secret named by "
              + RelaySettings.BOT_WEBHOOK_SECRET_SECRET_ID
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private WebhookHandler(IngestConfig config, S3Client s3, RelaySettings relay, String secret) {
    this(
        config,
        new S3RawUpdateStore(s3, config.rawBucket(), config.rawPrefix()),
        secret,
        JsonLog.stdout(new JsonFactory()),
        Clock.systemUTC(),
        relay,
        new S3RawUpdateStore(s3, config.rawBucket(), relay.outgoingPrefix()),
        relay.relayOn() || relay.passThroughOn()
            ? BotRelay.newHttpClient(BOT_CONNECT_TIMEOUT)
            : null);
    Core.getGlobalContext().register(this);
  }

  /** For tests: any store, a given token and log; passive collector (no relay, no pass-through). */
  WebhookHandler(
      IngestConfig config, RawUpdateStore store, String secretToken, JsonLog log, Clock clock) {
    this(config, store, secretToken, log, clock, RelaySettings.off(), null, null);
  }

  /**
   * For tests and the production constructor: relay and pass-through from {@code relay}, outgoing
   * records into {@code outgoing} (a store rooted at the outgoing prefix), one JDK HTTP client for
   * both (null when both are off).
   */
  WebhookHandler(
      IngestConfig config,
      RawUpdateStore store,
      String secretToken,
      JsonLog log,
      Clock clock,
      RelaySettings relay,
      RawUpdateStore outgoing,
      HttpClient botHttp) {
    this.json = new JsonFactory();
    this.events = new ApiGatewayEvents(json);
    this.store = store;
    this.clock = clock;
    this.service =
        new WebhookService(
            new WebhookSettings(
                secretToken,
                config.allowedChatIds(),
                WebhookSettings.DEFAULT_MAX_BODY_BYTES,
                config.allowedSources()),
            store,
            log,
            json);
    OutgoingRecorder recorder = outgoing == null ? null : new OutgoingRecorder(outgoing, json, log);
    BotRelay botRelay =
        relay.relayOn()
            ? new BotRelay(
                botHttp,
                relay.botWebhookUrl(),
                relay.botWebhookSecret(),
                relay.relayTimeout(),
                RelaySettings.MAX_BOT_ANSWER_BYTES)
            : null;
    this.webhook = new RelayingWebhook(service, botRelay, recorder, relay.botId(), log, clock);
    this.passThrough =
        relay.passThroughOn()
            ? new BotApiPassThrough(
                botHttp,
                relay.telegramApi(),
                relay.allowedBotIds(),
                relay.passThroughTimeout(),
                recorder,
                json,
                log,
                clock)
            : null;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    ApiGatewayEvents.Event event = events.readEvent(input, clock.instant());
    WebhookRequest request = event.request();
    if (passThrough != null && BotApiPassThrough.isBotApiPath(event.path())) {
      // The event body is already in memory (API Gateway's payload limit): streaming buys nothing
      // here.
      events.writeResponse(
          passThrough.call(
              request.method(),
              event.path(),
              event.rawQuery(),
              request.header("content-type").orElse(null),
              request.body().length,
              new ByteArrayInputStream(request.body())),
          output);
      return;
    }
    events.writeResponse(webhook.handle(request), output);
  }

  /** SnapStart: warm the event parser, the core and the S3 client before the snapshot is taken. */
  // org.crac.Context stays qualified: the handler already imports the Lambda runtime's Context.
  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    prime();
  }

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {
    // Nothing to refresh: the SDK re-resolves credentials and re-opens stale connections on its
    // own.
  }

  /**
   * Runs a synthetic delivery through event parsing, the core (against a throw-away in-memory
   * store) and response writing, then two real S3 requests covered by the documented IAM: a
   * create-only write of {@link #PRIMING_KEY} and a migration-marker lookup. Failures are ignored:
   * priming must never break a checkpoint.
   */
  void prime() {
    String token = "priming-token";
    WebhookService primingService =
        new WebhookService(
            settings(token, Set.of(1L)), new PrimingStore(), JsonLog.discard(json), json);
    String body =
        "{\"update_id\":1,\"message\":{\"message_id\":1,\"date\":0,"
            + "\"chat\":{\"id\":1,\"type\":\"private\"},\"text\":\"p\"}}";
    String event =
        "{\"version\":\"2.0\",\"headers\":{\"x-telegram-bot-api-secret-token\":\""
            + token
            + "\"},"
            + "\"requestContext\":{\"http\":{\"method\":\"POST\"}},\"body\":\""
            + body.replace("\"", "\\\"")
            + "\",\"isBase64Encoded\":false}";
    try {
      for (int i = 0; i < 50; i++) {
        WebhookRequest request =
            events.toRequest(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), clock.instant());
        events.writeResponse(primingService.handle(request), new ByteArrayOutputStream());
      }
    } catch (IOException | RuntimeException e) {
      // keep going: the S3 part is still worth priming
    }
    try {
      // The real write path (marshalling, checksum, signing, the create-only answer): a fixed key
      // outside every
      // partition, so after the first snapshot it is a 412 every time.
      store.putIfAbsent(PRIMING_KEY, "{}".getBytes(StandardCharsets.UTF_8));
      store.isMigratedChat(0L);
    } catch (RuntimeException e) {
      // e.g. AccessDenied when ListBucket was not granted: the request path is warmed all the same
    }
  }

  private static WebhookSettings settings(String token, Set<Long> allowed) {
    return new WebhookSettings(token, allowed, WebhookSettings.DEFAULT_MAX_BODY_BYTES);
  }

  private static S3Client s3For(IngestConfig config, SdkHttpClient http) {
    return S3RawUpdateStore.newClient(
        http, config.region(), config.endpointOverride(), S3_CALL_TIMEOUT);
  }

  private static String resolveSecret(IngestConfig config, SdkHttpClient http) {
    if (config.secretToken() != null) {
      return config.secretToken();
    }
    // Fetched once per execution environment; the client is closed right after (the shared HTTP
    // client stays open).
    var builder = SecretsManagerClient.builder().httpClient(http);
    if (config.region() != null) {
      builder.region(Region.of(config.region()));
    }
    try (SecretsManagerClient sm = builder.build()) {
      String value =
          sm.getSecretValue(r -> r.secretId(config.secretTokenSecretId())).secretString();
      if (value == null || value.isBlank()) {
        throw new IllegalStateException(
            IngestConfig.TELEGRAM_SECRET_TOKEN_SECRET_ID
                + " names a secret without a"
                + " SecretString: store the webhook token as plain text");
      }
      return value.trim();
    } catch (SdkException e) {
      throw new IllegalStateException(
          "could not read the secret named by "
              + IngestConfig.TELEGRAM_SECRET_TOKEN_SECRET_ID
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** Accepts everything in memory; only for priming. */
  private static final class PrimingStore implements RawUpdateStore {
    private final Map<String, Boolean> keys = new ConcurrentHashMap<>();

    @Override
    public PutResult putIfAbsent(String key, byte[] body) {
      return keys.putIfAbsent(key, Boolean.TRUE) == null
          ? PutResult.CREATED
          : PutResult.ALREADY_EXISTS;
    }

    @Override
    public String locationOf(String key) {
      return key;
    }

    @Override
    public void recordChatMigration(long newChatId, long fromChatId) {}

    @Override
    public boolean isMigratedChat(long chatId) {
      return false;
    }
  }
}
