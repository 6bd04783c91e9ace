package io.tglake.sample;

import io.tglake.contract.LakeLayout;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * One webhook delivery: the body Telegram would POST, when it would arrive, and whether it repeats
 * an update already delivered (same {@code update_id}, same bytes).
 *
 * @param updateId the body's {@code update_id}
 * @param updateType the update's kind, e.g. {@code message}, {@code callback_query}
 * @param arrival when the delivery reaches the webhook (the raw partition is its UTC date)
 * @param body the JSON body, UTF-8
 * @param redelivery true for a second delivery of the same update
 */
public record Delivery(
    long updateId, String updateType, Instant arrival, byte[] body, boolean redelivery) {

  /** UTC date of arrival = the raw partition {@code context_date} the ingest stores it under. */
  public LocalDate arrivalDate() {
    return LocalDate.ofInstant(arrival, ZoneOffset.UTC);
  }

  /** Raw key relative to the raw root, as the ingest spells it ({@link LakeLayout#rawKey}). */
  public String rawKey() {
    return LakeLayout.rawKey(arrivalDate(), updateId);
  }

  /** The body as text (for tests and debugging). */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
