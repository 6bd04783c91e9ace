package io.tglake.cli;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An inclusive range of UTC days.
 *
 * @param from first day
 * @param to last day, never before {@code from}
 */
public record DayRange(LocalDate from, LocalDate to) {

  public DayRange {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("--to " + to + " is before --from " + from);
    }
  }

  /** A single day. */
  public static DayRange of(LocalDate day) {
    return new DayRange(day, day);
  }

  /** The days in order, {@code from} to {@code to} inclusive. */
  public List<LocalDate> days() {
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      days.add(d);
    }
    return days;
  }
}
