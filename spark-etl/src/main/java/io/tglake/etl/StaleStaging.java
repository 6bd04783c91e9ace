package io.tglake.etl;

import io.tglake.contract.LakeLayout;
import io.tglake.contract.LakeLayout.RangeStaging;
import io.tglake.etl.lease.DayLease;
import io.tglake.etl.store.ObjectStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the range staging folders ({@link LakeLayout#rangeStagingDir}) that a run which died
 * between staging and its last commit left in the table folders ({@link DayPartitions} removes its
 * own when it ends normally).
 *
 * <p>A staging folder is only used by its run while that run holds the lease of a day it staged:
 * the run takes all its days' leases before it stages and checks the day's lease before each
 * commit. So a folder is stale, and removed, when its run (named in the folder) holds the lease of
 * none of the days from the first to the last day staged (also named); a folder whose run still
 * holds any of them is left alone, whoever asks. The residual window is the lease's own (see {@link
 * DayLease}): a run paused for longer than the lease TTL counts as dead. Folders whose name does
 * not say its days are left alone and logged.
 */
final class StaleStaging {

  private static final Logger LOG = LoggerFactory.getLogger(StaleStaging.class);

  /** Every table a range run stages. */
  private static final List<String> TABLES =
      Stream.concat(Tables.NAMES.stream(), Stream.of(BotMessages.TABLE)).toList();

  private final Configuration hadoop;
  private final String enrichedRoot;
  private final ObjectStore enrichedStore;
  private final Clock clock;

  StaleStaging(RunContext ctx) {
    this(ctx.hadoop(), ctx.enrichedRoot(), ctx.enrichedStore(), Clock.systemUTC());
  }

  StaleStaging(Configuration hadoop, String enrichedRoot, ObjectStore enrichedStore, Clock clock) {
    this.hadoop = hadoop;
    this.enrichedRoot = enrichedRoot;
    this.enrichedStore = enrichedStore;
    this.clock = clock;
  }

  /**
   * Removes every stale staging folder of every table. Never throws: a folder left behind is hidden
   * from every reader and costs storage only, so a failure here is logged, not a day's.
   *
   * @return the folders removed, as {@code <table>/<folder>}
   */
  List<String> sweep() {
    List<String> removed = new ArrayList<>();
    Map<String, Boolean> live = new HashMap<>();
    try {
      for (String table : TABLES) {
        Path dir = new Path(enrichedRoot + "/" + table);
        FileSystem fs = dir.getFileSystem(hadoop);
        FileStatus[] found = fs.globStatus(new Path(dir, LakeLayout.RANGE_STAGING_PREFIX + "*"));
        for (FileStatus f : found == null ? new FileStatus[0] : found) {
          String name = f.getPath().getName();
          Optional<RangeStaging> staging = LakeLayout.parseRangeStagingDir(name);
          if (staging.isEmpty()) {
            LOG.warn(
                "etl: {}/{} does not name the days it staged: left alone (remove it by hand if no run"
                    + " is active)",
                table,
                name);
            continue;
          }
          if (live.computeIfAbsent(name, n -> holdsAnyDay(staging.get()))) {
            continue;
          }
          fs.delete(f.getPath(), true);
          removed.add(table + "/" + name);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("etl: could not remove stale staging folders: {}", e.toString());
    }
    if (!removed.isEmpty()) {
      LOG.warn(
          "etl: removed the staging folders of runs that ended before committing all their days: {}",
          removed);
    }
    return removed;
  }

  /** Whether the folder's run still holds the lease of any day it may have staged. */
  private boolean holdsAnyDay(RangeStaging staging) {
    Instant now = clock.instant();
    for (LocalDate d = staging.first(); !d.isAfter(staging.last()); d = d.plusDays(1)) {
      try {
        if (DayLease.heldBy(enrichedStore, d, staging.runId(), now)) {
          return true;
        }
      } catch (IOException e) {
        // Cannot tell: treat as live, a folder kept is harmless, one removed under a run is not.
        LOG.warn("etl: lease of {} unreadable, staging of run {} kept: {}", d, staging.runId(), e);
        return true;
      }
    }
    return false;
  }
}
