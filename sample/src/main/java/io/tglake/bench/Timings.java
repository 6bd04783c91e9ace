package io.tglake.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Repeated measurements of one thing, in the order taken, with their median and spread (min–max).
 * Medians rather than means: on a shared machine one run slowed by a neighbour's build should not
 * move the figure.
 *
 * @param values at least one measurement (seconds, for wall and CPU times)
 */
public record Timings(List<Double> values) {

  public Timings {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no measurements");
    }
    values = List.copyOf(values);
  }

  /** The middle value; for an even count the mean of the two middle ones. */
  public double median() {
    List<Double> s = sorted();
    int m = s.size() / 2;
    return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
  }

  public double min() {
    return sorted().get(0);
  }

  public double max() {
    return sorted().get(values.size() - 1);
  }

  /** Every value with one decimal, in the order taken ({@code "42.5 38.5 45.9"}). */
  public String each() {
    return values.stream()
        .map(v -> String.format(Locale.ROOT, "%.1f", v))
        .collect(Collectors.joining(" "));
  }

  /** {@code "38.5–45.9"}. */
  public String spread() {
    return String.format(Locale.ROOT, "%.1f–%.1f", min(), max());
  }

  private List<Double> sorted() {
    List<Double> s = new ArrayList<>(values);
    Collections.sort(s);
    return s;
  }
}
