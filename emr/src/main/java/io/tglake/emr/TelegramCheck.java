package io.tglake.emr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Step 4 of {@link DeployVerifier}, Telegram: the bot's webhook is this stack's and delivers
 * without errors.
 */
final class TelegramCheck {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI telegramApi;

  /**
   * @param telegramApi base of the Bot API ({@code https://api.telegram.org}; a local server in
   *     tests)
   */
  TelegramCheck(HttpClient http, URI telegramApi) {
    this.http = http;
    this.telegramApi = telegramApi;
  }

  /** Step 4: Telegram delivers to this stack's webhook URL and reports no delivery error. */
  String checkWebhookInfo(String botToken, String webhookUrl) throws InterruptedException {
    JsonNode info;
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(telegramApi + "/bot" + botToken + "/getWebhookInfo"))
                  .timeout(Duration.ofSeconds(30))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      info = JSON.readTree(response.body());
      if (response.statusCode() != 200 || !info.path("ok").asBoolean(false)) {
        throw new DeployVerifier.StepFailed(
            "telegram",
            "getWebhookInfo answered "
                + response.statusCode()
                + " "
                + info.path("description").asText(""),
            "verify-telegram");
      }
    } catch (IOException | IllegalArgumentException e) {
      // The request URI holds the token: print the exception's type only.
      throw new DeployVerifier.StepFailed(
          "telegram",
          "getWebhookInfo failed (" + e.getClass().getSimpleName() + ")",
          "verify-telegram");
    }
    JsonNode result = info.path("result");
    String url = result.path("url").asText("");
    if (!url.equals(webhookUrl)) {
      throw new DeployVerifier.StepFailed(
          "telegram",
          "the bot's webhook is '"
              + url
              + "', not this stack's "
              + webhookUrl
              + " (run setWebhook)",
          "verify-telegram");
    }
    String error = result.path("last_error_message").asText("");
    if (!error.isEmpty()) {
      throw new DeployVerifier.StepFailed(
          "telegram", "Telegram reports a delivery error: " + error, "verify-telegram");
    }
    return "getWebhookInfo url is "
        + webhookUrl
        + ", no last_error_message, "
        + result.path("pending_update_count").asLong(0)
        + " pending";
  }
}
