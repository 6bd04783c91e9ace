package io.tglake.etl.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tglake.contract.LakeLayout;
import io.tglake.etl.store.ObjectStore;
import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The erasure's second half: other people's objects that name the person are rewritten ({@link
 * ReferenceRedactor}) instead of deleted. {@link #plan} adds them to the erasure plan (per day
 * {@code redact_keys} and {@code outgoing_redact_keys}, and their hashed usernames/phones under
 * {@code identity}); {@link #apply} rewrites a day's objects under their keys, purges the old
 * versions and records the original arrival times. Idempotent: an object already rewritten is left
 * as is (its old versions are still purged), so a resumed day finishes the work.
 */
final class Redactions {

  private static final Logger LOG = LoggerFactory.getLogger(Redactions.class);

  private Redactions() {}

  /** What a day's redaction did. */
  record Applied(long objects, long outgoingRecords, long versions, long kept) {}

  /**
   * Adds each day's redactions and their identity to {@code plan} (a day with only redactions gets
   * an entry with no keys to delete, so that it is rebuilt too); prints them on a dry run. Returns
   * how many objects would be rewritten.
   */
  static long plan(
      ObjectNode plan,
      List<RawScan.Day> scanned,
      Map<LocalDate, List<String>> outgoing,
      PersonIdentity who,
      String requestId,
      boolean dryRun,
      PrintStream out) {
    plan.set("identity", who.toJson());
    Map<LocalDate, List<String>> raw = new TreeMap<>();
    scanned.stream()
        .filter(d -> !d.redactKeys().isEmpty())
        .forEach(d -> raw.put(d.date(), d.redactKeys()));
    Set<LocalDate> days = new TreeSet<>(raw.keySet());
    days.addAll(outgoing.keySet());
    ObjectNode planDays = plan.get("days") instanceof ObjectNode o ? o : plan.putObject("days");
    long total = 0;
    for (LocalDate d : days) {
      ObjectNode day =
          planDays.has(d.toString())
              ? (ObjectNode) planDays.get(d.toString())
              : planDays.putObject(d.toString());
      if (!day.has("keys")) {
        day.putArray("keys");
      }
      List<String> r = raw.getOrDefault(d, List.of());
      List<String> o = outgoing.getOrDefault(d, List.of());
      r.forEach(day.putArray("redact_keys")::add);
      o.forEach(day.putArray("outgoing_redact_keys")::add);
      total += r.size() + o.size();
      if (dryRun) {
        out.printf(
            "forget %s: %s: %d objects of other people would be redacted %s%s%n",
            requestId,
            d,
            r.size(),
            r,
            o.isEmpty() ? "" : ", and " + o.size() + " outgoing records " + o);
      }
    }
    if (dryRun) {
      out.printf(
          "forget %s: dry run: would redact %d objects of other people that name them%n",
          requestId, total);
    }
    return total;
  }

  /** Rewrites the day's planned objects (raw, then outgoing records). */
  static Applied apply(LocalDate day, JsonNode plan, ObjectStore raw, ObjectStore outgoing)
      throws IOException {
    Set<Long> ids = new HashSet<>();
    plan.path("user_ids").forEach(i -> ids.add(i.asLong()));
    ReferenceRedactor redactor =
        new ReferenceRedactor(PersonIdentity.fromJson(ids, plan.path("identity")));
    JsonNode node = plan.path("days").path(day.toString());
    List<String> rawKeys = texts(node.path("redact_keys"));
    List<String> botKeys = texts(node.path("outgoing_redact_keys"));
    if (!rawKeys.isEmpty()) {
      keepArrivals(raw, day, rawKeys);
    }
    long versions = 0;
    long kept = 0;
    for (String key : rawKeys) {
      kept += rewrite(raw, key, redactor) ? 0 : 1;
      versions += purgeNoncurrent(raw, key);
    }
    for (String key : botKeys) {
      kept += rewrite(outgoing, key, redactor) ? 0 : 1;
      versions += purgeNoncurrent(outgoing, key);
    }
    return new Applied(rawKeys.size(), botKeys.size(), versions, kept);
  }

  /**
   * Rewrites one object; false when it still names them by id afterwards (a shape the rules do not
   * know: kept, counted as {@code references_kept}, logged by key only).
   */
  private static boolean rewrite(ObjectStore store, String key, ReferenceRedactor redactor)
      throws IOException {
    Optional<byte[]> body = store.get(key);
    if (body.isEmpty()) {
      return true;
    }
    Optional<byte[]> rewritten = redactor.redact(body.get());
    if (rewritten.isPresent()) {
      store.put(key, rewritten.get());
    }
    ObjectNode after = ReferenceRedactor.parse(rewritten.orElse(body.get()));
    if (after != null && redactor.identifies(after)) {
      LOG.warn("erasure: {} still names an erased person after redaction; kept for review", key);
      return false;
    }
    return true;
  }

  /**
   * Records, before the first rewrite, when each object originally arrived ({@link
   * LakeLayout#rawArrivalsKey}): its {@code received_at} must not become the time of the erasure.
   * An entry is never replaced: on a resumed day the object's last-modified time is already the
   * rewrite's.
   */
  private static void keepArrivals(ObjectStore raw, LocalDate day, List<String> keys)
      throws IOException {
    String arrivalsKey = LakeLayout.rawArrivalsKey(day);
    Optional<byte[]> existing = raw.get(arrivalsKey);
    ObjectNode arrivals =
        existing.isPresent()
            ? (ObjectNode) ReferenceRedactor.JSON.readTree(existing.get())
            : ReferenceRedactor.JSON.createObjectNode();
    boolean changed = false;
    Set<String> wanted = new HashSet<>(keys);
    for (ObjectStore.ObjectInfo o : raw.list(LakeLayout.dayPrefix(day))) {
      if (wanted.contains(o.key()) && !arrivals.has(o.key())) {
        arrivals.put(o.key(), o.lastModified().toEpochMilli());
        changed = true;
      }
    }
    if (changed) {
      raw.put(arrivalsKey, ReferenceRedactor.JSON.writeValueAsBytes(arrivals));
    }
  }

  /**
   * Every older version of exactly {@code key} (the rewrite is the current one); none locally or
   * unversioned.
   */
  private static long purgeNoncurrent(ObjectStore store, String key) throws IOException {
    long n = 0;
    for (ObjectStore.ObjectVersion v : store.listVersions(key)) {
      if (v.key().equals(key) && !v.latest()) {
        store.deleteVersion(key, v.versionId());
        n++;
      }
    }
    return n;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(k -> out.add(k.asText()));
    return out;
  }
}
