package io.tglake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tglake.ingest.relay.BotRelay;
import io.tglake.ingest.relay.RelaySettings;
import io.tglake.ingest.relay.StandIn;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Bot API pass-through through the Lambda handler (HTTP API 2.0 events), with a local stand-in
 * for api.telegram.org and a real local-directory lake: forwarded untouched, recorded exactly,
 * refused for other bots and malformed paths, never to another host, and the token nowhere in the
 * lake or the log.
 */
class BotApiPassThroughIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-22T10:15:31.250Z");
  private static final long BOT_ID = 6123456789L;
  private static final String TOKEN = BOT_ID + ":AAE-s3cr3tT0kenPart_xyz0123456789abcdEF";
  private static final String SENT =
      "{\"ok\":true,\"result\":{\"message_id\":2044,\"from\":{\"id\":6123456789,"
          + "\"is_bot\":true,\"first_name\":\"Suporte\"},\"chat\":{\"id\":7391200458,\"type\":\"private\"},"
          + "\"date\":1795400113,\"text\":\"Oi! Já vejo.\"}}";

  @TempDir Path dir;
  private StandIn telegram;
  private StandIn elsewhere;
  private final List<String> log = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    telegram =
        new StandIn(StandIn.with(200, "application/json", SENT.getBytes(StandardCharsets.UTF_8)));
    elsewhere =
        new StandIn(
            StandIn.with(
                200, "application/json", "{\"ok\":true}".getBytes(StandardCharsets.UTF_8)));
  }

  @AfterEach
  void stop() {
    telegram.close();
    elsewhere.close();
  }

  private WebhookHandler handler(URI upstream, Set<Long> allowedBots) {
    IngestConfig config =
        new IngestConfig(
            "raw-bucket", "telegram", "hook-secret", null, Set.of(), "sa-east-1", null, null);
    RelaySettings relay =
        new RelaySettings(
            null,
            null,
            RelaySettings.DEFAULT_RELAY_TIMEOUT,
            null,
            "outgoing",
            allowedBots,
            upstream,
            Duration.ofSeconds(5));
    return new WebhookHandler(
        config,
        new LocalDirRawUpdateStore(dir.resolve("telegram")),
        "hook-secret",
        new JsonLog(new com.fasterxml.jackson.core.JsonFactory(), log::add),
        Clock.fixed(NOW, ZoneOffset.UTC),
        relay,
        new LocalDirRawUpdateStore(dir.resolve("outgoing")),
        BotRelay.newHttpClient(Duration.ofSeconds(2)));
  }

  private WebhookHandler handler() {
    return handler(telegram.url(""), Set.of(BOT_ID));
  }

  /** Calls the handler with an HTTP API 2.0 event and returns the proxy response. */
  private static JsonNode call(
      WebhookHandler h,
      String method,
      String path,
      String query,
      String contentType,
      byte[] body,
      String host)
      throws IOException {
    ObjectNode event = MAPPER.createObjectNode();
    event.put("version", "2.0");
    event.put("rawPath", path);
    event.put("rawQueryString", query == null ? "" : query);
    ObjectNode headers = event.putObject("headers");
    headers.put("host", host);
    if (contentType != null) {
      headers.put("content-type", contentType);
    }
    ObjectNode http = event.putObject("requestContext").putObject("http");
    http.put("method", method);
    http.put("sourceIp", "203.0.113.9");
    event.put("body", Base64.getEncoder().encodeToString(body));
    event.put("isBase64Encoded", true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    h.handleRequest(new ByteArrayInputStream(MAPPER.writeValueAsBytes(event)), out, null);
    return MAPPER.readTree(out.toByteArray());
  }

  private static String bodyOf(JsonNode response) {
    return response.path("isBase64Encoded").asBoolean()
        ? new String(
            Base64.getDecoder().decode(response.path("body").asText()), StandardCharsets.UTF_8)
        : response.path("body").asText();
  }

  private List<Path> lakeFiles() throws IOException {
    List<Path> all = new ArrayList<>();
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        s.filter(Files::isRegularFile).forEach(all::add);
      }
    }
    all.sort(null);
    return all;
  }

  private static String sha256(String method, byte[] body, String resultId) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    d.update(method.getBytes(StandardCharsets.UTF_8));
    d.update((byte) 0);
    d.update((byte) 0);
    d.update(body);
    d.update((byte) 0);
    d.update(resultId.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(d.digest());
  }

  @Test
  void forwardsSendMessageUntouchedAndRecordsRequestAndResult() throws Exception {
    byte[] body =
        "{\"chat_id\":7391200458,\"text\":\"Oi! Já vejo.\",\"reply_to_message_id\":1012}"
            .getBytes(StandardCharsets.UTF_8);
    JsonNode r =
        call(
            handler(),
            "POST",
            "/bot" + TOKEN + "/sendMessage",
            null,
            "application/json",
            body,
            "tglake.example");

    assertThat(r.path("statusCode").asInt()).isEqualTo(200);
    assertThat(r.path("headers").path("Content-Type").asText()).isEqualTo("application/json");
    assertThat(bodyOf(r)).as("Telegram's answer untouched").isEqualTo(SENT);
    assertThat(telegram.received).hasSize(1);
    assertThat(telegram.received.get(0).pathAndQuery()).isEqualTo("/bot" + TOKEN + "/sendMessage");
    assertThat(telegram.received.get(0).body()).as("exact request bytes").isEqualTo(body);
    String key =
        "outgoing/context_date=2026-11-22/api-"
            + BOT_ID
            + "-"
            + sha256("sendMessage", body, "2044/")
            + ".json";
    assertThat(lakeFiles()).containsExactly(dir.resolve(key));
    assertThat(Files.readString(dir.resolve(key)))
        .isEqualTo(
            "{\"record_version\":1,\"source\":\"bot_api\","
                + "\"bot_id\":6123456789,\"method\":\"sendMessage\",\"in_response_to_update_id\":null,"
                + "\"captured_at\":\"2026-11-22T10:15:31.250Z\","
                + "\"request\":{\"chat_id\":7391200458,\"text\":\"Oi! Já vejo.\",\"reply_to_message_id\":1012},\"ok\":true,"
                + "\"result\":{\"message_id\":2044,\"from\":{\"id\":6123456789,\"is_bot\":true,\"first_name\":\"Suporte\"},"
                + "\"chat\":{\"id\":7391200458,\"type\":\"private\"},\"date\":1795400113,\"text\":\"Oi! Já vejo.\"},"
                + "\"error_code\":null,\"description\":null}");

    call(
        handler(),
        "POST",
        "/bot" + TOKEN + "/sendMessage",
        null,
        "application/json",
        body,
        "tglake.example");
    assertThat(lakeFiles())
        .as("an identical retried call does not create a second record")
        .hasSize(1);
  }

  @Test
  void methodsThatSendNothingAreForwardedButNotRecorded() throws IOException {
    telegram.answer =
        StandIn.with(
            200,
            "application/json",
            "{\"ok\":true,\"result\":{\"id\":6123456789,\"is_bot\":true}}"
                .getBytes(StandardCharsets.UTF_8));
    JsonNode r = call(handler(), "GET", "/bot" + TOKEN + "/getMe", null, null, new byte[0], "h");
    assertThat(r.path("statusCode").asInt()).isEqualTo(200);
    assertThat(telegram.received).extracting(StandIn.Received::method).containsExactly("GET");
    assertThat(lakeFiles()).isEmpty();
  }

  @Test
  void telegramErrorsArePassedOnAndRecordedWithTheirCode() throws Exception {
    String error =
        "{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was blocked by the user\"}";
    telegram.answer = StandIn.with(403, "application/json", error.getBytes(StandardCharsets.UTF_8));
    byte[] body = "chat_id=42&text=ol%C3%A1".getBytes(StandardCharsets.UTF_8);
    JsonNode r =
        call(
            handler(),
            "POST",
            "/bot" + TOKEN + "/sendMessage",
            null,
            "application/x-www-form-urlencoded",
            body,
            "h");
    assertThat(r.path("statusCode").asInt()).isEqualTo(403);
    assertThat(bodyOf(r)).isEqualTo(error);
    Path rec =
        dir.resolve(
            "outgoing/context_date=2026-11-22/api-"
                + BOT_ID
                + "-"
                + sha256("sendMessage", body, "")
                + ".json");
    assertThat(Files.readString(rec))
        .isEqualTo(
            "{\"record_version\":1,\"source\":\"bot_api\",\"bot_id\":6123456789,"
                + "\"method\":\"sendMessage\",\"in_response_to_update_id\":null,\"captured_at\":\"2026-11-22T10:15:31.250Z\","
                + "\"request\":{\"chat_id\":\"42\",\"text\":\"olá\"},\"ok\":false,\"result\":null,\"error_code\":403,"
                + "\"description\":\"Forbidden: bot was blocked by the user\"}");
  }

  @Test
  void multipartUploadsAreForwardedWholeAndRecordedWithoutTheFile() throws Exception {
    byte[] photo = new byte[300_000];
    new java.util.Random(7).nextBytes(photo);
    String boundary = "----tglakeBoundary42";
    ByteArrayOutputStream mp = new ByteArrayOutputStream();
    mp.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\n7391200458\r\n"
                + "--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nSeu comprovante\r\n"
                + "--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"c.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    mp.write(photo);
    mp.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    byte[] body = mp.toByteArray();
    JsonNode r =
        call(
            handler(),
            "POST",
            "/bot" + TOKEN + "/sendPhoto",
            null,
            "multipart/form-data; boundary=" + boundary,
            body,
            "h");
    assertThat(r.path("statusCode").asInt()).isEqualTo(200);
    assertThat(telegram.received.get(0).body())
        .as("the upload reaches Telegram byte for byte")
        .isEqualTo(body);
    Path rec =
        dir.resolve(
            "outgoing/context_date=2026-11-22/api-"
                + BOT_ID
                + "-"
                + sha256("sendPhoto", body, "2044/")
                + ".json");
    JsonNode request = MAPPER.readTree(rec.toFile()).path("request");
    assertThat(request.toString())
        .as("text fields kept, the file replaced by its name and size")
        .isEqualTo(
            "{\"chat_id\":\"7391200458\",\"caption\":\"Seu comprovante\","
                + "\"photo\":{\"file\":\"photo\",\"size\":300000}}");
    assertThat(Files.size(rec)).as("no file bytes in the record").isLessThan(2_000);
  }

  @Test
  void refusesBotsOutsideTheAllowListWithoutForwarding() throws IOException {
    String other = "5000000001:AAHotherBotsTokenxxxxxxxxxxxxxxxxxx";
    JsonNode r =
        call(
            handler(),
            "POST",
            "/bot" + other + "/sendMessage",
            null,
            "application/json",
            "{\"chat_id\":1,\"text\":\"x\"}".getBytes(StandardCharsets.UTF_8),
            "h");
    assertThat(r.path("statusCode").asInt()).isEqualTo(403);
    assertThat(telegram.received).as("never forwarded").isEmpty();
    assertThat(lakeFiles()).isEmpty();
    assertThat(log).anyMatch(l -> l.contains("\"Outcome\":\"refused_bot\""));
  }

  @Test
  void neverCallsAnyHostButTheConfiguredOne() throws IOException {
    String evil = elsewhere.url("").getAuthority();
    byte[] body = "{\"chat_id\":1,\"text\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    List<String> paths =
        List.of(
            "/bot" + TOKEN + "@" + evil + "/sendMessage",
            "/bot" + TOKEN + "/sendMessage/../../x",
            "/bot" + TOKEN + "/..%2F..%2Fsend",
            "/bot" + TOKEN + "//" + evil + "/sendMessage",
            "/bot" + BOT_ID + ":x@" + evil + "/sendMessage",
            "/bot/sendMessage",
            "/botabc:def/sendMessage");
    for (String p : paths) {
      JsonNode r = call(handler(), "POST", p, null, "application/json", body, evil);
      assertThat(r.path("statusCode").asInt()).as(p).isEqualTo(404);
    }
    JsonNode q =
        call(
            handler(),
            "POST",
            "/bot" + TOKEN + "/sendMessage",
            "a=1#@" + evil,
            "application/json",
            body,
            evil);
    assertThat(q.path("statusCode").asInt()).as("a fragment in the query").isEqualTo(404);
    JsonNode ok =
        call(
            handler(),
            "POST",
            "/bot" + TOKEN + "/sendMessage",
            null,
            "application/json",
            body,
            evil);
    assertThat(ok.path("statusCode").asInt()).as("Host header is ignored").isEqualTo(200);
    assertThat(elsewhere.received).as("no request ever reached another host").isEmpty();
    assertThat(telegram.received).as("only the well-formed call").hasSize(1);
  }

  @Test
  void upstreamDownIs502AndLogsNoToken() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    JsonNode r =
        call(
            handler(URI.create("http://127.0.0.1:" + closed), Set.of(BOT_ID)),
            "POST",
            "/bot" + TOKEN + "/sendMessage",
            null,
            "application/json",
            "{}".getBytes(StandardCharsets.UTF_8),
            "h");
    assertThat(r.path("statusCode").asInt()).isEqualTo(502);
    assertThat(log)
        .anyMatch(
            l ->
                l.contains("\"Outcome\":\"upstream_error\"") && l.contains("\"BotApiRequests\":1"));
    assertTokenNowhere();
  }

  @Test
  void theTokenIsNeverWrittenToTheLakeOrTheLog() throws IOException {
    forwardsSendMessageUntouchedAndRecordsRequestAndResultQuietly();
    assertThat(log).as("a log line per call").hasSizeGreaterThanOrEqualTo(2);
    assertThat(lakeFiles()).isNotEmpty();
    assertTokenNowhere();
  }

  private void forwardsSendMessageUntouchedAndRecordsRequestAndResultQuietly() throws IOException {
    byte[] body = "{\"chat_id\":1,\"text\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    call(
        handler(),
        "POST",
        "/bot" + TOKEN + "/sendMessage",
        "disable_notification=true",
        "application/json",
        body,
        "h");
    call(
        handler(), "POST", "/bot" + TOKEN + "/sendMessage/..", null, "application/json", body, "h");
    call(handler(), "GET", "/bot" + TOKEN + "/getMe", null, null, new byte[0], "h");
  }

  private void assertTokenNowhere() throws IOException {
    String secretPart = TOKEN.substring(TOKEN.indexOf(':') + 1);
    for (Path f : lakeFiles()) {
      assertThat(dir.relativize(f).toString()).doesNotContain(secretPart);
      assertThat(Files.readString(f, StandardCharsets.ISO_8859_1))
          .as(f.toString())
          .doesNotContain(secretPart);
    }
    for (String line : log) {
      assertThat(line).doesNotContain(secretPart);
    }
  }
}
