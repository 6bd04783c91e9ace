package io.tglake.etl.erasure;

import io.tglake.contract.LakeLayout;
import io.tglake.etl.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Finds an erasure's raw objects: lists the day partitions of the raw store (within --from/--to),
 * reads every object once (a few threads; objects are ~1 KB) and classifies it with {@link PersonMatcher}.
 * Cost: one GET per raw object in the range — narrow the range with --from/--to when the request allows it.
 */
final class RawScan {

  // Objects in sub-folders of a day are part of the day (the ETL reads them): an erasure must find them too.
  private static final Pattern KEY = Pattern.compile(Pattern.quote(LakeLayout.ANY_DAY_PREFIX)
      + "(\\d{4}-\\d{2}-\\d{2})/(.*[^/])");
  private static final int THREADS = 8;

  /** One day's result: the keys to delete (sorted), how many objects were read, how many only mention them. */
  record Day(LocalDate date, List<String> keys, long scanned, long references) {}

  private final ObjectStore raw;
  private final PersonMatcher matcher;
  // Ids of the callback queries in their objects: the bot's answerCallbackQuery records name only this id.
  private final Set<String> theirCallbackIds = ConcurrentHashMap.newKeySet();

  RawScan(ObjectStore raw, PersonMatcher matcher) {
    this.raw = raw;
    this.matcher = matcher;
  }

  /** Every raw day in range with its objects, classified; days in date order (also days with nothing of theirs). */
  List<Day> scan(ForgetArgs args) throws IOException {
    Map<LocalDate, List<String>> byDay = new TreeMap<>();
    for (ObjectStore.ObjectInfo o : raw.list(LakeLayout.ANY_DAY_PREFIX)) {
      Matcher m = KEY.matcher(o.key());
      // Same rule as the ETL's reader: a name with a segment starting with '.' or '_' is not an object of the day.
      if (m.matches() && !m.group(2).matches("(.*/)?[._].*")) {
        LocalDate d = LocalDate.parse(m.group(1));
        if (args.covers(d)) {
          byDay.computeIfAbsent(d, k -> new ArrayList<>()).add(o.key());
        }
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Day> days = new ArrayList<>();
      for (var e : byDay.entrySet()) {
        List<Future<PersonMatcher.Verdict>> verdicts = new ArrayList<>();
        for (String key : e.getValue()) {
          verdicts.add(pool.submit(() -> classify(key)));
        }
        List<String> theirs = new ArrayList<>();
        long refs = 0;
        for (int i = 0; i < verdicts.size(); i++) {
          PersonMatcher.Verdict v = verdicts.get(i).get();
          if (v == PersonMatcher.Verdict.THEIRS) {
            theirs.add(e.getValue().get(i));
          } else if (v == PersonMatcher.Verdict.REFERENCES) {
            refs++;
          }
        }
        theirs.sort(null);
        days.add(new Day(e.getKey(), theirs, e.getValue().size(), refs));
      }
      return days;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while scanning the raw layer", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof UncheckedIOException u ? u.getCause() : new IOException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Callback query ids found in their objects by the last {@link #scan} (complete after it returned). */
  Set<String> theirCallbackIds() {
    return Set.copyOf(theirCallbackIds);
  }

  private PersonMatcher.Verdict classify(String key) {
    try {
      Optional<byte[]> body = raw.get(key);
      // Gone between list and get (e.g. a concurrent erasure): nothing left to delete.
      PersonMatcher.Verdict v = body.map(matcher::classify).orElse(PersonMatcher.Verdict.OTHER);
      if (v == PersonMatcher.Verdict.THEIRS) {
        PersonMatcher.callbackQueryId(body.get()).ifPresent(theirCallbackIds::add);
      }
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
