package io.tglake.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;

/**
 * Runs in a fresh JVM started by {@link LambdaColdStartIT} with the shaded Lambda jar on the class
 * path, configured through the same environment variables as the deployed function. Prints
 * machine-readable lines: {@code FIRST status=... init_ms=... first_ms=... retries=...}, {@code
 * WARM ... retries=...}, {@code DONE}.
 *
 * <p>Like Telegram, the probe redelivers an update the handler answered with 503 (storage failed:
 * the local S3 server may shed load on a busy machine), a few times with a growing pause, and
 * counts every redelivery; the IT checks that each one was a storage failure caused by the S3
 * server, so no handler error is hidden. Timings are those of the first attempt (the cold start is
 * the first attempt's, whatever S3 answered).
 *
 * <p>Modes: {@code production} = the runtime's path ({@code new WebhookHandler()}); {@code primed}
 * = the same plus the SnapStart priming hook before the first request; {@code crt} = the same core
 * with the AWS CRT HTTP client.
 */
public final class ColdStartProbe {
  private ColdStartProbe() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    int warm = Integer.parseInt(args[1]);
    long firstId = Long.parseLong(args[2]);
    String token = System.getenv(IngestConfig.TELEGRAM_SECRET_TOKEN);

    long t0 = System.nanoTime();
    WebhookHandler handler;
    if ("crt".equals(mode)) {
      IngestConfig config = IngestConfig.fromEnvironment(System.getenv());
      SdkHttpClient http = AwsCrtHttpClient.builder().build();
      RawUpdateStore store =
          new S3RawUpdateStore(
              S3RawUpdateStore.newClient(
                  http, config.region(), config.endpointOverride(), WebhookHandler.S3_CALL_TIMEOUT),
              config.rawBucket(),
              config.rawPrefix());
      handler =
          new WebhookHandler(
              config, store, token, JsonLog.stdout(new JsonFactory()), Clock.systemUTC());
    } else {
      handler = new WebhookHandler();
      if ("primed".equals(mode)) {
        handler.prime();
      }
    }
    long t1 = System.nanoTime();
    int status = invoke(handler, token, firstId);
    long t2 = System.nanoTime();
    int firstRetries = 0;
    for (; status == STORAGE_FAILED && firstRetries < MAX_REDELIVERIES; firstRetries++) {
      status = redeliver(handler, token, firstId, firstRetries);
    }
    System.out.println(
        "FIRST status="
            + status
            + " init_ms="
            + (t1 - t0) / 1_000_000
            + " first_ms="
            + (t2 - t1) / 1_000_000
            + " retries="
            + firstRetries);

    long[] micros = new long[warm];
    int ok = 0;
    int retries = 0;
    for (int i = 0; i < warm; i++) {
      long s = System.nanoTime();
      int answer = invoke(handler, token, firstId + 1 + i);
      micros[i] = (System.nanoTime() - s) / 1000;
      for (int n = 0; answer == STORAGE_FAILED && n < MAX_REDELIVERIES; n++, retries++) {
        answer = redeliver(handler, token, firstId + 1 + i, n);
      }
      ok += answer == 200 ? 1 : 0;
    }
    Arrays.sort(micros);
    if (warm > 0) {
      System.out.println(
          "WARM n="
              + warm
              + " ok="
              + ok
              + " p50_us="
              + micros[warm / 2]
              + " p90_us="
              + micros[warm * 9 / 10]
              + " p99_us="
              + micros[Math.min(warm - 1, warm * 99 / 100)]
              + " max_us="
              + micros[warm - 1]
              + " retries="
              + retries);
    }
    System.out.println("DONE");
    System.out.flush();
    System.exit(0); // the CRT client keeps non-daemon threads
  }

  /** The handler's answer when storing failed; Telegram redelivers on it. */
  private static final int STORAGE_FAILED = 503;

  private static final int MAX_REDELIVERIES = 5;

  /**
   * Telegram's redelivery of an update after a failed one: the same update, after a pause that
   * grows.
   */
  private static int redeliver(WebhookHandler handler, String token, long updateId, int attempt)
      throws Exception {
    Thread.sleep(100L << attempt);
    return invoke(handler, token, updateId);
  }

  /** One API Gateway HTTP API (2.0) event through the handler; returns statusCode. */
  static int invoke(WebhookHandler handler, String token, long updateId) throws Exception {
    String body = body(updateId);
    String event =
        "{\"version\":\"2.0\",\"routeKey\":\"POST /telegram/webhook\",\"rawPath\":\"/telegram/webhook\","
            + "\"headers\":{\"content-type\":\"application/json\",\"x-telegram-bot-api-secret-token\":\""
            + token
            + "\"},"
            + "\"requestContext\":{\"http\":{\"method\":\"POST\",\"path\":\"/telegram/webhook\"}},"
            + "\"body\":\""
            + body.replace("\\", "\\\\").replace("\"", "\\\"")
            + "\",\"isBase64Encoded\":false}";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
    String response = out.toString(StandardCharsets.UTF_8);
    int at = response.indexOf("\"statusCode\":") + "\"statusCode\":".length();
    return Integer.parseInt(response.substring(at, at + 3));
  }

  /** The body the probe sends for an update id (the IT checks stored bytes against it). */
  static String body(long updateId) {
    return "{\"update_id\":"
        + updateId
        + ",\"message\":{\"message_id\":7,\"from\":{\"id\":42,\"is_bot\":false,"
        + "\"first_name\":\"Ana\"},\"chat\":{\"id\":42,\"first_name\":\"Ana\",\"type\":\"private\"},"
        + "\"date\":1795400112,\"text\":\"Olá, cold start \\ud83d\\ude80\"}}";
  }
}
