package io.tglake.sql.trino;

import io.tglake.sql.QueryResult;
import io.trino.jdbc.QueryStats;
import io.trino.jdbc.TrinoStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Runs one bound query over a Trino JDBC connection and collects rows and the bytes Trino read. */
public final class TrinoQueryRunner {

  private final Connection connection;

  /**
   * @param connection an open connection whose default schema holds the tables (caller closes it)
   */
  public TrinoQueryRunner(Connection connection) {
    this.connection = connection;
  }

  /** Executes {@code sql} (a single statement without trailing semicolon). */
  public QueryResult run(String sql) throws SQLException {
    AtomicReference<QueryStats> last = new AtomicReference<>();
    try (Statement st = connection.createStatement()) {
      // The progress monitor sees the client protocol's statistics after every page; the last one,
      // taken once all rows are consumed, has the final physicalInputBytes of the query.
      st.unwrap(TrinoStatement.class).setProgressMonitor(last::set);
      List<String> columns = new ArrayList<>();
      List<List<String>> rows = new ArrayList<>();
      try (ResultSet rs = st.executeQuery(sql)) {
        ResultSetMetaData md = rs.getMetaData();
        for (int c = 1; c <= md.getColumnCount(); c++) {
          columns.add(md.getColumnLabel(c));
        }
        while (rs.next()) {
          List<String> row = new ArrayList<>(columns.size());
          for (int c = 1; c <= columns.size(); c++) {
            row.add(rs.getString(c));
          }
          rows.add(row);
        }
      }
      QueryStats stats = last.get();
      return new QueryResult(
          columns,
          rows,
          stats == null ? "" : stats.getQueryId(),
          stats == null ? -1 : stats.getPhysicalInputBytes());
    }
  }
}
