package io.tglake.etl;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

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
    unreadable = Collections.unmodifiableMap(new TreeMap<>(unreadable));
  }

  /**
   * What reading and judging a day found, before any table was written.
   *
   * @param objects raw objects read
   * @param quarantined objects copied to {@code _quarantine}
   * @param quality rescued objects, drift paths and 'other' messages
   * @param unreadable objects listed but not read: key → reason
   */
  public record Read(
      long objects, long quarantined, DayQuality quality, Map<String, String> unreadable) {}

  /** The day's tables are written: {@code rows} per table, its {@code updates} entry included. */
  public static DayResult succeeded(
      LocalDate day, Read read, Map<String, Long> rows, long duplicatesDropped, double seconds) {
    return new DayResult(
        day,
        Status.SUCCEEDED,
        read.objects(),
        rows.get("updates"),
        rows,
        duplicatesDropped,
        read.quarantined(),
        seconds,
        Optional.empty(),
        read.quality(),
        read.unreadable());
  }

  /**
   * No raw objects for the day: only the bot's own messages ({@code botRows}, may be empty) are
   * written.
   */
  public static DayResult empty(LocalDate day, Map<String, Long> botRows, double seconds) {
    return new DayResult(
        day,
        Status.EMPTY,
        0,
        0,
        botRows,
        0,
        0,
        seconds,
        Optional.empty(),
        DayQuality.NONE,
        Map.of());
  }

  /** The day was read and refused by its gate: nothing written, the read's figures kept. */
  public static DayResult rejected(LocalDate day, Read read, double seconds, String error) {
    return new DayResult(
        day,
        Status.FAILED,
        read.objects(),
        0,
        Map.of(),
        0,
        read.quarantined(),
        seconds,
        Optional.of(error),
        read.quality(),
        read.unreadable());
  }

  /** The day failed with nothing to count (before or while reading it). */
  public static DayResult failed(LocalDate day, double seconds, String error) {
    return stopped(day, Status.FAILED, seconds, Optional.of(error));
  }

  /** Another run holds the day's lease: nothing written. */
  public static DayResult busy(LocalDate day, double seconds, String why) {
    return stopped(day, Status.BUSY, seconds, Optional.of(why));
  }

  /** The first start of this scheduled run holds the day: nothing written, not a failure. */
  public static DayResult duplicateStart(LocalDate day, double seconds, String why) {
    return stopped(day, Status.DUPLICATE_START, seconds, Optional.of(why));
  }

  /** A day that ended with {@code status} before anything was read or written. */
  public static DayResult stopped(
      LocalDate day, Status status, double seconds, Optional<String> why) {
    return new DayResult(
        day, status, 0, 0, Map.of(), 0, 0, seconds, why, DayQuality.NONE, Map.of());
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

  /**
   * One line for the run report: the exception's class and the first line of its message, at most
   * 300 chars.
   */
  static String shortMessage(Throwable e) {
    Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    String message = t.getMessage() == null ? "" : t.getMessage().strip();
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline).strip();
    }
    String line = t.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    return line.length() > 300 ? line.substring(0, 300) + "… (see the job log)" : line;
  }
}
