package io.tglake.sql;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The parameter convention of {@code sql/queries}: {@code :from_date} and {@code :to_date}
 * (inclusive UTC partition days) are replaced by {@code DATE 'YYYY-MM-DD'} literals before the
 * query is sent, so Athena and Trino see constant predicates on {@code context_date} and prune
 * partitions at planning time. Placeholders inside string literals and comments are left alone; any
 * other {@code :name} is an error.
 *
 * @param from first day, inclusive
 * @param to last day, inclusive
 */
public record QueryParameters(LocalDate from, LocalDate to) {

  public QueryParameters {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("--to " + to + " is before --from " + from);
    }
  }

  /** A one-day window. */
  public static QueryParameters day(LocalDate day) {
    return new QueryParameters(day, day);
  }

  /**
   * The query text with placeholders replaced, comments kept, a trailing semicolon removed (JDBC
   * and Athena's API take one bare statement).
   *
   * @throws IllegalArgumentException on an unknown {@code :placeholder}
   */
  public String bind(String sql) {
    StringBuilder out = new StringBuilder(sql.length() + 32);
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'') { // string literal, '' escapes a quote
        int j = i + 1;
        while (j < n && !(sql.charAt(j) == '\'' && (j + 1 >= n || sql.charAt(j + 1) != '\''))) {
          j += sql.charAt(j) == '\'' ? 2 : 1;
        }
        out.append(sql, i, Math.min(j + 1, n));
        i = j + 1;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') { // line comment
        int j = sql.indexOf('\n', i);
        j = j < 0 ? n : j;
        out.append(sql, i, j);
        i = j;
      } else if (c == ':' && i + 1 < n && Character.isLetter(sql.charAt(i + 1))) {
        int j = i + 1;
        while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
          j++;
        }
        String name = sql.substring(i + 1, j);
        switch (name) {
          case "from_date" -> out.append("DATE '").append(from).append('\'');
          case "to_date" -> out.append("DATE '").append(to).append('\'');
          default ->
              throw new IllegalArgumentException(
                  "unknown query parameter :" + name + " (known: :from_date, :to_date)");
        }
        i = j;
      } else {
        out.append(c);
        i++;
      }
    }
    String bound = out.toString().stripTrailing();
    return bound.endsWith(";") ? bound.substring(0, bound.length() - 1) : bound;
  }
}
