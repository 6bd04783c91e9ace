package io.tglake.sample;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What {@link SupportBotTraffic} simulates.
 *
 * @param startDate first simulated UTC day
 * @param days number of consecutive UTC days
 * @param updatesPerDay distinct updates first delivered on each UTC day (redeliveries come on top)
 * @param seed same seed, same bytes
 * @param zone local zone of the bot's users; drives the daily rhythm (default America/Sao_Paulo)
 */
public record TrafficSpec(
    LocalDate startDate, int days, int updatesPerDay, long seed, ZoneId zone) {

  /** The users' zone unless told otherwise. */
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("America/Sao_Paulo");

  public TrafficSpec {
    Objects.requireNonNull(startDate, "startDate");
    Objects.requireNonNull(zone, "zone");
    if (days < 1) {
      throw new IllegalArgumentException("days must be >= 1, got " + days);
    }
    if (updatesPerDay < 1) {
      throw new IllegalArgumentException("updatesPerDay must be >= 1, got " + updatesPerDay);
    }
  }

  /** Last simulated UTC day. */
  public LocalDate endDate() {
    return startDate.plusDays(days - 1L);
  }
}
