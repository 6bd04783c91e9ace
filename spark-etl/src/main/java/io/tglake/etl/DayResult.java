package io.tglake.etl;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Outcome of one day of {@link TelegramEtlJob}; also the content of the run report {@code
 * <enriched>/}{@link io.tglake.contract.LakeLayout#runReportKey}.
 *
 * @param date the UTC day (raw partition {@code context_date})
 * @param status what happened to the day
 * @param objectsRead raw objects (files) read
 * @param updates valid updates written (after dedup)
 * @param rowsPerTable rows written per table name (insertion order = table order)
 * @param duplicatesDropped duplicate update_ids within the day plus redeliveries already seen in
 *     earlier days
 * @param quarantined objects copied to {@code _quarantine} (not JSON, not an object, no integer
 *     update_id)
 * @param seconds wall time of the day
 * @param unreadable objects listed but not read (vanished between list and GET, or still failing
 *     after retries): key → reason; counted with {@code quarantined} against {@code
 *     --max-bad-fraction}
 * @param error failure message when {@code status == FAILED}
 * @param quality rescued objects, drift paths and 'other' messages ({@link DayQuality#NONE} when
 *     not measured)
 */
public record DayResult(
    LocalDate date,
    Status status,
    long objectsRead,
    long updates,
    Map<String, Long> rowsPerTable,
    long duplicatesDropped,
    long quarantined,
    double seconds,
    Optional<String> error,
    DayQuality quality,
    Map<String, String> unreadable) {

  /** How a day ended. */
  public enum Status {
    /** Tables written. */
    SUCCEEDED,
    /** Raw partition missing or empty: success, no partition written. */
    EMPTY,
    /** Something failed (including too many bad objects); the day can be rerun. */
    FAILED,
    /** Another run holds the day's lease: nothing written for it by this run (exit code 3). */
    BUSY,
    /**
     * A second start of the scheduled run whose first start holds the day: nothing written, not a
     * failure (exit code 0, no metrics), see {@code ScheduledStarts}.
     */
    DUPLICATE_START
  }

  public DayResult {
    // Keep the table order for logs and reports.
    rowsPerTable = Collections.unmodifiableMap(new LinkedHashMap<>(rowsPerTable));
    unreadable = Collections.unmodifiableMap(new java.util.TreeMap<>(unreadable));
  }

  /** A result with no unreadable objects. */
  public DayResult(
      LocalDate date,
      Status status,
      long objectsRead,
      long updates,
      Map<String, Long> rowsPerTable,
      long duplicatesDropped,
      long quarantined,
      double seconds,
      Optional<String> error,
      DayQuality quality) {
    this(
        date,
        status,
        objectsRead,
        updates,
        rowsPerTable,
        duplicatesDropped,
        quarantined,
        seconds,
        error,
        quality,
        Map.of());
  }

  /** A result without data-quality figures ({@link DayQuality#NONE}). */
  public DayResult(
      LocalDate date,
      Status status,
      long objectsRead,
      long updates,
      Map<String, Long> rowsPerTable,
      long duplicatesDropped,
      long quarantined,
      double seconds,
      Optional<String> error) {
    this(
        date,
        status,
        objectsRead,
        updates,
        rowsPerTable,
        duplicatesDropped,
        quarantined,
        seconds,
        error,
        DayQuality.NONE);
  }

  /** Same result with {@code quality}. */
  public DayResult withQuality(DayQuality q) {
    return new DayResult(
        date,
        status,
        objectsRead,
        updates,
        rowsPerTable,
        duplicatesDropped,
        quarantined,
        seconds,
        error,
        q,
        unreadable);
  }

  /**
   * True when the day succeeded, was empty, or is being written by this scheduled run's first
   * start.
   */
  public boolean ok() {
    return status == Status.SUCCEEDED || status == Status.EMPTY || status == Status.DUPLICATE_START;
  }

  /** Rows written to {@code table} (0 if none). */
  public long rows(String table) {
    return rowsPerTable.getOrDefault(table, 0L);
  }
}
