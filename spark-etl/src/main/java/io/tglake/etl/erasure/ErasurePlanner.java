package io.tglake.etl.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tglake.etl.store.ObjectStore;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The erasure's first step: scans the range ({@link RawScan}, {@link OutgoingScan}) and builds the
 * plan that {@link ErasureLog#writePlan} stores before anything is deleted — per day the raw keys
 * to delete ({@code keys}), the outgoing records ({@code outgoing_keys}) and, through {@link
 * Redactions#plan}, the objects to rewrite. On {@code --dry-run} it prints what would go instead.
 * The plan holds ids, keys, counts and hashed usernames/phones: no message content.
 */
final class ErasurePlanner {

  private final ForgetArgs args;
  private final ObjectStore raw;
  private final ObjectStore outgoing;
  private final PrintStream out;
  private final Clock clock;

  /**
   * @param outgoing the outgoing records' store (null: none to scan)
   */
  ErasurePlanner(
      ForgetArgs args, ObjectStore raw, ObjectStore outgoing, PrintStream out, Clock clock) {
    this.args = args;
    this.raw = raw;
    this.outgoing = outgoing;
    this.out = out;
    this.clock = clock;
  }

  /** The raw keys to delete per day of a plan, in day order. */
  static Map<LocalDate, List<String>> keys(JsonNode plan) {
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

  /** The outgoing records to delete on {@code day} of a plan. */
  static List<String> outgoingKeys(JsonNode plan, LocalDate day) {
    List<String> keys = new ArrayList<>();
    plan.path("days").path(day.toString()).path("outgoing_keys").forEach(k -> keys.add(k.asText()));
    return keys;
  }

  /** Scans the range and returns the plan (printing each day's findings on a dry run). */
  ObjectNode scanAndPlan() throws IOException {
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
      if (args.dryRun()) {
        printDryRun(d, botKeys);
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

  private void printDryRun(RawScan.Day d, List<String> botKeys) {
    if (!botKeys.isEmpty()) {
      out.printf(
          "forget %s: %s: %d outgoing records would be removed %s%n",
          args.requestId(), d.date(), botKeys.size(), botKeys);
    }
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
}
