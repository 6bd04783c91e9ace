package io.tglake.ingest;

import java.nio.charset.StandardCharsets;

/**
 * An HTTP answer as the entry points write it: the service's own short answers, or (relay mode, Bot
 * API pass-through) an answer produced elsewhere whose status, content type and bytes are passed on
 * unchanged.
 *
 * @param status HTTP status
 * @param contentType Content-Type header, or null for none
 * @param body body bytes (never null)
 * @param allow value of an {@code Allow} header (405 answers), or null
 */
public record WebhookResponse(int status, String contentType, byte[] body, String allow) {

  public WebhookResponse {
    body = body == null ? new byte[0] : body;
  }

  /** The service's answer for {@code outcome}: empty 200, a short text reason otherwise. */
  public static WebhookResponse of(WebhookOutcome outcome) {
    return new WebhookResponse(
        outcome.status(),
        "text/plain; charset=utf-8",
        outcome.responseText().getBytes(StandardCharsets.UTF_8),
        outcome.kind() == WebhookOutcome.Kind.METHOD_NOT_ALLOWED ? "POST" : null);
  }

  /** A short plain-text answer of tglake itself (not of the bot or Telegram). */
  public static WebhookResponse text(int status, String text) {
    return new WebhookResponse(
        status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), null);
  }
}
