package io.tglake.ingest.relay;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Keys of outgoing records ("what the bot says") relative to the outgoing prefix, which sits beside the raw updates'
 * prefix in the raw bucket: {@code context_date=<UTC capture date>/wr-<update_id>.json} for a Bot API method the bot
 * returned in its webhook response, {@code context_date=<date>/api-<bot_id>-<sha256>.json} for a call through the
 * pass-through. Kept in this one class so that the lake layout (contract module) can take it over.
 */
public final class OutgoingKeys {
  /** Default outgoing prefix ({@code OUTGOING_PREFIX}), sibling of the raw prefix {@code telegram}. */
  public static final String DEFAULT_PREFIX = "outgoing";

  private OutgoingKeys() {
  }

  /** Key of the method returned in the webhook response to update {@code updateId}. */
  public static String webhookResponse(Instant capturedAt, long updateId) {
    return partition(capturedAt) + "wr-" + updateId + ".json";
  }

  /** Key of a recorded pass-through call; {@code sha256Hex} identifies the call (see {@link BotApiPassThrough}). */
  public static String botApi(Instant capturedAt, long botId, String sha256Hex) {
    return partition(capturedAt) + "api-" + botId + "-" + sha256Hex + ".json";
  }

  private static String partition(Instant at) {
    return "context_date=" + LocalDate.ofInstant(at, ZoneOffset.UTC) + "/";
  }
}
