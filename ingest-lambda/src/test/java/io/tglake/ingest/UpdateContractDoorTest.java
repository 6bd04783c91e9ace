package io.tglake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import io.tglake.contract.UpdateRules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The webhook's half of {@link UpdateRules}: whatever it answers 200 for, the ETL loads; so a body
 * the ETL would quarantine is a 400 here and nothing is stored. The ETL's half is spark-etl's
 * UpdateGateTest; both are held together by the parity test there.
 */
class UpdateContractDoorTest {
  private static final String TOKEN = "s3cr3t-T0ken_for-tests";
  private static final Instant NOON = Instant.parse("2026-11-22T12:00:00Z");
  private static final JsonFactory JSON = new JsonFactory();
  private static final String UPDATE =
      "{\"update_id\":3009,\"message\":{\"message_id\":77,\"chat\":{\"id\":5,"
          + "\"type\":\"private\"},\"text\":\"olá 👋\"}}";

  private final InMemoryRawUpdateStore store = new InMemoryRawUpdateStore();
  private final List<String> log = new CopyOnWriteArrayList<>();

  private WebhookService service() {
    return new WebhookService(
        new WebhookSettings(TOKEN, Set.of(), 1024 * 1024),
        store,
        new JsonLog(JSON, log::add),
        JSON);
  }

  private WebhookOutcome post(byte[] body) {
    return service()
        .handle(
            new WebhookRequest(
                "POST", Map.of(WebhookRequest.SECRET_TOKEN_HEADER, List.of(TOKEN)), body, NOON));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "UTF-8 with BOM, body starts with a byte-order mark (only UTF-8 without BOM)",
    "UTF-16 with BOM, body starts with a byte-order mark (only UTF-8 without BOM)",
    "UTF-16LE without BOM, body contains a NUL byte (UTF-16/UTF-32 text? only UTF-8)",
    "UTF-32 without BOM, body contains a NUL byte (UTF-16/UTF-32 text? only UTF-8)"
  })
  void refusesEveryEncodingButUtf8WithoutBomWith400AndStoresNothing(
      String encoding, String reason) {
    WebhookOutcome o = post(encode(UPDATE, encoding));
    assertThat(o.status())
        .as("the ETL quarantines %s, so the door must not answer 200", encoding)
        .isEqualTo(400);
    assertThat(o.reason()).isEqualTo(reason);
    assertThat(store.objects).as("nothing stored").isEmpty();
  }

  @Test
  void acceptsPlainUtf8() {
    assertThat(post(UPDATE.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
    assertThat(store.objects).containsOnlyKeys("context_date=2026-11-22/3009.json");
  }

  @Test
  void refusesInvalidUtf8InsideAString() {
    byte[] body = UPDATE.getBytes(StandardCharsets.UTF_8);
    int at = UPDATE.indexOf("olá") + 2; // the first byte of 'á'
    body[at] = (byte) 0xC3;
    body[at + 1] = (byte) 0x28; // not a continuation byte
    WebhookOutcome o = post(body);
    assertThat(o.status()).isEqualTo(400);
    assertThat(o.reason()).isEqualTo(UpdateRules.NOT_UTF8);
  }

  @Test
  void acceptsTheDeepestAllowedNestingAndRefusesOneLevelMore() {
    assertThat(post(nested(UpdateRules.MAX_DEPTH)).status())
        .as("depth %d, the update counting as 1", UpdateRules.MAX_DEPTH)
        .isEqualTo(200);
    WebhookOutcome deeper = post(nested(UpdateRules.MAX_DEPTH + 1));
    assertThat(deeper.status()).isEqualTo(400);
    assertThat(deeper.reason()).isEqualTo(UpdateRules.TOO_DEEP);
    WebhookOutcome probe = post(nested(999));
    assertThat(probe.status())
        .as("the probe's 999-deep body (Jackson's default limit is 1000)")
        .isEqualTo(400);
    assertThat(store.objects).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"update_id\":3009,\"update_id\":3010}",
        "{\"update_id\":3009,\"message\":{\"text\":\"a\",\"text\":\"b\"}}",
        "{\"update_id\":3009,\"Update_ID\":1}"
      })
  void refusesDuplicateKeysAtAnyLevelComparedCaseInsensitively(String body) {
    WebhookOutcome o = post(body.getBytes(StandardCharsets.UTF_8));
    assertThat(o.status()).as("readers disagree on which duplicate wins").isEqualTo(400);
    assertThat(o.reason()).startsWith(UpdateRules.DUPLICATE_KEY);
    assertThat(store.objects).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"update_id\":3009}\\n{\"update_id\":3010}|more than one JSON value in the body",
        "{\"update_id\":3009} []|more than one JSON value in the body",
        "{\"update_id\":3009} x|trailing content after the JSON object",
        "{\"update_id\":\"3009\"}|update_id is not a 64-bit integer",
        "{\"update_id\":9223372036854775808}|update_id is not a 64-bit integer",
        "[{\"update_id\":3009}]|body is not a JSON object"
      })
  void refusesWhatIsNotExactlyOneUpdateObject(String body, String reason) {
    WebhookOutcome o = post(body.replace("\\n", "\n").getBytes(StandardCharsets.UTF_8));
    assertThat(o.status()).isEqualTo(400);
    assertThat(o.reason()).isEqualTo(reason);
    assertThat(store.objects).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "right-then-wrong, s3cr3t-T0ken_for-tests, wrong",
    "wrong-then-right, wrong, s3cr3t-T0ken_for-tests",
    "right-twice, s3cr3t-T0ken_for-tests, s3cr3t-T0ken_for-tests"
  })
  void refusesTwoSecretTokenHeadersOnApiGatewayV1WhateverTheirOrder(
      String name, String first, String second) throws IOException {
    // Payload 1.0: multiValueHeaders carries every value, headers the last one.
    String event =
        "{\"httpMethod\":\"POST\",\"headers\":{\"X-Telegram-Bot-Api-Secret-Token\":\""
            + second
            + "\"},"
            + "\"multiValueHeaders\":{\"X-Telegram-Bot-Api-Secret-Token\":[\""
            + first
            + "\",\""
            + second
            + "\"]},"
            + "\"body\":"
            + quoted(UPDATE)
            + ",\"isBase64Encoded\":false}";
    assertThat(invokeHandler(event))
        .as("%s: one secret header or none, never a choice", name)
        .isEqualTo(403L);
    assertThat(store.objects).isEmpty();
  }

  @Test
  void refusesTwoSecretTokenHeadersOnApiGatewayV2WhichJoinsThemWithAComma() throws IOException {
    // Payload 2.0 (HTTP API, Function URL): "Duplicate headers are combined with commas" (API
    // Gateway guide).
    String event =
        "{\"version\":\"2.0\",\"headers\":{\"x-telegram-bot-api-secret-token\":\""
            + TOKEN
            + ","
            + TOKEN
            + "\"},\"requestContext\":{\"http\":{\"method\":\"POST\"}},\"body\":\""
            + Base64.getEncoder().encodeToString(UPDATE.getBytes(StandardCharsets.UTF_8))
            + "\",\"isBase64Encoded\":true}";
    assertThat(invokeHandler(event)).isEqualTo(403L);
    assertThat(store.objects).isEmpty();
  }

  @Test
  void refusesEveryForeignEncodingThroughTheLambdaHandlerToo() throws IOException {
    for (String encoding :
        List.of(
            "UTF-8 with BOM", "UTF-16 with BOM", "UTF-16LE without BOM", "UTF-32 without BOM")) {
      String event =
          "{\"version\":\"2.0\",\"headers\":{\"x-telegram-bot-api-secret-token\":\""
              + TOKEN
              + "\"},\"requestContext\":{\"http\":{\"method\":\"POST\"}},\"body\":\""
              + Base64.getEncoder().encodeToString(encode(UPDATE, encoding))
              + "\",\"isBase64Encoded\":true}";
      assertThat(invokeHandler(event)).as(encoding).isEqualTo(400L);
    }
    assertThat(store.objects).isEmpty();
  }

  private long invokeHandler(String event) throws IOException {
    IngestConfig config =
        IngestConfig.fromEnvironment(
            Map.of("RAW_BUCKET", "raw-bucket", "TELEGRAM_SECRET_TOKEN", TOKEN));
    config =
        new IngestConfig(
            config.rawBucket(),
            config.rawPrefix(),
            TOKEN,
            null,
            Set.of(),
            "sa-east-1",
            null,
            config.allowedSources());
    WebhookHandler handler =
        new WebhookHandler(
            config, store, TOKEN, new JsonLog(JSON, log::add), Clock.fixed(NOON, ZoneOffset.UTC));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(out.toByteArray())
        .get("statusCode")
        .asLong();
  }

  /**
   * The update in one of the probe's four foreign encodings (Java's UTF-16 writes a big-endian
   * BOM).
   */
  static byte[] encode(String json, String encoding) {
    return switch (encoding) {
      case "UTF-8 with BOM" ->
          concat(
              new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
              json.getBytes(StandardCharsets.UTF_8));
      case "UTF-16 with BOM" -> json.getBytes(StandardCharsets.UTF_16);
      case "UTF-16LE without BOM" -> json.getBytes(StandardCharsets.UTF_16LE);
      case "UTF-32 without BOM" -> json.getBytes(Charset.forName("UTF-32"));
      default -> throw new IllegalArgumentException(encoding);
    };
  }

  /**
   * An update whose deepest value sits {@code depth} containers deep (the update object is level
   * 1).
   */
  static byte[] nested(int depth) {
    return ("{\"update_id\":3009,\"x\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
