package io.tglake.etl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run has written for a day so far: the run id and, per table whose write completed, the
 * files now in its day partition ({@link io.tglake.contract.LakeLayout#tablePrefix}). The run
 * report carries it, rewritten after every table, so a run that failed or crashed part-way shows
 * which tables it replaced; a successful run lists all five, and those files are exactly what the
 * partitions hold afterwards.
 */
final class DayProgress {

  private final String runId;
  private final Instant startedAt;
  private final boolean pseudonymized;
  private final Map<String, List<String>> written = new LinkedHashMap<>();

  DayProgress(String runId, Instant startedAt, boolean pseudonymized) {
    this.runId = runId;
    this.startedAt = startedAt;
    this.pseudonymized = pseudonymized;
  }

  /**
   * Whether this run writes pseudonymized tables (erasure must never rebuild such a day in the
   * clear).
   */
  boolean pseudonymized() {
    return pseudonymized;
  }

  String runId() {
    return runId;
  }

  Instant startedAt() {
    return startedAt;
  }

  /**
   * Records that {@code table}'s partition now holds {@code files} (empty: the partition was
   * removed).
   */
  synchronized void tableWritten(String table, List<String> files) {
    written.put(table, List.copyOf(files));
  }

  /** Table → files, in completion order. */
  synchronized Map<String, List<String>> written() {
    return new LinkedHashMap<>(written);
  }

  /** Tables written, in {@link Tables#NAMES} order. */
  synchronized List<String> tablesWritten() {
    List<String> out = new ArrayList<>();
    for (String t : Tables.NAMES) {
      if (written.containsKey(t)) {
        out.add(t);
      }
    }
    return out;
  }
}
