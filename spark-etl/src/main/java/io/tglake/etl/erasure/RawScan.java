package io.tglake.etl.erasure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tglake.contract.LakeLayout;
import io.tglake.etl.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds an erasure's raw objects: lists the day partitions of the raw store (within --from/--to),
 * reads every object once (a few threads; objects are ~1 KB) and classifies it with {@link
 * PersonMatcher}. Cost: one GET per raw object in the range — narrow the range with --from/--to
 * when the request allows it.
 */
final class RawScan {

  // Objects in sub-folders of a day are part of the day (the ETL reads them): an erasure must find
  // them too.
  private static final Pattern KEY =
      Pattern.compile(Pattern.quote(LakeLayout.ANY_DAY_PREFIX) + "(\\d{4}-\\d{2}-\\d{2})/(.*[^/])");
  private static final int THREADS = 8;

  /**
   * One day's result: the keys to delete (sorted), how many objects were read, how many name them
   * by id without being theirs, and the keys of other people's objects to rewrite ({@link
   * ReferenceRedactor}, sorted).
   */
  record Day(
      LocalDate date, List<String> keys, long scanned, long references, List<String> redactKeys) {
    Day(LocalDate date, List<String> keys, long scanned, long references) {
      this(date, keys, scanned, references, List.of());
    }
  }

  /**
   * One object as the scan saw it: verdict, whether it names them for sure, what may name them
   * (weak tokens).
   */
  private record Seen(PersonMatcher.Verdict verdict, boolean names, Set<String> tokens) {}

  private final ObjectStore raw;
  private final PersonMatcher matcher;
  private final Set<Long> ids;
  private final ReferenceRedactor byIds;
  // Their usernames and phones (hashed), from every object of the range: mentions and cards name no
  // id.
  private final Set<String> usernames = ConcurrentHashMap.newKeySet();
  private final Set<String> phones = ConcurrentHashMap.newKeySet();
  // Ids of the callback queries in their objects: the bot's answerCallbackQuery records name only
  // this id.
  private final Set<String> theirCallbackIds = ConcurrentHashMap.newKeySet();

  RawScan(ObjectStore raw, PersonMatcher matcher) {
    this.raw = raw;
    this.matcher = matcher;
    this.ids = matcher.ids();
    this.byIds = new ReferenceRedactor(PersonIdentity.of(ids));
  }

  /**
   * Their ids, usernames and phones as found by the last {@link #scan} (complete after it
   * returned).
   */
  PersonIdentity identity() {
    return new PersonIdentity(ids, usernames, phones);
  }

  /**
   * Every raw day in range with its objects, classified; days in date order (also days with nothing
   * of theirs).
   */
  List<Day> scan(ForgetArgs args) throws IOException {
    Map<LocalDate, List<String>> byDay = new TreeMap<>();
    for (ObjectStore.ObjectInfo o : raw.list(LakeLayout.ANY_DAY_PREFIX)) {
      Matcher m = KEY.matcher(o.key());
      // Same rule as the ETL's reader: a name with a segment starting with '.' or '_' is not an
      // object of the day.
      if (m.matches() && !m.group(2).matches("(.*/)?[._].*")) {
        LocalDate d = LocalDate.parse(m.group(1));
        if (args.covers(d)) {
          byDay.computeIfAbsent(d, k -> new ArrayList<>()).add(o.key());
        }
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      Map<LocalDate, List<Seen>> seen = new TreeMap<>();
      for (var e : byDay.entrySet()) {
        List<Future<Seen>> verdicts = new ArrayList<>();
        for (String key : e.getValue()) {
          verdicts.add(pool.submit(() -> classify(key)));
        }
        List<Seen> s = new ArrayList<>();
        for (Future<Seen> v : verdicts) {
          s.add(v.get());
        }
        seen.put(e.getKey(), s);
      }
      // Only now are all their usernames and phones known: an @mention on day 1 may name a username
      // seen on day 3.
      PersonIdentity who = identity();
      List<Day> days = new ArrayList<>();
      for (var e : seen.entrySet()) {
        List<String> keys = byDay.get(e.getKey());
        List<String> theirs = new ArrayList<>();
        List<String> redact = new ArrayList<>();
        long refs = 0;
        for (int i = 0; i < keys.size(); i++) {
          Seen v = e.getValue().get(i);
          if (v.verdict() == PersonMatcher.Verdict.THEIRS) {
            theirs.add(keys.get(i));
            continue;
          }
          refs += v.verdict() == PersonMatcher.Verdict.REFERENCES ? 1 : 0;
          if (v.names() || who.matchesAny(v.tokens())) {
            redact.add(keys.get(i));
          }
        }
        theirs.sort(null);
        redact.sort(null);
        days.add(new Day(e.getKey(), theirs, keys.size(), refs, redact));
      }
      return days;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while scanning the raw layer", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof UncheckedIOException u
          ? u.getCause()
          : new IOException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Callback query ids found in their objects by the last {@link #scan} (complete after it
   * returned).
   */
  Set<String> theirCallbackIds() {
    return Set.copyOf(theirCallbackIds);
  }

  private Seen classify(String key) {
    try {
      Optional<byte[]> body = raw.get(key);
      // Gone between list and get (e.g. a concurrent erasure): nothing left to delete.
      PersonMatcher.Verdict v = body.map(matcher::classify).orElse(PersonMatcher.Verdict.OTHER);
      if (v == PersonMatcher.Verdict.THEIRS) {
        PersonMatcher.callbackQueryId(body.get()).ifPresent(theirCallbackIds::add);
      }
      ObjectNode root = body.map(ReferenceRedactor::parse).orElse(null);
      if (root == null) {
        return new Seen(v, false, Set.of());
      }
      PersonIdentity.collect(root, ids, usernames, phones);
      if (v == PersonMatcher.Verdict.THEIRS) {
        return new Seen(v, false, Set.of());
      }
      return byIds.identifies(root)
          ? new Seen(v, true, Set.of())
          : new Seen(v, false, ReferenceRedactor.weakTokens(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
