package io.tglake.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Rows of a finished query as strings (Athena returns strings; Trino values are rendered the same
 * way), plus what the engine read.
 *
 * @param columns column names in order
 * @param rows values as text, {@code null} for SQL NULL
 * @param queryId the engine's query id
 * @param bytesRead bytes read from storage: Trino physicalInputBytes, Athena DataScannedInBytes
 */
public record QueryResult(
    List<String> columns, List<List<String>> rows, String queryId, long bytesRead) {

  public QueryResult {
    columns = List.copyOf(columns);
    List<List<String>> copy = new ArrayList<>();
    for (List<String> row : rows) {
      copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
    }
    rows = List.copyOf(copy);
  }

  /**
   * An aligned text table in the style of the Trino CLI, NULL shown as {@code NULL}, with a row
   * count.
   */
  public String toTable() {
    int[] width = new int[columns.size()];
    boolean[] numeric = new boolean[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      width[c] = columns.get(c).length();
      numeric[c] = !rows.isEmpty();
      for (List<String> row : rows) {
        String v = row.get(c);
        width[c] = Math.max(width[c], v == null ? 4 : v.length());
        if (v != null && !v.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")) {
          numeric[c] = false;
        }
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < columns.size(); c++) {
      sb.append(c == 0 ? " " : " | ").append(pad(columns.get(c), width[c], false));
    }
    sb.append('\n');
    for (int c = 0; c < columns.size(); c++) {
      sb.append(c == 0 ? "" : "+").append("-".repeat(width[c] + 2));
    }
    sb.append('\n');
    for (List<String> row : rows) {
      for (int c = 0; c < columns.size(); c++) {
        String v = row.get(c) == null ? "NULL" : row.get(c);
        sb.append(c == 0 ? " " : " | ").append(pad(v, width[c], numeric[c]));
      }
      sb.append('\n');
    }
    sb.append('(').append(rows.size()).append(rows.size() == 1 ? " row)" : " rows)").append('\n');
    return sb.toString();
  }

  private static String pad(String s, int width, boolean right) {
    String fill = " ".repeat(Math.max(0, width - s.length()));
    return right ? fill + s : s + fill;
  }
}
