package io.tglake.etl;

import java.util.List;

/**
 * Outcome of a {@link TelegramEtlJob} run over one or more days.
 *
 * @param days one result per requested day, in date order
 */
public record RunResult(List<DayResult> days) {

  public RunResult {
    days = List.copyOf(days);
  }

  /** True when every day succeeded or was empty. */
  public boolean ok() {
    return days.stream().allMatch(DayResult::ok);
  }

  /** 0 every day ok, 1 a day failed, else 3 a day was busy (held by another run); the CLI exit code. */
  public int exitCode() {
    if (days.stream().anyMatch(d -> d.status() == DayResult.Status.FAILED)) {
      return 1;
    }
    return days.stream().anyMatch(d -> d.status() == DayResult.Status.BUSY) ? 3 : 0;
  }

  /** The only day of a single-day run. */
  public DayResult single() {
    if (days.size() != 1) {
      throw new IllegalStateException("run covered " + days.size() + " days");
    }
    return days.get(0);
  }
}
