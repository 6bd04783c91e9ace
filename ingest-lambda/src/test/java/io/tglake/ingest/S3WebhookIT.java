package io.tglake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import io.tglake.testkit.FaultProxy;
import io.tglake.testkit.FaultProxy.Mode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The Lambda handler against a real S3-compatible server (s3proxy on 127.0.0.1), reached through a
 * fault-injecting proxy: exact keys and bytes, create-only redelivery, and 5xx on outages followed
 * by a successful retry.
 */
class S3WebhookIT {
  private static final String BUCKET = "tglake-raw";
  private static final String TOKEN = "s3cr3t-T0ken_for-tests";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T14:15:12Z"), ZoneOffset.UTC);
  private static final JsonFactory JSON = new JsonFactory();

  @RegisterExtension static final TestS3 S3 = new TestS3(BUCKET);
  private static FaultProxy proxy;
  private static S3Client clientViaProxy;
  private final List<String> log = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    proxy = new FaultProxy(S3.server().port());
    // One write and delete through the proxy first, with a generous budget: a cold JVM's first
    // request (class loading
    // in s3proxy, the proxy and the SDK) can outlast the 2 s budget below on a loaded machine, and
    // is not what any
    // test here is about.
    try (S3Client warm = TestS3.clientFor(URI.create(proxy.endpoint()), Duration.ofSeconds(60))) {
      warm.putObject(r -> r.bucket(BUCKET).key("warm-up"), RequestBody.fromString("{}"));
      warm.deleteObject(r -> r.bucket(BUCKET).key("warm-up"));
    }
    // Short budget so that "slow" turns into a 5xx quickly; production uses
    // WebhookHandler.S3_CALL_TIMEOUT.
    clientViaProxy = TestS3.clientFor(URI.create(proxy.endpoint()), Duration.ofSeconds(2));
  }

  @AfterAll
  static void stop() throws Exception {
    clientViaProxy.close();
    proxy.close();
  }

  @AfterEach
  void heal() {
    proxy.mode(Mode.PASS);
  }

  private WebhookHandler handler(Set<Long> allowed) {
    IngestConfig config =
        new IngestConfig(
            BUCKET,
            "telegram",
            TOKEN,
            null,
            allowed,
            "us-east-1",
            URI.create(proxy.endpoint()),
            null);
    return new WebhookHandler(
        config,
        new S3RawUpdateStore(clientViaProxy, BUCKET, "telegram"),
        TOKEN,
        new JsonLog(JSON, log::add),
        CLOCK);
  }

  private static int invoke(WebhookHandler handler, byte[] event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), out, null);
    String response = out.toString(StandardCharsets.UTF_8);
    int at = response.indexOf("\"statusCode\":") + "\"statusCode\":".length();
    return Integer.parseInt(response.substring(at, at + 3));
  }

  /** An HTTP API (2.0) event carrying a small private-chat message with the given update_id. */
  private static byte[] event(long updateId) {
    String body =
        "{\"update_id\":"
            + updateId
            + ",\"message\":{\"message_id\":5,\"from\":{\"id\":42,\"is_bot\":false,"
            + "\"first_name\":\"Ana\"},\"chat\":{\"id\":42,\"first_name\":\"Ana\",\"type\":\"private\"},\"date\":1795400112,"
            + "\"text\":\"Preciso de ajuda\"}}";
    return ("{\"version\":\"2.0\",\"headers\":{\"x-telegram-bot-api-secret-token\":\""
            + TOKEN
            + "\"},"
            + "\"requestContext\":{\"http\":{\"method\":\"POST\"}},\"body\":\""
            + body.replace("\"", "\\\"")
            + "\",\"isBase64Encoded\":false}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String expectedBody(long updateId) {
    return "{\"update_id\":"
        + updateId
        + ",\"message\":{\"message_id\":5,\"from\":{\"id\":42,\"is_bot\":false,"
        + "\"first_name\":\"Ana\"},\"chat\":{\"id\":42,\"first_name\":\"Ana\",\"type\":\"private\"},\"date\":1795400112,"
        + "\"text\":\"Preciso de ajuda\"}}";
  }

  private static String key(long updateId) {
    return "telegram/context_date=2026-11-22/" + updateId + ".json";
  }

  private static List<String> keysStartingWith(String prefix) {
    return S3.client().listObjectsV2(r -> r.bucket(BUCKET).prefix(prefix)).contents().stream()
        .map(o -> o.key())
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "apigw-v1-text-message.json, private-text-message.json, 500012345",
    "apigw-v2-edited-message.json, pretty-printed-edited-message.json, 500012347",
    "apigw-v2-base64-callback-query.json, callback-query.json, 500012348",
    "function-url-base64-supergroup-message.json, supergroup-text-message.json, 500012346"
  })
  void storesEachEventShapeUnderItsKeyByteForByteAsJson(String event, String update, long updateId)
      throws IOException {
    assertThat(invoke(handler(Set.of()), Fixtures.event(event))).as("log: %s", log).isEqualTo(200);
    ResponseBytes<GetObjectResponse> stored =
        S3.client().getObjectAsBytes(r -> r.bucket(BUCKET).key(key(updateId)));
    assertThat(stored.asByteArray())
        .as("bytes exactly as Telegram sent them")
        .isEqualTo(Fixtures.update(update));
    assertThat(stored.response().contentType()).isEqualTo("application/json");
  }

  @Test
  void aRedeliveryIsAnsweredOkAndStoredOnce() throws IOException {
    WebhookHandler h = handler(Set.of());
    assertThat(invoke(h, event(600000001L))).as("log: %s", log).isEqualTo(200);
    assertThat(invoke(handler(Set.of()), event(600000001L)))
        .as("another instance, same update")
        .isEqualTo(200);
    assertThat(keysStartingWith(key(600000001L))).hasSize(1);
    assertThat(log)
        .anyMatch(l -> l.contains("\"outcome\":\"stored\""))
        .anyMatch(l -> l.contains("\"outcome\":\"duplicate\""));
  }

  @Test
  void serverDownIsA5xxAndTheRetriedDeliverySucceedsOnce() throws IOException {
    assertRetriedDeliveryAfter(Mode.DOWN, 600000002L);
  }

  @Test
  void server500IsA5xxAndTheRetriedDeliverySucceedsOnce() throws IOException {
    assertRetriedDeliveryAfter(Mode.FAIL_500, 600000003L);
  }

  @Test
  void conditionalRequestConflictIsA5xxAndTheRetriedDeliverySucceedsOnce() throws IOException {
    assertRetriedDeliveryAfter(Mode.CONFLICT_409, 600000004L);
  }

  @Test
  void aSlowServerIsA5xxAndTheRetriedDeliverySucceedsOnce()
      throws IOException, InterruptedException {
    assertRetriedDeliveryAfter(Mode.SLOW, 600000005L);
  }

  private void assertRetriedDeliveryAfter(Mode fault, long updateId) throws IOException {
    WebhookHandler h = handler(Set.of());
    proxy.mode(fault);
    assertThat(invoke(h, event(updateId)))
        .as("storage %s: Telegram must retry", fault)
        .isEqualTo(503);
    assertThat(log)
        .last()
        .asString()
        .contains("\"outcome\":\"storage_failed\"")
        .contains("\"update_id\":" + updateId);
    proxy.mode(Mode.PASS);
    assertThat(invoke(h, event(updateId)))
        .as("Telegram's retry after %s; log: %s", fault, log)
        .isEqualTo(200);
    assertThat(keysStartingWith(key(updateId)))
        .as("exactly one object")
        .containsExactly(key(updateId));
    assertThat(
            S3.client().getObjectAsBytes(r -> r.bucket(BUCKET).key(key(updateId))).asUtf8String())
        .isEqualTo(expectedBody(updateId));
  }

  @Test
  void aServerRefusingConnectionsIsA5xxAndTheRetriedDeliverySucceedsOnce() throws IOException {
    int closedPort;
    try (java.net.ServerSocket probe =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    long updateId = 600000006L;
    try (S3Client refused =
        TestS3.clientFor(URI.create("http://127.0.0.1:" + closedPort), Duration.ofSeconds(2))) {
      IngestConfig config =
          new IngestConfig(BUCKET, "telegram", TOKEN, null, Set.of(), "us-east-1", null, null);
      WebhookHandler down =
          new WebhookHandler(
              config,
              new S3RawUpdateStore(refused, BUCKET, "telegram"),
              TOKEN,
              new JsonLog(JSON, log::add),
              CLOCK);
      assertThat(invoke(down, event(updateId)))
          .as("connection refused: Telegram must retry")
          .isEqualTo(503);
    }
    assertThat(invoke(handler(Set.of()), event(updateId)))
        .as("the retry on an instance that reaches S3")
        .isEqualTo(200);
    assertThat(keysStartingWith(key(updateId))).containsExactly(key(updateId));
  }

  @Test
  void aMigratedSupergroupKeepsFlowingThroughTheMarkerInS3() throws IOException {
    byte[] oldGroupEvent = v2Event(Fixtures.update("group-migrate-to.json"));
    assertThat(invoke(handler(Set.of(-4012345678L)), oldGroupEvent)).isEqualTo(200);
    assertThat(keysStartingWith("telegram/_chat_migrations/"))
        .containsExactly("telegram/_chat_migrations/-1002233445566");
    String inNewChat =
        "{\"update_id\":500012410,\"message\":{\"message_id\":3,\"date\":1795401200,"
            + "\"chat\":{\"id\":-1002233445566,\"type\":\"supergroup\"},\"text\":\"oi\"}}";
    WebhookHandler freshInstance = handler(Set.of(-4012345678L));
    assertThat(invoke(freshInstance, v2Event(inNewChat.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(200);
    assertThat(keysStartingWith(key(500012410L))).hasSize(1);
    String stranger =
        inNewChat.replace("500012410", "500012411").replace("-1002233445566", "-1009999999999");
    assertThat(invoke(freshInstance, v2Event(stranger.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(200);
    assertThat(keysStartingWith(key(500012411L))).as("other chats stay out").isEmpty();
  }

  private static byte[] v2Event(byte[] body) {
    String b64 = java.util.Base64.getEncoder().encodeToString(body);
    return ("{\"version\":\"2.0\",\"headers\":{\"x-telegram-bot-api-secret-token\":\""
            + TOKEN
            + "\"},"
            + "\"requestContext\":{\"http\":{\"method\":\"POST\"}},\"body\":\""
            + b64
            + "\",\"isBase64Encoded\":true}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
