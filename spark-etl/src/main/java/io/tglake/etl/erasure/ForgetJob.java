package io.tglake.etl.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tglake.cli.Cli;
import io.tglake.cli.ExitCode;
import io.tglake.etl.DayResult;
import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.ObjectStores;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erasure of people from the lake (LGPD/GDPR deletion request). Main class for {@code bin/tglake
 * forget} and the EMR job of {@code bin/tglake emr forget} (same jar); options: {@link
 * ForgetCommand}.
 *
 * <ol>
 *   <li><b>Scan</b> ({@link ErasurePlanner}: {@link RawScan}, {@link PersonMatcher}): every raw
 *       object of the range in which a person is sender, affected member, callback presser or
 *       private chat; then ({@link OutgoingScan}) every outgoing record (what the bot said) in
 *       their private chat or answering one of those updates or callback queries. {@code --dry-run}
 *       prints this and stops.
 *   <li><b>Plan</b>: days and keys go to {@code _privacy/erasures/<id>.plan.json} before anything
 *       is deleted.
 *   <li><b>Per day</b> ({@link DayErasure}): record the enriched row counts, delete the raw objects
 *       (and every version of those keys on a versioned bucket), rewrite other people's objects
 *       that name them ({@link Redactions}), rebuild the day with the ETL from the cleaned raw
 *       partition (all five tables and the quarantine replaced exactly; an emptied day loses its
 *       partitions), record what went.
 *   <li><b>Audit</b> ({@link ErasureAudit}) {@code _privacy/erasures/<id>.json}: ids, days, counts,
 *       times — no content.
 * </ol>
 *
 * Every step is idempotent and the plan/progress files make a rerun with the same request id finish
 * an interrupted erasure; a completed request is a no-op.
 */
public final class ForgetJob {

  private static final Logger LOG = LoggerFactory.getLogger(ForgetJob.class);

  private final ForgetArgs args;
  private final ObjectStore raw;
  private final ObjectStore outgoing;
  private final ErasureLog log;
  private final ObjectStore enriched;
  private final LakeVersionPurge lakeVersions;
  private final DayRebuilder rebuilder;
  private final PrintStream out;
  private final Clock clock;
  private Consumer<LocalDate> afterDay = d -> {};

  /** Rebuilds one enriched day from the raw layer and counts its rows (the ETL in production). */
  public interface DayRebuilder {
    /** Rows per table of the day as stored now (0 for a missing partition). */
    Map<String, Long> rows(LocalDate day) throws IOException;

    /** Reruns the day; a non-FAILED result means every table of the day was replaced. */
    DayResult rebuild(LocalDate day) throws Exception;

    /**
     * Takes the day's lease for the erasure, waiting like the ETL ({@code --lease-wait}); held
     * until closed, so that no ETL run writes the day while the erasure reads, deletes and rebuilds
     * it. The default holds nothing (test fakes without a lake).
     *
     * @throws BusyDay when another run still holds the day after the wait
     */
    default Held hold(LocalDate day) throws BusyDay, IOException {
      return () -> {};
    }

    /**
     * Reruns the day under the lease of {@link #hold}, its quality gate judging the day as it was
     * before the erasure removed {@code objectsErased} objects. The default ignores the count (test
     * fakes).
     */
    default DayResult rebuild(LocalDate day, long objectsErased) throws Exception {
      return rebuild(day);
    }

    /**
     * Whether the day's last ETL run wrote pseudonymized tables (from its run report), null if
     * unknown.
     */
    Boolean pseudonymized(LocalDate day) throws IOException;
  }

  /** A held day lease (see {@link DayRebuilder#hold}). */
  public interface Held extends AutoCloseable {
    @Override
    void close();
  }

  /** What the job did (also for tests). */
  public record Outcome(
      String requestId, boolean dryRun, boolean alreadyDone, Map<LocalDate, List<String>> keys) {}

  /** Without outgoing records (a lake that never had a relay or pass-through). */
  public ForgetJob(
      ForgetArgs args,
      ObjectStore raw,
      ObjectStore enriched,
      DayRebuilder rebuilder,
      PrintStream out,
      Clock clock) {
    this(args, raw, enriched, null, rebuilder, out, clock);
  }

  /**
   * @param outgoing the outgoing records' store (null: none to scan)
   */
  public ForgetJob(
      ForgetArgs args,
      ObjectStore raw,
      ObjectStore enriched,
      ObjectStore outgoing,
      DayRebuilder rebuilder,
      PrintStream out,
      Clock clock) {
    this.args = args;
    this.raw = raw;
    this.outgoing = outgoing;
    this.enriched = enriched;
    this.lakeVersions = new LakeVersionPurge(enriched);
    this.log = new ErasureLog(enriched, args.requestId());
    this.rebuilder = rebuilder;
    this.out = out;
    this.clock = clock;
  }

  /** Test hook: runs after each completed day (e.g. to simulate a crash). */
  ForgetJob afterDay(Consumer<LocalDate> hook) {
    this.afterDay = hook;
    return this;
  }

  /**
   * Command line entry point: exit 0 done, 1 failed (rerun resumes), 2 bad options, 3 a day is
   * busy.
   */
  public static void main(String[] argv) {
    System.exit(
        Cli.of(new ForgetCommand(Clock.systemUTC(), ForgetCommand::runWithStores))
            .exitCode(BusyDay.class, ExitCode.BUSY)
            .execute(argv));
  }

  /** Runs the erasure (see class doc). */
  public Outcome run() throws Exception {
    String id = args.requestId();
    if (log.audit().isPresent()) {
      out.printf("forget %s: already completed (audit %s); nothing to do%n", id, log.auditKey());
      return new Outcome(id, args.dryRun(), true, Map.of());
    }
    JsonNode plan = log.plan().orElse(null);
    if (plan == null) {
      plan = new ErasurePlanner(args, raw, outgoing, out, clock).scanAndPlan();
      if (args.dryRun()) {
        lakeVersions.printDryRun(id, ErasurePlanner.keys(plan).keySet(), out);
        return new Outcome(id, true, false, ErasurePlanner.keys(plan));
      }
      log.writePlan(plan);
    } else {
      out.printf("forget %s: resuming from %s%n", id, log.planKey());
      if (args.dryRun()) {
        out.printf(
            "forget %s: dry run: an interrupted erasure is pending; rerun without --dry-run to finish it%n",
            id);
        return new Outcome(id, true, false, ErasurePlanner.keys(plan));
      }
    }
    Map<LocalDate, List<String>> keys = ErasurePlanner.keys(plan);
    checkModes(keys.keySet());
    DayErasure days = new DayErasure(id, raw, outgoing, log, lakeVersions, rebuilder, out, clock);
    ArrayNode auditDays = ErasureLog.object().arrayNode();
    int i = 0;
    for (var e : keys.entrySet()) {
      i++;
      auditDays.add(days.erase(e.getKey(), e.getValue(), plan, i, keys.size()));
      afterDay.accept(e.getKey());
    }
    ObjectNode audit = ErasureAudit.of(id, plan, auditDays, Instant.now(clock));
    log.complete(audit, keys.keySet());
    out.printf(
        "forget %s: done: %d objects removed over %d days; audit %s%n",
        id, ErasureAudit.objectsRemoved(audit), keys.size(), log.auditKey());
    return new Outcome(id, false, false, keys);
  }

  /**
   * A pseudonymized day must be rebuilt with the same key, a clear day in the clear: never mix
   * modes.
   */
  private void checkModes(Iterable<LocalDate> days) throws IOException {
    for (LocalDate d : days) {
      Boolean pseudo = rebuilder.pseudonymized(d);
      if (pseudo != null && pseudo != args.pseudonymize().isPresent()) {
        throw new IllegalStateException(
            "day "
                + d
                + " was written "
                + (pseudo ? "with" : "without")
                + " --pseudonymize; rerun forget "
                + (pseudo ? "with the lake's --pseudonymize key options" : "without --pseudonymize")
                + " (nothing was changed on that day)");
      }
    }
  }

  /** A day's lease is held by another run (exit code 3). */
  public static final class BusyDay extends Exception {
    private static final long serialVersionUID = 1L;

    public BusyDay(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static void closeQuietly(ObjectStore s) {
    try {
      s.close();
    } catch (RuntimeException e) {
      LOG.debug("closing store: {}", e.toString());
    }
  }

  /** Opens the stores for {@code args} (local folders or S3). */
  static ObjectStore[] open(ForgetArgs args) {
    return new ObjectStore[] {
      ObjectStores.open(args.raw(), args.s3Endpoint()),
      ObjectStores.open(args.enriched(), args.s3Endpoint()),
      ObjectStores.open(args.outgoingRoot(), args.s3Endpoint())
    };
  }
}
