package io.tglake.sample;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * When things happen: a local daily rhythm in the users' zone, mapped onto UTC days (so a zone's
 * DST change shifts the peak in UTC), the time a user comes back, and the group's migration.
 */
final class DailyRhythm {

  /**
   * Relative traffic by local hour 0..23: quiet night, morning ramp, lunch dip, afternoon peak,
   * evening tail.
   */
  private static final double[] LOCAL_HOUR_WEIGHT = {
    1.0, 0.6, 0.4, 0.3, 0.3, 0.5, 1.2, 2.5, 4.5, 6.5, 7.5, 7.0,
    5.0, 5.5, 7.0, 7.8, 7.2, 6.0, 5.0, 5.5, 6.2, 5.0, 3.5, 2.0
  };

  private final ZoneId zone;
  private final Dice rng;

  DailyRhythm(ZoneId zone, Dice rng) {
    this.zone = zone;
    this.rng = rng;
  }

  static long epochMillis(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  /** The group becomes a supergroup at about 10:00 local on {@code firstDay}. */
  long migrationAt(LocalDate firstDay) {
    long dayStart = epochMillis(firstDay);
    long migration = dayStart;
    for (int h = 0; h < 24; h++) {
      long at = dayStart + h * 3_600_000L;
      if (Instant.ofEpochMilli(at).atZone(zone).getHour() == 10) {
        migration = at;
      }
    }
    return migration + 17 * 60_000L + 23_000L;
  }

  /** Cumulative share of the day's traffic by UTC hour of the day starting at {@code dayStart}. */
  double[] hourCdf(long dayStart) {
    double[] cdf = new double[24];
    double sum = 0;
    for (int h = 0; h < 24; h++) {
      int local = Instant.ofEpochMilli(dayStart + h * 3_600_000L).atZone(zone).getHour();
      sum += LOCAL_HOUR_WEIGHT[local];
      cdf[h] = sum;
    }
    for (int h = 0; h < 24; h++) {
      cdf[h] /= sum;
    }
    return cdf;
  }

  long sampleTime(long dayStart, double[] cdf) {
    double x = rng.nextDouble();
    int h = 0;
    while (h < 23 && cdf[h] < x) {
      h++;
    }
    return dayStart + h * 3_600_000L + rng.nextLong(3_600_000L);
  }

  /**
   * When a user comes back, 1 to 20 h later, preferring busy local hours (people return by day, not
   * at 4 am).
   */
  long returnTime(long after) {
    long candidate = after + rng.secs(3_600, 20 * 3_600);
    for (int i = 0; i < 8; i++) {
      int hour = Instant.ofEpochMilli(candidate).atZone(zone).getHour();
      if (rng.nextDouble() * 8.0 < LOCAL_HOUR_WEIGHT[hour]) {
        break;
      }
      candidate = after + rng.secs(3_600, 20 * 3_600);
    }
    return candidate;
  }
}
