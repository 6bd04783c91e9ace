package io.tglake.ingest;

/**
 * What the service decided for one delivery; the entry points turn it into an HTTP response and a
 * log line.
 *
 * @param kind the decision
 * @param updateId the update's id when the body was parsed, else null
 * @param key where the update is (or already was) stored, else null
 * @param chatId the chat of an update from a chat outside the allow-list, else null
 * @param reason why a request was refused (400: which check failed), for the log line; never
 *     message content
 */
public record WebhookOutcome(Kind kind, Long updateId, String key, Long chatId, String reason) {

  /** An outcome without a reason. */
  public WebhookOutcome(Kind kind, Long updateId, String key, Long chatId) {
    this(kind, updateId, key, chatId, null);
  }

  /** Decisions with their HTTP status and the name used in logs. */
  public enum Kind {
    /** Stored now: 200 after the durable write. */
    STORED(200, "stored", "stored"),
    /**
     * Already stored by an earlier delivery of the same update_id (create-only write refused): 200.
     */
    DUPLICATE(200, "duplicate", "duplicate"),
    /**
     * Chat not in ALLOWED_CHAT_IDS: deliberately not stored, 200 because a retry would not help.
     */
    OTHER_CHAT(200, "other_chat", "other_chat"),
    /**
     * Authenticated body that is not a JSON object with an integer update_id; with an allow-list
     * also an update whose chat (where its kind has one) has no 64-bit integer id.
     */
    BAD_REQUEST(400, "bad_request", "bad_request"),
    /** No secret-token header. */
    MISSING_SECRET(401, "missing_secret", "unauthorized"),
    /** Secret-token header present but wrong. */
    WRONG_SECRET(403, "wrong_secret", "forbidden"),
    /** Anything but POST. */
    METHOD_NOT_ALLOWED(405, "method_not_allowed", "method_not_allowed"),
    /** Body larger than the limit. */
    TOO_LARGE(413, "too_large", "too_large"),
    /** Storage failed or is unreachable: 503 so that Telegram retries the delivery. */
    STORAGE_FAILED(503, "storage_failed", "storage_failed"),
    /** Source IP outside ALLOWED_SOURCE_CIDRS: 403 before anything else is looked at. */
    SOURCE_IP_BLOCKED(403, "source_ip_blocked", "source_ip_blocked");

    private final int status;
    private final String logName;
    private final String metricOutcome;

    Kind(int status, String logName, String metricOutcome) {
      this.status = status;
      this.logName = logName;
      this.metricOutcome = metricOutcome;
    }

    /**
     * Value of the {@code Outcome} dimension of the {@code WebhookRequests} metric (names shared
     * with the alarms): like the log name, except 401 = {@code unauthorized} and 403 = {@code
     * forbidden}.
     */
    public String metricOutcome() {
      return metricOutcome;
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

  /**
   * Text answered with the status: empty for 200 (Telegram only looks at the status), a short
   * reason otherwise.
   */
  public String responseText() {
    return status() == 200 ? "" : kind.logName().replace('_', ' ');
  }
}
