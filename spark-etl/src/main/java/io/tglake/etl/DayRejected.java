package io.tglake.etl;

import java.time.LocalDate;

/**
 * The day is refused before any table is written (too many bad or rescued objects): fail loudly.
 */
final class DayRejected extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final LocalDate day;
  private final transient DayResult.Read read;

  DayRejected(LocalDate day, DayResult.Read read, String message) {
    super(message);
    this.day = day;
    this.read = read;
  }

  DayResult result(double seconds) {
    return DayResult.rejected(day, read, seconds, getMessage());
  }
}
