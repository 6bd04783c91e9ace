package io.tglake.ingest.relay;

import io.tglake.contract.LakeLayout;
import java.time.Instant;

/**
 * Keys of outgoing records ("what the bot says") relative to the outgoing prefix, which sits beside
 * the raw updates' prefix in the raw bucket, in the day partitions of {@link LakeLayout}: {@code
 * wr-<update_id>.json} for a Bot API method the bot returned in its webhook response, {@code
 * api-<bot_id>-<sha256>.json} for a call through the pass-through, under the UTC capture day.
 */
public final class OutgoingKeys {
  /**
   * Default outgoing prefix ({@code OUTGOING_PREFIX}), sibling of the raw prefix {@code telegram}.
   */
  public static final String DEFAULT_PREFIX = LakeLayout.DEFAULT_OUTGOING_PREFIX;

  private OutgoingKeys() {}

  /** Key of the method returned in the webhook response to update {@code updateId}. */
  public static String webhookResponse(Instant capturedAt, long updateId) {
    return partition(capturedAt) + "wr-" + updateId + ".json";
  }

  /**
   * Key of a recorded pass-through call; {@code sha256Hex} identifies the call (see {@link
   * BotApiPassThrough}).
   */
  public static String botApi(Instant capturedAt, long botId, String sha256Hex) {
    return partition(capturedAt) + "api-" + botId + "-" + sha256Hex + ".json";
  }

  private static String partition(Instant at) {
    return LakeLayout.dayPrefix(LakeLayout.arrivalDay(at));
  }
}
