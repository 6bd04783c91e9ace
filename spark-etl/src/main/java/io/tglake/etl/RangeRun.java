package io.tglake.etl;

import io.tglake.etl.lease.DayLease;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several days of the ETL in one pass: the days' leases taken up front in ascending order, all
 * their raw objects read, judged ({@link UpdateGate}), inferred and parsed together, and all
 * accepted days' tables written by one job per table ({@link DayPartitions}), then committed day by
 * day in ascending order ({@link RangePass}).
 *
 * <p>Per day, everything is what a run of that day alone does: the quality gates judge the day's
 * own counts ({@link DayGate}; a rejected day is not written and fails while the others are
 * written), redeliveries are dropped within the day and against the previous {@code
 * --dedup-lookback-days} raw partitions (inside the range the range's own earlier days), each day
 * gets its quarantine, run report, metrics and drift, and its partitions are replaced exactly. A
 * day whose lease another run holds (after {@code --lease-wait}) is BUSY and not read.
 */
final class RangeRun {

  private static final Logger LOG = LoggerFactory.getLogger(RangeRun.class);

  private final RunContext ctx;
  private final OutgoingReads outgoing;
  private final RangePass.AfterCommit afterCommit;

  RangeRun(RunContext ctx, OutgoingReads outgoing, RangePass.AfterCommit afterCommit) {
    this.ctx = ctx;
    this.outgoing = outgoing;
    this.afterCommit = afterCommit;
  }

  /**
   * Runs {@code days} (ascending, consecutive or not); one result per day, in order. Never throws
   * an Exception.
   */
  List<DayResult> run(List<LocalDate> days) {
    long start = System.nanoTime();
    JobArgs args = ctx.args();
    Map<LocalDate, DayResult> results = new TreeMap<>();
    Map<LocalDate, DayLease> leases = new LinkedHashMap<>();
    Map<LocalDate, DayProgress> progress = new HashMap<>();
    try {
      // In ascending order, as every run takes them: two runs never wait for each other in a cycle.
      for (LocalDate day : days) {
        try {
          leases.put(
              day,
              DayLease.acquire(
                  ctx.enrichedStore(),
                  day,
                  ctx.runId(),
                  args.safety().leaseTtl(),
                  args.safety().leaseWait()));
          DayProgress p =
              new DayProgress(ctx.runId(), Instant.now(), ctx.pseudonymizer().isPresent());
          progress.put(day, p);
          RunReport.writeRunning(ctx.hadoop(), args, day, p);
        } catch (DayLease.Busy e) {
          LOG.error("etl {}: not processed: {}", day, e.getMessage());
          results.put(day, RangePass.failed(day, DayResult.Status.BUSY, start, e.getMessage()));
        } catch (IOException | RuntimeException e) {
          LOG.error("etl {}: failed: could not take the day lease: {}", day, e.toString(), e);
          results.put(
              day,
              RangePass.failed(
                  day,
                  DayResult.Status.FAILED,
                  start,
                  "could not take the day lease: " + e.getMessage()));
        }
      }
      List<LocalDate> held = new ArrayList<>(progress.keySet());
      held.sort(null);
      if (!held.isEmpty()) {
        new StaleStaging(ctx).sweep();
        try {
          new RangePass(ctx, outgoing, afterCommit, held, leases, progress, results, start).run();
        } catch (Exception | StackOverflowError | LinkageError e) {
          // A failure before the commits (read, parse, staging) replaces nothing: every day not
          // finished fails.
          LOG.error(
              "etl {}..{}: failed: {}", held.get(0), held.get(held.size() - 1), e.toString(), e);
          for (LocalDate day : held) {
            if (!results.containsKey(day)) {
              DayResult r =
                  RangePass.failed(day, DayResult.Status.FAILED, start, DayResult.shortMessage(e));
              results.put(day, r);
              RangePass.finish(ctx, day, r, progress.get(day));
            }
          }
        }
      }
    } finally {
      leases.values().forEach(DayLease::close);
    }
    List<DayResult> out = new ArrayList<>();
    for (LocalDate day : days) {
      out.add(results.get(day));
    }
    return out;
  }
}
