package io.tglake.emr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tglake.contract.LakeLayout;
import io.tglake.ingest.JsonLog;
import io.tglake.ingest.S3RawUpdateStore;
import io.tglake.ingest.TestS3;
import io.tglake.ingest.WebhookRequest;
import io.tglake.ingest.WebhookResponse;
import io.tglake.ingest.WebhookService;
import io.tglake.ingest.WebhookSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Steps 1-4 of {@code emr verify} end to end against local stand-ins: the real webhook service
 * (ingest-lambda's {@link WebhookService} and {@link S3RawUpdateStore}) behind a JDK HTTP server on
 * 127.0.0.1, writing to s3proxy; the check reads raw through a real S3 client; getWebhookInfo comes
 * from a local server answering like Telegram.
 */
class DeployVerifierIT {

  private static final String BUCKET = "tglake-raw-verify";
  private static final String SECRET = "verify-S3cret_token";
  private static final String SECRET_ARN =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:webhook-AbCdEf";
  private static final String BOT_TOKEN = "123456:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T14:15:12Z"), ZoneOffset.UTC);

  @RegisterExtension static final TestS3 S3 = new TestS3(BUCKET);
  private final List<HttpServer> servers = new ArrayList<>();
  private final List<String> serviceLog = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** What the fake Telegram answers to getWebhookInfo, and the paths it was asked. */
  private volatile String webhookInfo;

  private final List<String> telegramPaths = new CopyOnWriteArrayList<>();

  @BeforeEach
  void emptyRaw() {
    rawObjects().forEach(o -> S3.client().deleteObject(r -> r.bucket(BUCKET).key(o.key())));
  }

  @AfterEach
  void stopServers() {
    servers.forEach(s -> s.stop(0));
  }

  @Test
  void postedUpdateLandsInRawByteForByteAndEveryStepSaysWhatItChecked() {
    URI webhook =
        webhookServer(
            new WebhookService(
                new WebhookSettings(SECRET, Set.of(), 1 << 20),
                new S3RawUpdateStore(S3.client(), BUCKET, "telegram"),
                new JsonLog(new JsonFactory(), serviceLog::add),
                new JsonFactory()));
    webhookInfo =
        "{\"ok\":true,\"result\":{\"url\":\""
            + webhook
            + "\",\"has_custom_certificate\":false,"
            + "\"pending_update_count\":0,\"max_connections\":40}}";

    int code = verifier(webhook).run(options(BOT_TOKEN));

    assertThat(code).as("exit code; output:\n" + out()).isZero();
    List<S3Object> stored = rawObjects();
    assertThat(stored).as("exactly one update stored by the real service").hasSize(1);
    String key = stored.get(0).key();
    long updateId =
        Long.parseLong(key.substring(key.lastIndexOf('/') + 1, key.length() - ".json".length()));
    assertThat(key)
        .as("the raw key of LakeLayout for the UTC day of the post")
        .isEqualTo("telegram/" + LakeLayout.rawKey(LocalDate.of(2026, 11, 22), updateId));
    assertThat(updateId)
        .as("synthetic id far above real ones")
        .isGreaterThan(WebhookCheck.SYNTHETIC_ID_BASE - 1);
    String body = S3.client().getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asUtf8String();
    assertThat(body)
        .as("a Telegram message update")
        .startsWith("{\"update_id\":" + updateId + ",\"message\":{")
        .contains("\"chat\":{\"id\":1000000001,\"type\":\"private\"");
    assertThat(out().lines().toList())
        .as("one line per step, in order")
        .containsExactly(
            "ok outputs: stack Tglake has WebhookUrl, RawUri",
            "ok webhook: POST "
                + webhook
                + " with the secret header answered 200 (update_id "
                + updateId
                + ")",
            "ok raw: s3://" + BUCKET + "/" + key + " holds the " + body.length() + " posted bytes",
            "ok telegram: getWebhookInfo url is " + webhook + ", no last_error_message, 0 pending",
            "skip etl, athena: --skip-etl");
    assertThat(telegramPaths)
        .as("the bot token goes in the path only")
        .containsExactly("/bot" + BOT_TOKEN + "/getWebhookInfo");
    assertThat(out())
        .as("the bot token and the secret are never printed")
        .doesNotContain(BOT_TOKEN, SECRET);
  }

  @Test
  void wrongSecretFailsTheWebhookStepWithTheRunbookAndStops() {
    URI webhook =
        webhookServer(
            new WebhookService(
                new WebhookSettings("another-secret", Set.of(), 1 << 20),
                new S3RawUpdateStore(S3.client(), BUCKET, "telegram"),
                new JsonLog(new JsonFactory(), serviceLog::add),
                new JsonFactory()));
    int before = rawObjects().size();

    int code = verifier(webhook).run(options(null));

    assertThat(code).as("exit code; output:\n" + out()).isEqualTo(1);
    assertThat(out().lines().toList())
        .as("stops at the webhook step")
        .containsExactly(
            "ok outputs: stack Tglake has WebhookUrl, RawUri",
            "FAILED webhook: POST "
                + webhook
                + " answered 403 (secret token refused), expected 200 — runbook: "
                + "infra/README.md#verify-webhook");
    assertThat(rawObjects()).as("nothing stored").hasSize(before);
  }

  @Test
  void handlerThatAnswers200ButStoresNothingFailsTheRawStep() {
    // The real service with a chat allow-list that excludes the synthetic chat: 200, deliberately
    // not stored.
    URI webhook =
        webhookServer(
            new WebhookService(
                new WebhookSettings(SECRET, Set.of(-100777L), 1 << 20),
                new S3RawUpdateStore(S3.client(), BUCKET, "telegram"),
                new JsonLog(new JsonFactory(), serviceLog::add),
                new JsonFactory()));

    int code = verifier(webhook).run(options(BOT_TOKEN));

    assertThat(code).as("exit code; output:\n" + out()).isEqualTo(1);
    List<String> lines = out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(2))
        .as("names the key it looked for and the runbook")
        .matches(
            "FAILED raw: the webhook answered 200 but no object is at s3://"
                + BUCKET
                + "/telegram/context_date=2026-11-22/9\\d{12}\\.json .*— runbook: infra/README.md#verify-raw");
  }

  @Test
  void objectWithOtherBytesFailsTheRawStep() {
    // A handler that answers 200 and stores something else under the right key (e.g. a
    // re-serialized update).
    URI webhook =
        server(
            "/telegram/webhook",
            exchange -> {
              String json =
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
              String id = json.substring("{\"update_id\":".length(), json.indexOf(','));
              S3.client()
                  .putObject(
                      r -> r.bucket(BUCKET).key("telegram/context_date=2026-11-22/" + id + ".json"),
                      RequestBody.fromString(json.replace(" ", "")));
              exchange.sendResponseHeaders(200, -1);
              exchange.close();
            });

    int code = verifier(webhook).run(options(null));

    assertThat(code).as("exit code; output:\n" + out()).isEqualTo(1);
    assertThat(out())
        .containsPattern(
            "FAILED raw: s3://"
                + BUCKET
                + "/telegram/context_date=2026-11-22/9\\d{12}"
                + "\\.json holds \\d+ bytes that differ from the \\d+ posted — runbook: infra/README.md#verify-raw");
  }

  @Test
  void webhookInfoWithAnotherUrlOrADeliveryErrorFailsTheTelegramStep() {
    URI webhook =
        webhookServer(
            new WebhookService(
                new WebhookSettings(SECRET, Set.of(), 1 << 20),
                new S3RawUpdateStore(S3.client(), BUCKET, "telegram"),
                new JsonLog(new JsonFactory(), serviceLog::add),
                new JsonFactory()));
    webhookInfo =
        "{\"ok\":true,\"result\":{\"url\":\"https://old.example/hook\",\"pending_update_count\":3}}";

    assertThat(verifier(webhook).run(options(BOT_TOKEN))).as("output:\n" + out()).isEqualTo(1);
    assertThat(out())
        .contains(
            "FAILED telegram: the bot's webhook is 'https://old.example/hook', not this stack's "
                + webhook
                + " (run setWebhook) — runbook: infra/README.md#verify-telegram");

    out.reset();
    webhookInfo =
        "{\"ok\":true,\"result\":{\"url\":\""
            + webhook
            + "\",\"pending_update_count\":3,"
            + "\"last_error_date\":1764000000,\"last_error_message\":\"Wrong response from the webhook: 403 Forbidden\"}}";
    assertThat(verifier(webhook).run(options(BOT_TOKEN))).as("output:\n" + out()).isEqualTo(1);
    assertThat(out())
        .contains(
            "FAILED telegram: Telegram reports a delivery error: Wrong response from the "
                + "webhook: 403 Forbidden — runbook: infra/README.md#verify-telegram");

    out.reset();
    webhookInfo = "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}";
    assertThat(verifier(webhook).run(options(BOT_TOKEN))).as("output:\n" + out()).isEqualTo(1);
    assertThat(out())
        .contains("FAILED telegram: getWebhookInfo answered 200 Unauthorized")
        .doesNotContain(BOT_TOKEN);
  }

  private DeployVerifier.Options options(String botToken) {
    return new DeployVerifier.Options(
        "Tglake", null, botToken, 1000000001L, true, Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  private DeployVerifier verifier(URI webhook) {
    URI telegram =
        server(
            "/",
            exchange -> {
              telegramPaths.add(exchange.getRequestURI().getPath());
              byte[] answer = webhookInfo.getBytes(StandardCharsets.UTF_8);
              exchange.sendResponseHeaders(200, answer.length);
              exchange.getResponseBody().write(answer);
              exchange.close();
            });
    Map<String, String> outputs =
        Map.of(
            "WebhookUrl",
            webhook.toString(),
            "RawUri",
            "s3://" + BUCKET + "/telegram",
            "WebhookSecretArn",
            SECRET_ARN);
    DeployVerifier.Clouds clouds =
        new DeployVerifier.Clouds(
            name -> outputs,
            id -> id.equals(SECRET_ARN) ? SECRET : "not-this-one",
            S3.client(),
            () -> {
              throw new AssertionError("--skip-etl: no EMR");
            },
            (sql, wg, db) -> {
              throw new AssertionError("--skip-etl: no Athena");
            },
            HttpClient.newHttpClient(),
            URI.create(telegram.toString().replaceAll("/$", "")));
    return new DeployVerifier(
        clouds, CLOCK, d -> {}, new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  /**
   * The real webhook service behind a JDK HTTP server, as API Gateway + the Lambda would run it.
   */
  private URI webhookServer(WebhookService service) {
    return server(
        "/telegram/webhook",
        exchange -> {
          Map<String, List<String>> headers = new TreeMap<>();
          exchange
              .getRequestHeaders()
              .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
          WebhookRequest request =
              new WebhookRequest(
                  exchange.getRequestMethod(),
                  headers,
                  exchange.getRequestBody().readAllBytes(),
                  CLOCK.instant());
          WebhookResponse response = WebhookResponse.of(service.handle(request));
          exchange.getResponseHeaders().set("Content-Type", response.contentType());
          exchange.sendResponseHeaders(
              response.status(), response.body().length == 0 ? -1 : response.body().length);
          if (response.body().length > 0) {
            exchange.getResponseBody().write(response.body());
          }
          exchange.close();
        });
  }

  private URI server(String path, Handler handler) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          path,
          exchange -> {
            try {
              handler.handle(exchange);
            } catch (RuntimeException e) {
              exchange.sendResponseHeaders(500, -1);
              exchange.close();
              throw e;
            }
          });
      server.start();
      servers.add(server);
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @FunctionalInterface
  private interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  private static List<S3Object> rawObjects() {
    ListObjectsV2Response list =
        S3.client().listObjectsV2(r -> r.bucket(BUCKET).prefix("telegram/"));
    return list.contents();
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }
}
