package io.tglake.etl;

import java.util.Locale;

/**
 * Why a run processes its days, carried as the {@code RunKind} dimension of the ETL's metrics so
 * that the alarms can read the scheduled runs only: a backfill, a manual rerun or an erasure
 * rebuild of a day must neither change the figures the alarms judge the day by nor hide a missing
 * scheduled run.
 */
public enum RunKind {
  /** Started by the daily schedule ({@code --scheduled-time}). */
  SCHEDULED,
  /** One day started by hand ({@code --date}, {@code emr submit}). */
  MANUAL,
  /** A range of days ({@code --from/--to}, {@code emr backfill}). */
  BACKFILL,
  /** A day rebuilt by an erasure ({@code forget}). */
  ERASURE,
  /**
   * Today so far, refreshed during the day ({@code --intraday-time}, the intraday schedule): the
   * day's partitions are replaced like any rerun's, and the nightly scheduled run of that day is
   * the final word.
   */
  INTRADAY;

  /** The dimension value: the lower-case name. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The kind a command line implies when it does not say: scheduled, else backfill for a range,
   * else manual.
   */
  public static RunKind implied(boolean scheduled, boolean range) {
    return scheduled ? SCHEDULED : range ? BACKFILL : MANUAL;
  }
}
