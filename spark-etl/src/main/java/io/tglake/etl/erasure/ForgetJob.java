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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erasure of people from the lake (LGPD/GDPR deletion request). Main class for {@code bin/tglake
 * forget} and the EMR job of {@code bin/tglake emr forget} (same jar); options: {@link
 * ForgetCommand}.
 *
 * <ol>
 *   <li><b>Scan</b> ({@link RawScan}, {@link PersonMatcher}): every raw object of the range in
 *       which a person is sender, affected member, callback presser or private chat; then ({@link
 *       OutgoingScan}) every outgoing record (what the bot said) in their private chat or answering
 *       one of those updates or callback queries. {@code --dry-run} prints this and stops.
 *   <li><b>Plan</b>: days and keys go to {@code _privacy/erasures/<id>.plan.json} before anything
 *       is deleted.
 *   <li><b>Per day</b>: record the enriched row counts, delete the raw objects (and every version
 *       of those keys on a versioned bucket), rewrite other people's objects that name them ({@link
 *       Redactions}), rebuild the day with the ETL from the cleaned raw partition (all five tables
 *       and the quarantine replaced exactly; an emptied day loses its partitions), record what
 *       went.
 *   <li><b>Audit</b> {@code _privacy/erasures/<id>.json}: ids, days, counts, times — no content.
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
      plan = scanAndPlan();
      if (args.dryRun()) {
        lakeVersions.printDryRun(id, keys(plan).keySet(), out);
        return new Outcome(id, true, false, keys(plan));
      }
      log.writePlan(plan);
    } else {
      out.printf("forget %s: resuming from %s%n", id, log.planKey());
      if (args.dryRun()) {
        out.printf(
            "forget %s: dry run: an interrupted erasure is pending; rerun without --dry-run to finish it%n",
            id);
        return new Outcome(id, true, false, keys(plan));
      }
    }
    Map<LocalDate, List<String>> keys = keys(plan);
    checkModes(keys.keySet());
    ArrayNode auditDays = ErasureLog.object().arrayNode();
    int i = 0;
    for (var e : keys.entrySet()) {
      i++;
      auditDays.add(day(e.getKey(), e.getValue(), plan, i, keys.size()));
      afterDay.accept(e.getKey());
    }
    ObjectNode audit = ErasureLog.object();
    audit.put("request_id", id);
    audit.set("user_ids", plan.get("user_ids"));
    audit.set("range", plan.get("range"));
    audit.put("started_at", plan.get("started_at").asText());
    audit.put("finished_at", Instant.now(clock).toString());
    audit.put("days_scanned", plan.get("days_scanned").asInt());
    audit.put("objects_scanned", plan.get("objects_scanned").asLong());
    audit.set("days", auditDays);
    long objects = 0;
    long records = 0;
    long lakeVersionsRemoved = 0;
    long redacted = 0;
    for (JsonNode d : auditDays) {
      objects += d.get("objects_removed").asLong();
      records += d.path("outgoing_records_removed").asLong();
      lakeVersionsRemoved += d.path("lake_versions_removed").asLong();
      redacted +=
          d.path("objects_redacted").asLong() + d.path("outgoing_records_redacted").asLong();
    }
    audit.put("objects_removed", objects);
    audit.put("outgoing_records_removed", records);
    audit.put("lake_versions_removed", lakeVersionsRemoved);
    audit.put("objects_redacted", redacted);
    log.complete(audit, keys.keySet());
    out.printf(
        "forget %s: done: %d objects removed over %d days; audit %s%n",
        id, objects, keys.size(), log.auditKey());
    return new Outcome(id, false, false, keys);
  }

  private ObjectNode scanAndPlan() throws IOException {
    Instant started = Instant.now(clock);
    RawScan rawScan = new RawScan(raw, new PersonMatcher(args.userIds()));
    List<RawScan.Day> scanned = rawScan.scan(args);
    OutgoingScan.Result bot = scanOutgoing(scanned, rawScan.theirCallbackIds(), rawScan.identity());
    ObjectNode plan = ErasureLog.object();
    plan.put("request_id", args.requestId());
    ArrayNode ids = plan.putArray("user_ids");
    args.sortedIds().forEach(ids::add);
    ObjectNode range = plan.putObject("range");
    range.put("from", args.from().map(Object::toString).orElse(null));
    range.put("to", args.to().map(Object::toString).orElse(null));
    plan.put("started_at", started.toString());
    plan.put("days_scanned", scanned.size());
    plan.put("objects_scanned", scanned.stream().mapToLong(RawScan.Day::scanned).sum());
    plan.put("outgoing_scanned", bot.scanned());
    ObjectNode days = plan.putObject("days");
    long total = 0;
    Map<LocalDate, RawScan.Day> byDay = new TreeMap<>();
    scanned.forEach(d -> byDay.put(d.date(), d));
    bot.keys().keySet().forEach(d -> byDay.putIfAbsent(d, new RawScan.Day(d, List.of(), 0, 0)));
    for (RawScan.Day d : byDay.values()) {
      List<String> botKeys = bot.keys().getOrDefault(d.date(), List.of());
      if (!d.keys().isEmpty() || !botKeys.isEmpty()) {
        ObjectNode day = days.putObject(d.date().toString());
        d.keys().forEach(day.putArray("keys")::add);
        if (!botKeys.isEmpty()) {
          botKeys.forEach(day.putArray("outgoing_keys")::add);
        }
        day.put("references_kept", d.references());
        total += d.keys().size();
      }
      if (args.dryRun() && !botKeys.isEmpty()) {
        out.printf(
            "forget %s: %s: %d outgoing records would be removed %s%n",
            args.requestId(), d.date(), botKeys.size(), botKeys);
      }
      if (args.dryRun()) {
        out.printf(
            "forget %s: %s: %d of %d objects would be removed%s%s%n",
            args.requestId(),
            d.date(),
            d.keys().size(),
            d.scanned(),
            d.redactKeys().isEmpty()
                ? ""
                : ", "
                    + d.redactKeys().size()
                    + " objects of other people that name them would be redacted",
            d.keys().isEmpty() ? "" : " " + d.keys());
      }
    }
    Redactions.plan(
        plan, scanned, bot.redactKeys(), rawScan.identity(), args.requestId(), args.dryRun(), out);
    out.printf(
        "forget %s: %s%d objects of %d people in %d of %d days%n",
        args.requestId(),
        args.dryRun() ? "dry run, nothing changed: would remove " : "found ",
        total,
        args.userIds().size(),
        days.size(),
        scanned.size());
    return plan;
  }

  /** Their outgoing records (none without an outgoing store): see {@link OutgoingScan}. */
  private OutgoingScan.Result scanOutgoing(
      List<RawScan.Day> scanned, Set<String> callbackIds, PersonIdentity who) throws IOException {
    if (outgoing == null) {
      return new OutgoingScan.Result(Map.of(), 0);
    }
    Set<Long> updateIds = new HashSet<>();
    for (RawScan.Day d : scanned) {
      for (String key : d.keys()) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        if (name.matches("\\d{1,19}\\.json")) {
          updateIds.add(Long.parseLong(name.substring(0, name.length() - ".json".length())));
        }
      }
    }
    return new OutgoingScan(outgoing, args.userIds(), updateIds, callbackIds)
        .redacting(new ReferenceRedactor(who))
        .scan(args);
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

  private ObjectNode day(LocalDate day, List<String> keys, JsonNode plan, int i, int n)
      throws Exception {
    JsonNode progress = log.day(day).orElse(null);
    if (progress != null && "done".equals(progress.path("state").asText())) {
      out.printf("forget %s day %d/%d %s: already done%n", args.requestId(), i, n, day);
      return (ObjectNode) progress;
    }
    // The day's lease before its first read: an ETL run of the same day may be replacing its files
    // right now.
    try (Held held = rebuilder.hold(day)) {
      return dayLeased(day, keys, plan, progress, i, n);
    }
  }

  private ObjectNode dayLeased(
      LocalDate day, List<String> keys, JsonNode plan, JsonNode progress, int i, int n)
      throws Exception {
    Map<String, Long> before;
    if (progress == null) {
      before = rebuilder.rows(day);
      ObjectNode started = ErasureLog.object();
      started.put("state", "started");
      started.set("rows_before", rowsNode(before));
      log.writeDay(day, started);
    } else {
      before = rows(progress.get("rows_before"));
    }
    long versions = 0;
    long removed = 0;
    for (String key : keys) {
      if (raw.get(key).isPresent()) {
        removed++;
      }
      raw.delete(key);
      versions += purgeVersions(raw, key);
    }
    List<String> botKeys = new ArrayList<>();
    plan.path("days")
        .path(day.toString())
        .path("outgoing_keys")
        .forEach(k -> botKeys.add(k.asText()));
    for (String key : botKeys) {
      outgoing.delete(key);
      versions += purgeVersions(outgoing, key);
    }
    // Other people's objects that name them are rewritten, not deleted (docs/privacy.md).
    Redactions.Applied redacted = Redactions.apply(day, plan, raw, outgoing);
    versions += redacted.versions();
    LakeVersionPurge.Snapshot lakeBefore = lakeVersions.snapshot(day);
    DayResult r = rebuilder.rebuild(day, keys.size());
    if (!r.ok()) {
      throw new IllegalStateException(
          "rebuilding "
              + day
              + " failed: "
              + r.error().orElse("?")
              + " (raw objects are already removed; rerun the same forget to retry the rebuild)");
    }
    // The replaced day's old bodies stay readable as noncurrent versions of a versioned lake until
    // purged here.
    long lakeVersionsRemoved = lakeVersions.purge(lakeBefore);
    Map<String, Long> after = rebuilder.rows(day);
    ObjectNode done = ErasureLog.object();
    done.put("date", day.toString());
    done.put("state", "done");
    // Keys from the plan: on a resumed day some were deleted by the first attempt, still removed by
    // this request.
    done.put("objects_removed", keys.size());
    done.put("outgoing_records_removed", botKeys.size());
    done.put("objects_deleted_this_run", removed);
    done.put("noncurrent_versions_removed", versions);
    done.put("lake_versions_removed", lakeVersionsRemoved);
    done.put("objects_redacted", redacted.objects());
    done.put("outgoing_records_redacted", redacted.outgoingRecords());
    done.put("references_kept", redacted.kept());
    ObjectNode rowsRemoved = done.putObject("rows_removed");
    for (String t : before.keySet()) {
      rowsRemoved.put(t, before.get(t) - after.getOrDefault(t, 0L));
    }
    done.put("finished_at", Instant.now(clock).toString());
    log.writeDay(day, done);
    out.printf(
        "forget %s day %d/%d %s: removed %d raw objects (%d noncurrent versions), rows %s, rebuilt %s, "
            + "%d old lake versions purged%n",
        args.requestId(),
        i,
        n,
        day,
        keys.size(),
        versions,
        rowsRemoved,
        r.status(),
        lakeVersionsRemoved);
    if (redacted.objects() + redacted.outgoingRecords() > 0) {
      out.printf(
          "forget %s day %d/%d %s: redacted %d raw objects and %d outgoing records of other people%n",
          args.requestId(), i, n, day, redacted.objects(), redacted.outgoingRecords());
    }
    return done;
  }

  /**
   * Every stored version (and delete marker) of exactly {@code key}; none locally or on an
   * unversioned bucket.
   */
  private static long purgeVersions(ObjectStore store, String key) throws IOException {
    long n = 0;
    for (ObjectStore.ObjectVersion v : store.listVersions(key)) {
      if (v.key().equals(key)) {
        store.deleteVersion(key, v.versionId());
        n++;
      }
    }
    return n;
  }

  private static Map<LocalDate, List<String>> keys(JsonNode plan) {
    Map<LocalDate, List<String>> keys = new TreeMap<>();
    plan.path("days")
        .fields()
        .forEachRemaining(
            e -> {
              List<String> k = new ArrayList<>();
              e.getValue().path("keys").forEach(x -> k.add(x.asText()));
              keys.put(LocalDate.parse(e.getKey()), k);
            });
    return keys;
  }

  private static ObjectNode rowsNode(Map<String, Long> rows) {
    ObjectNode n = ErasureLog.object();
    rows.forEach(n::put);
    return n;
  }

  private static Map<String, Long> rows(JsonNode n) {
    Map<String, Long> m = new LinkedHashMap<>();
    n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
    return m;
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
