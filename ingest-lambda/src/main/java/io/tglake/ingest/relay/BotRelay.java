package io.tglake.ingest.relay;

import io.tglake.ingest.WebhookResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Relay mode: forwards a stored update's exact body to the bot's own webhook and turns the bot's
 * answer into the answer for Telegram. The whole exchange (connect, headers, body) runs under one
 * deadline shorter than API Gateway's integration timeout, and the answer is read into at most
 * {@code maxAnswerBytes}.
 *
 * <p>Mapping (Telegram retries every non-2xx delivery, and deletes a webhook that answers 410 for a
 * day): 2xx/4xx/5xx from the bot → passed on with its content type and body, except 410 → 502; 3xx
 * → 502 (never followed: the bot's URL is fixed configuration, a redirect would send Telegram's
 * update somewhere else); other statuses, an answer over the bound, or no connection → 502; no
 * complete answer within the deadline → 504.
 */
public final class BotRelay {
  /** What became of one forward. */
  public enum Kind {
    ANSWERED("answered"),
    BOT_4XX("bot_4xx"),
    BOT_5XX("bot_5xx"),
    BOT_GONE("bot_410"),
    BOT_REDIRECT("bot_redirect"),
    BOT_BAD_STATUS("bot_bad_status"),
    ANSWER_TOO_LARGE("bot_too_large"),
    BOT_TIMEOUT("bot_timeout"),
    BOT_UNREACHABLE("bot_unreachable");

    private final String metricOutcome;

    Kind(String metricOutcome) {
      this.metricOutcome = metricOutcome;
    }

    /** Value of the {@code Outcome} dimension of {@link RelayMetrics#RELAY_REQUESTS}. */
    public String metricOutcome() {
      return metricOutcome;
    }
  }

  /**
   * @param kind what happened
   * @param botStatus the bot's HTTP status, or null when it gave none
   * @param response the answer for Telegram
   * @param error why there was no usable answer (for the log), else null
   */
  public record Result(Kind kind, Integer botStatus, WebhookResponse response, String error) {}

  private final HttpClient http;
  private final URI botUrl;
  private final String botSecret;
  private final Duration timeout;
  private final int maxAnswerBytes;

  /**
   * @param http the process's one JDK client (built with {@link #newHttpClient}; redirects never
   *     followed)
   * @param botUrl the bot's own webhook URL
   * @param botSecret sent as X-Telegram-Bot-Api-Secret-Token when the bot checks one, else null
   * @param timeout deadline of the whole exchange
   * @param maxAnswerBytes larger answers are refused (502)
   */
  public BotRelay(
      HttpClient http, URI botUrl, String botSecret, Duration timeout, int maxAnswerBytes) {
    if (http.followRedirects() != HttpClient.Redirect.NEVER) {
      throw new IllegalArgumentException("the relay's HTTP client must never follow redirects");
    }
    this.http = http;
    this.botUrl = botUrl;
    this.botSecret = botSecret;
    this.timeout = timeout;
    this.maxAnswerBytes = maxAnswerBytes;
  }

  /**
   * The JDK client for the relay and the pass-through: HTTP/1.1, redirects never followed, bounded
   * connect.
   */
  public static HttpClient newHttpClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(connectTimeout)
        .build();
  }

  /** The bot's webhook (for logs: no secret in it). */
  public URI botUrl() {
    return botUrl;
  }

  /** Forwards {@code body} (exact bytes) and maps the answer. Never throws. */
  public Result forward(byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(botUrl)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (botSecret != null) {
      request.header("X-Telegram-Bot-Api-Secret-Token", botSecret);
    }
    CompletableFuture<HttpResponse<byte[]>> call =
        http.sendAsync(request.build(), BoundedBody.handler(maxAnswerBytes));
    HttpResponse<byte[]> answer;
    try {
      // HttpRequest.timeout ends at the headers; this deadline also covers a body that trickles in.
      answer = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      return failure(
          Kind.BOT_TIMEOUT, 504, "no complete answer within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      return failure(Kind.BOT_UNREACHABLE, 502, "interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      while (cause instanceof IOException && cause.getCause() instanceof BoundedBody.TooLarge) {
        cause = cause.getCause();
      }
      if (cause instanceof BoundedBody.TooLarge) {
        return failure(Kind.ANSWER_TOO_LARGE, 502, cause.getMessage());
      }
      if (cause instanceof HttpTimeoutException) {
        return failure(
            Kind.BOT_TIMEOUT, 504, cause.getClass().getSimpleName() + ": " + cause.getMessage());
      }
      String why =
          cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
      return failure(
          Kind.BOT_UNREACHABLE,
          502,
          cause instanceof ConnectException ? "connect failed: " + why : why);
    }
    int status = answer.statusCode();
    String type = answer.headers().firstValue("content-type").orElse(null);
    WebhookResponse passOn = new WebhookResponse(status, type, answer.body(), null);
    if (status >= 200 && status < 300) {
      return new Result(Kind.ANSWERED, status, passOn, null);
    }
    if (status == 410) {
      // Passed on, 410 would make Telegram drop the webhook (tglake's, i.e. the lake's too) for a
      // day.
      return new Result(
          Kind.BOT_GONE,
          status,
          WebhookResponse.text(502, "bot answered 410 (not passed on)"),
          null);
    }
    if (status >= 300 && status < 400) {
      return new Result(
          Kind.BOT_REDIRECT,
          status,
          WebhookResponse.text(502, "bot redirected (not followed)"),
          "redirect to " + answer.headers().firstValue("location").orElse("(none)"));
    }
    if (status >= 400 && status < 500) {
      return new Result(Kind.BOT_4XX, status, passOn, null);
    }
    if (status >= 500 && status < 600) {
      return new Result(Kind.BOT_5XX, status, passOn, null);
    }
    return new Result(
        Kind.BOT_BAD_STATUS,
        status,
        WebhookResponse.text(502, "bot answered HTTP " + status),
        null);
  }

  private static Result failure(Kind kind, int status, String error) {
    return new Result(
        kind, null, WebhookResponse.text(status, kind.metricOutcome().replace('_', ' ')), error);
  }
}
