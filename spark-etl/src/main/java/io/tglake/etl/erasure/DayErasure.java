package io.tglake.etl.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tglake.etl.DayResult;
import io.tglake.etl.store.ObjectStore;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One planned day of an erasure, under the day's lease: records the enriched row counts, deletes
 * the raw objects and outgoing records (and every version of those keys on a versioned bucket),
 * rewrites other people's objects that name them ({@link Redactions}), rebuilds the day ({@link
 * ForgetJob.DayRebuilder}), purges the lake versions the rebuild made old ({@link
 * LakeVersionPurge}) and records what went ({@link ErasureLog#writeDay}). A day already recorded as
 * done is skipped; a started one resumes with its recorded row counts.
 */
final class DayErasure {

  private final String requestId;
  private final ObjectStore raw;
  private final ObjectStore outgoing;
  private final ErasureLog log;
  private final LakeVersionPurge lakeVersions;
  private final ForgetJob.DayRebuilder rebuilder;
  private final PrintStream out;
  private final Clock clock;

  DayErasure(
      String requestId,
      ObjectStore raw,
      ObjectStore outgoing,
      ErasureLog log,
      LakeVersionPurge lakeVersions,
      ForgetJob.DayRebuilder rebuilder,
      PrintStream out,
      Clock clock) {
    this.requestId = requestId;
    this.raw = raw;
    this.outgoing = outgoing;
    this.log = log;
    this.lakeVersions = lakeVersions;
    this.rebuilder = rebuilder;
    this.out = out;
    this.clock = clock;
  }

  /**
   * Erases day {@code i} of {@code n} ({@code keys}: its raw keys from the plan) and returns its
   * {@code done} record, which goes into the audit.
   */
  ObjectNode erase(LocalDate day, List<String> keys, JsonNode plan, int i, int n) throws Exception {
    JsonNode progress = log.day(day).orElse(null);
    if (progress != null && "done".equals(progress.path("state").asText())) {
      out.printf("forget %s day %d/%d %s: already done%n", requestId, i, n, day);
      return (ObjectNode) progress;
    }
    // The day's lease before its first read: an ETL run of the same day may be replacing its files
    // right now.
    try (ForgetJob.Held held = rebuilder.hold(day)) {
      return eraseLeased(day, keys, plan, progress, i, n);
    }
  }

  private ObjectNode eraseLeased(
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
    List<String> botKeys = ErasurePlanner.outgoingKeys(plan, day);
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
        requestId, i, n, day, keys.size(), versions, rowsRemoved, r.status(), lakeVersionsRemoved);
    if (redacted.objects() + redacted.outgoingRecords() > 0) {
      out.printf(
          "forget %s day %d/%d %s: redacted %d raw objects and %d outgoing records of other people%n",
          requestId, i, n, day, redacted.objects(), redacted.outgoingRecords());
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
}
