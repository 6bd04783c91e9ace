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

  /**
   * 0 every day ok, 1 a day failed, else 3 a day was busy (held by another run); the CLI exit code.
   */
  public int exitCode() {
    if (days.stream().anyMatch(d -> d.status() == DayResult.Status.FAILED)) {
      return 1;
    }
    return days.stream().anyMatch(d -> d.status() == DayResult.Status.BUSY) ? 3 : 0;
  }

  /**
   * The exit code of a run of this kind: {@link #exitCode()}, except that an {@link
   * RunKind#INTRADAY} refresh always ends 0. A refresh that could not replace today (a day over a
   * quality gate, the day held by another run) leaves the previous refresh in place, says so in its
   * log, run report and metrics (run kind intraday, which no alarm reads), and must not page as a
   * failed job run: the nightly run of the day is the one judged.
   */
  public int exitCode(RunKind kind) {
    return kind == RunKind.INTRADAY ? 0 : exitCode();
  }

  /** The only day of a single-day run. */
  public DayResult single() {
    if (days.size() != 1) {
      throw new IllegalStateException("run covered " + days.size() + " days");
    }
    return days.get(0);
  }
}
