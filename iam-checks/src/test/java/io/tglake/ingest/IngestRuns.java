package io.tglake.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The ingest function's S3 traffic, for the IAM checks: the real handler over the real {@link S3RawUpdateStore} (the
 * production client builder) with an allow-list, driven with a new update, its redelivery, a supergroup migration
 * and the update that follows it in the new chat (seen by another instance: the marker lookup), plus the SnapStart
 * priming requests. Only the secret comes from the test (production
 * reads it once from Secrets Manager, not S3).
 */
public final class IngestRuns {

  private IngestRuns() {}

  /** Runs the deliveries against {@code endpoint}; the HTTP status of each delivery, in order. */
  public static List<Integer> deliver(URI endpoint, String bucket, String key, String secret, Clock clock)
      throws IOException {
    String token = "iam-checks-secret-token";
    // With an allow-list: the migration of an allowed group is recorded and looked up (markers under the prefix).
    IngestConfig config = new IngestConfig(bucket, "telegram", token, null, Set.of(-100L), "eu-west-1", endpoint,
        null);
    try (S3Client s3 = S3RawUpdateStore.newClient(S3RawUpdateStore.newHttpClient(), config.region(), endpoint,
        Duration.ofSeconds(10),
        StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))) {
      WebhookHandler handler = new WebhookHandler(config, new S3RawUpdateStore(s3, bucket, "telegram"), token,
          JsonLog.discard(new JsonFactory()), clock);
      handler.prime();
      List<Integer> statuses = new ArrayList<>();
      String message = "{\"update_id\":700000001,\"message\":{\"message_id\":5,\"from\":{\"id\":42,\"is_bot\":false,"
          + "\"first_name\":\"Ana\"},\"chat\":{\"id\":-100,\"title\":\"g\",\"type\":\"group\"},\"date\":1795400112,"
          + "\"text\":\"Preciso de ajuda\"}}";
      String migration = "{\"update_id\":700000002,\"message\":{\"message_id\":6,\"from\":{\"id\":42,\"is_bot\":false,"
          + "\"first_name\":\"Ana\"},\"chat\":{\"id\":-100,\"title\":\"g\",\"type\":\"group\"},\"date\":1795400113,"
          + "\"migrate_to_chat_id\":-1001234567890}}";
      String inNewChat = "{\"update_id\":700000003,\"message\":{\"message_id\":7,\"from\":{\"id\":42,\"is_bot\":false,"
          + "\"first_name\":\"Ana\"},\"chat\":{\"id\":-1001234567890,\"title\":\"g\",\"type\":\"supergroup\"},"
          + "\"date\":1795400114,\"text\":\"oi\"}}";
      for (String body : List.of(message, message, migration)) {
        statuses.add(invoke(handler, token, body));
      }
      // Another execution environment: knows the migration only from the marker in S3.
      WebhookHandler another = new WebhookHandler(config, new S3RawUpdateStore(s3, bucket, "telegram"), token,
          JsonLog.discard(new JsonFactory()), clock);
      statuses.add(invoke(another, token, inNewChat));
      return statuses;
    }
  }

  private static int invoke(WebhookHandler handler, String token, String body) throws IOException {
    String event = "{\"version\":\"2.0\",\"headers\":{\"x-telegram-bot-api-secret-token\":\"" + token + "\"},"
        + "\"requestContext\":{\"http\":{\"method\":\"POST\"}},\"body\":\"" + body.replace("\"", "\\\"")
        + "\",\"isBase64Encoded\":false}";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
    String response = out.toString(StandardCharsets.UTF_8);
    int at = response.indexOf("\"statusCode\":") + "\"statusCode\":".length();
    return Integer.parseInt(response.substring(at, at + 3));
  }
}
