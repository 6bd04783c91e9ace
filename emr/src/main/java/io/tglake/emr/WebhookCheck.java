package io.tglake.emr;

import io.tglake.contract.LakeLayout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Set;

/** Step 2 of {@link DeployVerifier}, the deployed webhook: it stores a synthetic update. */
final class WebhookCheck {

  /**
   * Above any real update_id (Telegram's are sequential per bot, far below this), so it never
   * collides.
   */
  static final long SYNTHETIC_ID_BASE = 9_000_000_000_000L;

  private final HttpClient http;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  WebhookCheck(HttpClient http, Clock clock) {
    this.http = http;
    this.clock = clock;
  }

  /**
   * Step 2: one synthetic message update through the deployed webhook, with the secret header; 200
   * expected.
   */
  DeployVerifier.Posted postUpdate(URI webhookUrl, String secret, long chatId)
      throws InterruptedException {
    long updateId = SYNTHETIC_ID_BASE + (random.nextLong() & 0xFFFF_FFFFL);
    Instant now = clock.instant();
    String json =
        "{\"update_id\":"
            + updateId
            + ",\"message\":{\"message_id\":1,\"date\":"
            + now.getEpochSecond()
            + ",\"chat\":{\"id\":"
            + chatId
            + ",\"type\":\"private\",\"first_name\":\"tglake-verify\"},"
            + "\"from\":{\"id\":"
            + chatId
            + ",\"is_bot\":false,\"first_name\":\"tglake-verify\"},"
            + "\"text\":\"tglake emr verify "
            + now
            + "\"}}";
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    Set<LocalDate> days = new LinkedHashSet<>();
    days.add(LakeLayout.arrivalDay(now));
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(webhookUrl)
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/json")
                  .header("X-Telegram-Bot-Api-Secret-Token", secret)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new DeployVerifier.StepFailed(
          "webhook", "POST " + webhookUrl + " failed: " + e, "verify-webhook");
    }
    // The handler files the update under the day it received it: around midnight that is the next
    // day.
    days.add(LakeLayout.arrivalDay(clock.instant()));
    if (response.statusCode() != 200) {
      throw new DeployVerifier.StepFailed(
          "webhook",
          "POST "
              + webhookUrl
              + " answered "
              + response.statusCode()
              + (response.statusCode() == 401 || response.statusCode() == 403
                  ? " (secret token refused)"
                  : "")
              + ", expected 200",
          "verify-webhook");
    }
    return new DeployVerifier.Posted(updateId, body, days);
  }
}
