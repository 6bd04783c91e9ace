package io.tglake.etl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a day's objects carried that the contract did not expect (part of {@link DayResult} and the
 * run report).
 *
 * @param rescued valid objects with at least one value that did not fit its contract type: the row
 *     is written with that value null and everything else intact, the object stays whole in {@code
 *     updates.raw_json}
 * @param rescuedPaths per JSON path ({@code message.from}, {@code message.entities[]}), how many
 *     objects had a value there that did not fit (an object can count under several paths), most
 *     frequent first
 * @param driftPaths per JSON path the contract lacks ({@code message.quote}, a new update kind),
 *     how many objects carried it, most frequent first
 * @param otherMessages messages rows with {@code message_type = 'other'} (content the job does not
 *     classify)
 */
public record DayQuality(
    long rescued,
    Map<String, Long> rescuedPaths,
    Map<String, Long> driftPaths,
    long otherMessages) {

  /** Nothing measured (empty or failed-early day). */
  public static final DayQuality NONE = new DayQuality(0, Map.of(), Map.of(), 0);

  public DayQuality {
    rescuedPaths = Collections.unmodifiableMap(new LinkedHashMap<>(rescuedPaths));
    driftPaths = Collections.unmodifiableMap(new LinkedHashMap<>(driftPaths));
  }

  /** Same figures with the count of 'other' messages. */
  public DayQuality withOtherMessages(long n) {
    return new DayQuality(rescued, rescuedPaths, driftPaths, n);
  }

  /**
   * One line for a terminal: {@code drift: 2 new paths (message.quote=3, reply_markup=1), other
   * messages=1, rescued=1 (message.from=1)}; at most {@code limit} paths each.
   */
  public String summary(int limit) {
    return "drift: "
        + driftPaths.size()
        + " unmodelled paths"
        + top(driftPaths, limit)
        + ", other messages="
        + otherMessages
        + ", rescued="
        + rescued
        + top(rescuedPaths, limit);
  }

  private static String top(Map<String, Long> counts, int limit) {
    if (counts.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder(" (");
    int i = 0;
    for (var e : counts.entrySet()) {
      if (i == limit) {
        b.append(", ...");
        break;
      }
      b.append(i++ == 0 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue());
    }
    return b.append(')').toString();
  }
}
