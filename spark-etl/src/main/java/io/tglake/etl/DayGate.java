package io.tglake.etl;

import io.tglake.contract.LakeLayout;
import java.time.LocalDate;
import java.util.Map;

/**
 * The per-day quality gates ({@code --max-bad-fraction}, {@code --max-rescued-fraction}): whether a
 * day that was read and parsed may be written. One day's verdict depends only on that day's counts,
 * so a range run judges each of its days exactly as a run of that day alone would.
 */
final class DayGate {

  private DayGate() {}

  /**
   * Throws when the day must not be written.
   *
   * @param listed raw objects listed for the day (the denominator of the bad fraction)
   * @param erased objects an erasure removed before this rebuild (0 outside erasure): the day is
   *     judged as it was, so removing a person's objects can never push a day that passed over a
   *     threshold
   * @param measured the day's counts ({@link DayQualityMeter})
   * @param unreadable objects listed but not read, counted as bad
   * @throws DayRejected with the reason and the day's counts
   */
  static void check(
      JobArgs args,
      LocalDate day,
      long listed,
      long erased,
      DayQualityMeter.Measured measured,
      Map<String, String> unreadable) {
    long objects = measured.objects();
    long bad = measured.bad();
    DayQuality quality = measured.quality();
    DayResult.Read rejected = new DayResult.Read(objects, bad, quality, unreadable);
    String asItWas =
        erased == 0
            ? ""
            : String.format(" (erasure rebuild: judged with the %d erased objects)", erased);
    long all = listed + erased;
    double badFraction = (double) (bad + unreadable.size()) / all;
    if (badFraction > args.maxBadFraction()) {
      throw new DayRejected(
          day,
          rejected,
          String.format(
              "%d of %d objects (%.1f%%) are not valid updates (%d quarantined, %d unreadable), above "
                  + "--max-bad-fraction %.3f%s; see %s and the run report",
              bad + unreadable.size(),
              all,
              100 * badFraction,
              bad,
              unreadable.size(),
              args.maxBadFraction(),
              asItWas,
              LakePaths.of(args.enriched(), LakeLayout.quarantinePrefix(day))));
    }
    double rescuedFraction = objects == 0 ? 0 : (double) quality.rescued() / (objects + erased);
    if (rescuedFraction > args.maxRescuedFraction()) {
      throw new DayRejected(
          day,
          rejected,
          String.format(
              "%d of %d objects (%.1f%%) have values that do not fit the contract type, above "
                  + "--max-rescued-fraction %.3f%s; paths: %s",
              quality.rescued(),
              objects + erased,
              100 * rescuedFraction,
              args.maxRescuedFraction(),
              asItWas,
              quality.rescuedPaths()));
    }
  }
}
