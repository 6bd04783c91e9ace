package io.tglake.etl;

import io.tglake.contract.LakeLayout;
import io.tglake.etl.store.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a second start of the same scheduled run apart from a real conflict. EventBridge Scheduler
 * may start the daily job twice for one scheduled time (a retry after an ambiguous StartJobRun
 * error carries a new execution id, hence a new client token), and that second run finds the day's
 * lease held by the first. Ending it as BUSY (exit 3, job FAILED) would page someone for nothing,
 * and StartJobRun's client token cannot be derived from the scheduled day (Scheduler inserts {@code
 * <aws.scheduler.scheduled-time>} verbatim and its colons are not allowed in a token).
 *
 * <p>So every scheduled run of day D first creates {@code scheduled-start.json} in {@link
 * LakeLayout#runsPrefix} with {@code putIfAbsent}: the run that creates it is the first start; a
 * scheduled run that finds it already there and then cannot get the lease ends as {@link
 * DayResult.Status#DUPLICATE_START} (exit 0, no metrics), because the holder is that first start. A
 * later scheduled start that finds the day free simply runs it (a crashed first start is redone).
 * Manual runs never look at the marker.
 */
final class ScheduledStarts {

  private static final Logger LOG = LoggerFactory.getLogger(ScheduledStarts.class);

  private ScheduledStarts() {}

  /** The marker of day {@code day}'s scheduled starts in the enriched store. */
  static String key(LocalDate day) {
    return LakeLayout.runsPrefix(day) + "scheduled-start.json";
  }

  /**
   * Records this scheduled start of {@code day}.
   *
   * @return true when it is the first start of the day's scheduled run (or the marker could not be
   *     written: then the run behaves as before, a busy day is BUSY)
   */
  static boolean first(ObjectStore enriched, LocalDate day, String runId) {
    String body = "{\"first_run_id\": \"" + runId + "\", \"at\": \"" + Instant.now() + "\"}";
    try {
      return enriched.putIfAbsent(key(day), body.getBytes(StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "etl {}: could not record the scheduled start ({}); a busy day will count as a conflict",
          day,
          e.toString());
      return true;
    }
  }
}
