package io.tglake.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One webhook delivery as the core sees it, independent of how it arrived (API Gateway v1/v2,
 * Function URL, the local HTTP server).
 *
 * @param method HTTP method, upper case ("POST")
 * @param headers header values keyed by lower-case header name; never null
 * @param body the request body exactly as sent (already base64-decoded); empty when there was none
 * @param receivedAt arrival instant; its UTC date becomes the raw partition
 * @param sourceIp the caller's IP as the platform saw it (API Gateway / Function URL {@code
 *     sourceIp}, the local server's socket peer), or null when unknown; never taken from
 *     X-Forwarded-For (a caller can write any value there)
 */
public record WebhookRequest(
    String method,
    Map<String, List<String>> headers,
    byte[] body,
    Instant receivedAt,
    String sourceIp) {

  /** Header carrying the secret_token given to setWebhook. */
  public static final String SECRET_TOKEN_HEADER = "x-telegram-bot-api-secret-token";

  public WebhookRequest {
    method = method == null ? "" : method.toUpperCase(Locale.ROOT);
    headers = headers == null ? Map.of() : headers;
    body = body == null ? new byte[0] : body;
  }

  /** A request whose source IP is unknown. */
  public WebhookRequest(
      String method, Map<String, List<String>> headers, byte[] body, Instant receivedAt) {
    this(method, headers, body, receivedAt, null);
  }

  /**
   * Every value of a header as it arrived (one per header line), looked up case-insensitively;
   * empty if absent.
   */
  public List<String> headerValues(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null ? List.of() : values;
  }

  /** First value of a header, looked up case-insensitively. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty()
        ? Optional.empty()
        : Optional.ofNullable(values.get(0));
  }
}
