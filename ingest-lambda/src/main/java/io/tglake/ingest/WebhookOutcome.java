package io.tglake.ingest;

/**
 * What the service decided for one delivery; the entry points turn it into an HTTP response and a log line.
 *
 * @param kind     the decision
 * @param updateId the update's id when the body was parsed, else null
 * @param key      where the update is (or already was) stored, else null
 * @param chatId   the chat of an update from a chat outside the allow-list, else null
 */
public record WebhookOutcome(Kind kind, Long updateId, String key, Long chatId) {

  /** Decisions with their HTTP status and the name used in logs. */
  public enum Kind {
    /** Stored now: 200 after the durable write. */
    STORED(200, "stored"),
    /** Already stored by an earlier delivery of the same update_id (create-only write refused): 200. */
    DUPLICATE(200, "duplicate"),
    /** Chat not in ALLOWED_CHAT_IDS: deliberately not stored, 200 because a retry would not help. */
    OTHER_CHAT(200, "other_chat"),
    /** Authenticated body that is not a JSON object with an integer update_id. */
    BAD_REQUEST(400, "bad_request"),
    /** No secret-token header. */
    MISSING_SECRET(401, "missing_secret"),
    /** Secret-token header present but wrong. */
    WRONG_SECRET(403, "wrong_secret"),
    /** Anything but POST. */
    METHOD_NOT_ALLOWED(405, "method_not_allowed"),
    /** Body larger than the limit. */
    TOO_LARGE(413, "too_large"),
    /** Storage failed or is unreachable: 503 so that Telegram retries the delivery. */
    STORAGE_FAILED(503, "storage_failed");

    private final int status;
    private final String logName;

    Kind(int status, String logName) {
      this.status = status;
      this.logName = logName;
    }

    /** HTTP status answered to Telegram. */
    public int status() {
      return status;
    }

    /** Value of the "outcome" field in the request log line. */
    public String logName() {
      return logName;
    }
  }

  /** Outcome without update facts (rejected before the body was read). */
  public static WebhookOutcome of(Kind kind) {
    return new WebhookOutcome(kind, null, null, null);
  }

  /** HTTP status for this outcome. */
  public int status() {
    return kind.status();
  }
}
