package io.tglake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Lambda entry point driven by event fixtures in the real API Gateway v1 / v2 and Function URL
 * shapes.
 */
class WebhookHandlerTest {
  private static final String TOKEN = "s3cr3t-T0ken_for-tests";
  private static final JsonFactory JSON = new JsonFactory();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T14:15:12Z"), ZoneOffset.UTC);

  private final InMemoryRawUpdateStore store = new InMemoryRawUpdateStore();
  private final List<String> log = new CopyOnWriteArrayList<>();

  /**
   * Telegram's published webhook ranges and one of its IPv6 networks, as ALLOWED_SOURCE_CIDRS would
   * carry them.
   */
  private static final String TELEGRAM_CIDRS = "149.154.160.0/20,91.108.4.0/22,2001:67c:4e8::/48";

  private WebhookHandler handler(Set<Long> allowed) {
    return handler(allowed, null);
  }

  private WebhookHandler handler(Set<Long> allowed, String sourceCidrs) {
    IngestConfig config = IngestConfig.fromEnvironment(envWith(sourceCidrs));
    config =
        new IngestConfig(
            config.rawBucket(),
            config.rawPrefix(),
            TOKEN,
            null,
            allowed,
            "sa-east-1",
            null,
            config.allowedSources());
    return new WebhookHandler(config, store, TOKEN, new JsonLog(JSON, log::add), CLOCK);
  }

  private static Map<String, String> envWith(String sourceCidrs) {
    Map<String, String> env =
        new HashMap<>(Map.of("RAW_BUCKET", "raw-bucket", "TELEGRAM_SECRET_TOKEN", TOKEN));
    if (sourceCidrs != null) {
      env.put("ALLOWED_SOURCE_CIDRS", sourceCidrs);
    }
    return env;
  }

  /** Invokes the handler with a fixture and returns the response fields. */
  private Map<String, Object> invoke(WebhookHandler handler, byte[] event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), out, null);
    return readFlat(out.toByteArray());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "apigw-v1-text-message.json, private-text-message.json, 500012345",
    "apigw-v2-edited-message.json, pretty-printed-edited-message.json, 500012347",
    "apigw-v2-base64-callback-query.json, callback-query.json, 500012348",
    "function-url-base64-supergroup-message.json, supergroup-text-message.json, 500012346"
  })
  void storesTheUpdateOfEveryEventShapeByteForByte(String event, String update, long updateId)
      throws IOException {
    Map<String, Object> response = invoke(handler(Set.of()), Fixtures.event(event));
    assertThat(response.get("statusCode")).isEqualTo(200L);
    assertThat(response.get("body")).as("Telegram needs nothing back").isEqualTo("");
    assertThat(response.get("isBase64Encoded")).isEqualTo(false);
    assertThat(store.objects.get("context_date=2026-11-22/" + updateId + ".json"))
        .as("stored bytes equal the body Telegram sent (base64 decoded where the event says so)")
        .isEqualTo(Fixtures.update(update));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "apigw-v2-wrong-secret.json, 403",
    "apigw-v2-missing-secret.json, 401",
    "apigw-v1-no-headers-no-body.json, 401",
    "apigw-v1-get.json, 405",
    "function-url-json-array-body.json, 400"
  })
  void rejectsWithoutStoring(String event, long status) throws IOException {
    Map<String, Object> response = invoke(handler(Set.of()), Fixtures.event(event));
    assertThat(response.get("statusCode")).isEqualTo(status);
    assertThat(store.objects).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "apigw-v1-text-message.json, 91.108.6.71, 500012345",
    "apigw-v2-edited-message.json, 91.108.6.71, 500012347",
    "function-url-base64-supergroup-message.json, 149.154.167.220, 500012346",
    "function-url-ipv6-telegram-source-ip.json, 2001:67c:4e8:f004::9, 500012346"
  })
  void readsTheSourceIpOfEveryEventShapeAndLetsTelegramThrough(
      String event, String sourceIp, long updateId) throws IOException {
    WebhookRequest request =
        new ApiGatewayEvents(JSON)
            .toRequest(new ByteArrayInputStream(Fixtures.event(event)), CLOCK.instant());
    assertThat(request.sourceIp())
        .as("requestContext.identity.sourceIp (v1) / requestContext.http.sourceIp (v2, URL)")
        .isEqualTo(sourceIp);
    assertThat(invoke(handler(Set.of(), TELEGRAM_CIDRS), Fixtures.event(event)).get("statusCode"))
        .isEqualTo(200L);
    assertThat(store.objects).containsOnlyKeys("context_date=2026-11-22/" + updateId + ".json");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "apigw-v1-outside-source-ip.json, 203.0.113.50",
    "apigw-v2-outside-source-ip.json, 198.51.100.23",
    "function-url-ipv6-outside-source-ip.json, 2001:db8:85a3::8a2e:370:7334"
  })
  void refusesACallerOutsideTheAllowListWith403StoringNothingWhateverXForwardedForClaims(
      String event, String sourceIp) throws IOException {
    Map<String, Object> response = invoke(handler(Set.of(), TELEGRAM_CIDRS), Fixtures.event(event));
    assertThat(response.get("statusCode")).isEqualTo(403L);
    assertThat(response.get("body")).isEqualTo("source ip blocked");
    assertThat(store.objects).isEmpty();
    assertThat(log)
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains(
                        "\"outcome\":\"source_ip_blocked\"",
                        "\"status\":403",
                        "\"source_ip\":\"" + sourceIp + "\"",
                        "\"Outcome\":\"source_ip_blocked\""));
    assertThat(invoke(handler(Set.of(), null), Fixtures.event(event)).get("statusCode"))
        .as("the same valid delivery with the list off")
        .isEqualTo(200L);
    assertThat(store.objects).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "apigw-v2-wrong-secret.json, 403, wrong_secret, forbidden",
    "apigw-v2-missing-secret.json, 401, missing_secret, unauthorized",
    "apigw-v1-no-headers-no-body.json, 401, missing_secret, unauthorized"
  })
  void authFailureLogLinesCarryTheSourceIp(String event, long status, String outcome, String metric)
      throws IOException {
    assertThat(invoke(handler(Set.of(), TELEGRAM_CIDRS), Fixtures.event(event)).get("statusCode"))
        .isEqualTo(status);
    assertThat(log)
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains(
                        "\"outcome\":\"" + outcome + "\"",
                        "\"source_ip\":\"91.108.6.71\"",
                        "\"Outcome\":\"" + metric + "\"")
                    .doesNotContain(TOKEN));
  }

  @Test
  void answersGetWithAnAllowHeader() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler(Set.of())
        .handleRequest(new ByteArrayInputStream(Fixtures.event("apigw-v1-get.json")), out, null);
    assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"Allow\":\"POST\"");
  }

  @Test
  void appliesTheAllowListToApiGatewayEvents() throws IOException {
    WebhookHandler h = handler(Set.of(7391200458L));
    assertThat(
            invoke(h, Fixtures.event("function-url-base64-supergroup-message.json"))
                .get("statusCode"))
        .as("other chat: 200, not stored")
        .isEqualTo(200L);
    assertThat(store.objects).isEmpty();
    assertThat(invoke(h, Fixtures.event("apigw-v1-text-message.json")).get("statusCode"))
        .isEqualTo(200L);
    assertThat(store.objects).containsOnlyKeys("context_date=2026-11-22/500012345.json");
  }

  @Test
  void headerNamesAreCaseInsensitiveAndMultiValueHeadersAreRead() throws IOException {
    ApiGatewayEvents events = new ApiGatewayEvents(JSON);
    String v1 =
        "{\"httpMethod\":\"POST\",\"headers\":{\"X-TELEGRAM-BOT-API-SECRET-TOKEN\":\"a\"},"
            + "\"multiValueHeaders\":{\"x-Telegram-Bot-Api-Secret-Token\":[\"b\",\"c\"]},\"body\":\"{}\"}";
    WebhookRequest r = events.toRequest(new ByteArrayInputStream(v1.getBytes()), CLOCK.instant());
    assertThat(r.header("X-Telegram-Bot-Api-Secret-Token"))
        .as("multiValueHeaders wins, first value")
        .hasValue("b");
    assertThat(r.method()).isEqualTo("POST");
    String v2 =
        "{\"version\":\"2.0\",\"headers\":{\"x-telegram-bot-api-secret-token\":\"a\"},"
            + "\"requestContext\":{\"http\":{\"method\":\"post\"}}}";
    WebhookRequest r2 = events.toRequest(new ByteArrayInputStream(v2.getBytes()), CLOCK.instant());
    assertThat(r2.method()).isEqualTo("POST");
    assertThat(r2.body()).as("missing body").isEmpty();
  }

  @Test
  void primingWritesOnlyItsOwnKeyOutsideThePartitionsAndDoesNotLog() {
    WebhookHandler h = handler(Set.of());
    h.prime();
    h.prime();
    assertThat(store.objects)
        .as("synthetic deliveries go to a throw-away store")
        .containsOnlyKeys("_priming/snapstart.json");
    assertThat(store.migrationLookups.get()).as("one marker lookup per priming").isEqualTo(2);
    assertThat(log).isEmpty();
  }

  /** Top-level scalar fields of a JSON object (enough for proxy responses). */
  private static Map<String, Object> readFlat(byte[] json) throws IOException {
    Map<String, Object> map = new HashMap<>();
    try (JsonParser p = JSON.createParser(json)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (t) {
          case VALUE_NUMBER_INT -> map.put(name, p.getLongValue());
          case VALUE_STRING -> map.put(name, p.getText());
          case VALUE_TRUE, VALUE_FALSE -> map.put(name, p.getBooleanValue());
          default -> p.skipChildren();
        }
      }
    }
    return map;
  }
}
