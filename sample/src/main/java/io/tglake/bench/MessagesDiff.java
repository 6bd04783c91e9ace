package io.tglake.bench;

import io.tglake.contract.LakeLayout;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * DuckDB's declared messages against the ETL's, value by value: {@code EXCEPT ALL} both ways over
 * the columns both files have (DuckDB writes fewer), each DuckDB value cast to the ETL's type.
 * Equal row counts are not enough — a wrong join or a shifted column keeps the count — so the
 * benchmark's comparison counts only when this is empty.
 *
 * @param columns the shared columns compared, in the ETL's order
 * @param onlyInDuckDb rows (with multiplicity) DuckDB wrote and the ETL did not
 * @param onlyInEtl rows the ETL wrote and DuckDB did not
 * @param duckDbSample up to {@link #SAMPLE} of the former, as text
 * @param etlSample up to {@link #SAMPLE} of the latter
 */
public record MessagesDiff(
    List<String> columns,
    long onlyInDuckDb,
    long onlyInEtl,
    List<String> duckDbSample,
    List<String> etlSample) {

  static final int SAMPLE = 5;

  /** Whether both sides hold exactly the same rows. */
  public boolean equal() {
    return onlyInDuckDb == 0 && onlyInEtl == 0;
  }

  /** What differs, for the bench output and its exit message. */
  public String describe() {
    if (equal()) {
      return "messages equal value by value on " + columns.size() + " shared columns";
    }
    return "messages differ on the "
        + columns.size()
        + " shared columns "
        + columns
        + ": "
        + onlyInDuckDb
        + " row(s) only in DuckDB's, e.g.\n    "
        + String.join("\n    ", duckDbSample)
        + "\n  "
        + onlyInEtl
        + " row(s) only in the ETL's, e.g.\n    "
        + String.join("\n    ", etlSample);
  }

  /**
   * Compares DuckDB's file with the ETL's messages partition (its Parquet files), reading both with
   * DuckDB.
   *
   * @param duckDbParquet the file {@link DuckDbBaseline} wrote
   * @param etlPartition {@code <enriched>/}{@link LakeLayout#tablePrefix messages' day partition}
   */
  public static MessagesDiff compare(Path duckDbParquet, Path etlPartition) {
    String duck = "read_parquet(" + quote(duckDbParquet.toAbsolutePath().toString()) + ")";
    String etl = "read_parquet(" + quote(etlPartition.toAbsolutePath() + "/*.parquet") + ")";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      Map<String, String> duckTypes = types(s, duck);
      Map<String, String> etlTypes = types(s, etl);
      List<String> shared = etlTypes.keySet().stream().filter(duckTypes::containsKey).toList();
      if (shared.isEmpty()) {
        throw new IllegalStateException(
            "no shared columns: DuckDB " + duckTypes.keySet() + ", ETL " + etlTypes.keySet());
      }
      String etlCols = shared.stream().map(MessagesDiff::ident).collect(Collectors.joining(", "));
      String duckCols =
          shared.stream()
              .map(n -> "CAST(" + ident(n) + " AS " + etlTypes.get(n) + ") AS " + ident(n))
              .collect(Collectors.joining(", "));
      s.execute(
          "CREATE TEMP TABLE only_duck AS SELECT "
              + duckCols
              + " FROM "
              + duck
              + " EXCEPT ALL SELECT "
              + etlCols
              + " FROM "
              + etl);
      s.execute(
          "CREATE TEMP TABLE only_etl AS SELECT "
              + etlCols
              + " FROM "
              + etl
              + " EXCEPT ALL SELECT "
              + duckCols
              + " FROM "
              + duck);
      return new MessagesDiff(
          shared,
          count(s, "only_duck"),
          count(s, "only_etl"),
          sample(s, "only_duck", shared),
          sample(s, "only_etl", shared));
    } catch (SQLException e) {
      throw new IllegalStateException(
          "comparing DuckDB's and the ETL's messages failed: " + e.getMessage(), e);
    }
  }

  private static Map<String, String> types(Statement s, String relation) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + relation)) {
      while (rs.next()) {
        out.put(rs.getString("column_name"), rs.getString("column_type"));
      }
    }
    return out;
  }

  private static long count(Statement s, String table) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> sample(Statement s, String table, List<String> columns)
      throws SQLException {
    List<String> rows = new ArrayList<>();
    // Ordered so the two samples show the same update ids side by side where both sides have a
    // version of a row.
    String order = columns.contains("update_id") ? " ORDER BY update_id" : "";
    try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + order + " LIMIT " + SAMPLE)) {
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns.size(); i++) {
          row.append(i == 1 ? "" : ", ")
              .append(columns.get(i - 1))
              .append('=')
              .append(rs.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  private static String ident(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
