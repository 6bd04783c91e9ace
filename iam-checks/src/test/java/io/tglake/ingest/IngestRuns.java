package io.tglake.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tglake.ingest.relay.BotRelay;
import io.tglake.ingest.relay.RelaySettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The ingest function's S3 traffic, for the IAM checks: the real handler over the real {@link
 * S3RawUpdateStore} (the production client builder) with an allow-list, driven with a new update,
 * its redelivery, a supergroup migration and the update that follows it in the new chat (seen by
 * another instance: the marker lookup), plus the SnapStart priming requests. Only the secret comes
 * from the test (production reads it once from Secrets Manager, not S3). {@link #relay} adds what
 * the function does beside a bot: the relay's and the pass-through's outgoing records.
 */
public final class IngestRuns {

  private IngestRuns() {}

  /** Runs the deliveries against {@code endpoint}; the HTTP status of each delivery, in order. */
  public static List<Integer> deliver(
      URI endpoint, String bucket, String key, String secret, Clock clock) throws IOException {
    String token = "iam-checks-secret-token";
    // With an allow-list: the migration of an allowed group is recorded and looked up (markers
    // under the prefix).
    IngestConfig config =
        new IngestConfig(
            bucket, "telegram", token, null, Set.of(-100L), "eu-west-1", endpoint, null);
    try (S3Client s3 =
        S3RawUpdateStore.newClient(
            S3RawUpdateStore.newHttpClient(),
            config.region(),
            endpoint,
            Duration.ofSeconds(10),
            StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))) {
      WebhookHandler handler =
          new WebhookHandler(
              config,
              new S3RawUpdateStore(s3, bucket, "telegram"),
              token,
              JsonLog.discard(new JsonFactory()),
              clock);
      handler.prime();
      List<Integer> statuses = new ArrayList<>();
      String message =
          "{\"update_id\":700000001,\"message\":{\"message_id\":5,\"from\":{\"id\":42,\"is_bot\":false,"
              + "\"first_name\":\"Ana\"},\"chat\":{\"id\":-100,\"title\":\"g\",\"type\":\"group\"},\"date\":1795400112,"
              + "\"text\":\"Preciso de ajuda\"}}";
      String migration =
          "{\"update_id\":700000002,\"message\":{\"message_id\":6,\"from\":{\"id\":42,\"is_bot\":false,"
              + "\"first_name\":\"Ana\"},\"chat\":{\"id\":-100,\"title\":\"g\",\"type\":\"group\"},\"date\":1795400113,"
              + "\"migrate_to_chat_id\":-1001234567890}}";
      String inNewChat =
          "{\"update_id\":700000003,\"message\":{\"message_id\":7,\"from\":{\"id\":42,\"is_bot\":false,"
              + "\"first_name\":\"Ana\"},\"chat\":{\"id\":-1001234567890,\"title\":\"g\",\"type\":\"supergroup\"},"
              + "\"date\":1795400114,\"text\":\"oi\"}}";
      for (String body : List.of(message, message, migration)) {
        statuses.add(invoke(handler, token, body));
      }
      // Another execution environment: knows the migration only from the marker in S3.
      WebhookHandler another =
          new WebhookHandler(
              config,
              new S3RawUpdateStore(s3, bucket, "telegram"),
              token,
              JsonLog.discard(new JsonFactory()),
              clock);
      statuses.add(invoke(another, token, inNewChat));
      return statuses;
    }
  }

  /**
   * The bot's id in {@link #relay}: the stack's {@code botId} and {@code allowedBotIds} context
   * must name it.
   */
  public static final long BOT_ID = 123456;

  /**
   * The handler in relay mode with the pass-through on, as the stack deploys it beside a bot
   * (outgoing records under {@code outgoing/} in the raw bucket): an update is stored and relayed
   * to a local bot that answers with a {@code sendMessage} in its webhook response (a {@code
   * webhook_response} record), then the bot calls {@code sendMessage} through the pass-through,
   * answered by a local Bot API stand-in (a {@code bot_api} record).
   *
   * @return the HTTP status of the relayed update and of the pass-through call, and the bot's
   *     webhook answer body
   */
  public static List<String> relay(
      URI endpoint, String bucket, String key, String secret, Clock clock) throws IOException {
    String token = "iam-checks-secret-token";
    IngestConfig config =
        new IngestConfig(bucket, "telegram", token, null, Set.of(), "eu-west-1", endpoint, null);
    HttpServer bot =
        server(
            exchange ->
                answer(
                    exchange,
                    "{\"method\":\"sendMessage\",\"chat_id\":42," + "\"text\":\"Recebido\"}"));
    HttpServer telegram =
        server(
            exchange ->
                answer(
                    exchange,
                    "{\"ok\":true,\"result\":{\"message_id\":9,"
                        + "\"chat\":{\"id\":42,\"type\":\"private\"},\"date\":1795400120,\"text\":\"Algo mais?\"}}"));
    try (S3Client s3 =
        S3RawUpdateStore.newClient(
            S3RawUpdateStore.newHttpClient(),
            config.region(),
            endpoint,
            Duration.ofSeconds(10),
            StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))) {
      RelaySettings relay =
          RelaySettings.fromEnvironment(
              Map.of(
                  RelaySettings.BOT_WEBHOOK_URL,
                  "http://127.0.0.1:" + bot.getAddress().getPort() + "/bot",
                  RelaySettings.BOT_ID,
                  Long.toString(BOT_ID),
                  RelaySettings.ALLOWED_BOT_IDS,
                  Long.toString(BOT_ID),
                  RelaySettings.TELEGRAM_API_BASE_FOR_TESTS,
                  "http://127.0.0.1:" + telegram.getAddress().getPort()));
      WebhookHandler handler =
          new WebhookHandler(
              config,
              new S3RawUpdateStore(s3, bucket, "telegram"),
              token,
              JsonLog.discard(new JsonFactory()),
              clock,
              relay,
              new S3RawUpdateStore(s3, bucket, relay.outgoingPrefix()),
              BotRelay.newHttpClient(Duration.ofSeconds(5)));
      String update =
          "{\"update_id\":700000011,\"message\":{\"message_id\":8,\"from\":{\"id\":42,"
              + "\"is_bot\":false,\"first_name\":\"Ana\"},\"chat\":{\"id\":42,\"type\":\"private\"},"
              + "\"date\":1795400115,\"text\":\"Oi\"}}";
      String relayed = invokeRaw(handler, event(token, update, null));
      String call =
          invokeRaw(
              handler,
              event(
                  null,
                  "{\"chat_id\":42,\"text\":\"Algo mais?\"}",
                  "/bot" + BOT_ID + ":AAE-iamChecksBotToken/sendMessage"));
      return List.of(status(relayed), status(call), relayed);
    } finally {
      bot.stop(0);
      telegram.stop(0);
    }
  }

  private static HttpServer server(com.sun.net.httpserver.HttpHandler handler) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", handler);
    server.start();
    return server;
  }

  private static void answer(HttpExchange exchange, String json) throws IOException {
    exchange.getRequestBody().readAllBytes();
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /**
   * An HTTP API (2.0) event: a webhook POST with the secret header, or a Bot API call on {@code
   * path}.
   */
  private static String event(String token, String body, String path) {
    String headers =
        token == null
            ? "{\"content-type\":\"application/json\"}"
            : "{\"x-telegram-bot-api-secret-token\":\"" + token + "\"}";
    return "{\"version\":\"2.0\","
        + (path == null ? "" : "\"rawPath\":\"" + path + "\",")
        + "\"headers\":"
        + headers
        + ",\"requestContext\":{\"http\":{\"method\":\"POST\"}},\"body\":\""
        + body.replace("\"", "\\\"")
        + "\",\"isBase64Encoded\":false}";
  }

  private static String invokeRaw(WebhookHandler handler, String event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String status(String response) {
    int at = response.indexOf("\"statusCode\":") + "\"statusCode\":".length();
    return response.substring(at, at + 3);
  }

  private static int invoke(WebhookHandler handler, String token, String body) throws IOException {
    String event =
        "{\"version\":\"2.0\",\"headers\":{\"x-telegram-bot-api-secret-token\":\""
            + token
            + "\"},"
            + "\"requestContext\":{\"http\":{\"method\":\"POST\"}},\"body\":\""
            + body.replace("\"", "\\\"")
            + "\",\"isBase64Encoded\":false}";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
    String response = out.toString(StandardCharsets.UTF_8);
    int at = response.indexOf("\"statusCode\":") + "\"statusCode\":".length();
    return Integer.parseInt(response.substring(at, at + 3));
  }
}
