package io.tglake.sql;

import io.tglake.sql.trino.LocalTrino;
import io.tglake.sql.trino.TrinoQueryRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The fallback of {@code bin/tglake sql} when the Trino CLI jar cannot be fetched: reads statements
 * ended by {@code ;} from standard input, runs each on the warm server and prints an aligned table.
 * No line editing or completion (that is what the Trino CLI adds); {@code quit} or end of input
 * exits.
 */
public final class SqlShell {

  private SqlShell() {}

  /**
   * {@code SqlShell JDBC_URL} (the URL {@code bin/tglake query --start} prints, schema included).
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1 || !args[0].startsWith("jdbc:trino://")) {
      System.err.println(
          "usage: SqlShell jdbc:trino://HOST:PORT/CATALOG/SCHEMA (run by bin/tglake sql)");
      System.exit(2);
    }
    boolean interactive = System.console() != null;
    if (interactive) {
      System.err.println(
          "tglake sql: minimal JDBC shell on "
              + args[0]
              + " (end statements with ';', quit to exit)");
    }
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    int failures = run(args[0], in, System.out, System.err, interactive);
    System.exit(failures == 0 ? 0 : 1);
  }

  /**
   * Runs every statement of {@code in}; returns how many failed (each failure is printed and
   * skipped).
   */
  static int run(String url, BufferedReader in, PrintStream out, PrintStream err, boolean prompt)
      throws IOException {
    int failures = 0;
    StringBuilder statement = new StringBuilder();
    if (prompt) {
      out.print("tglake> ");
      out.flush();
    }
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String trimmed = line.strip();
      if (statement.isEmpty()
          && (trimmed.equalsIgnoreCase("quit") || trimmed.equalsIgnoreCase("exit"))) {
        break;
      }
      statement.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String sql = statement.toString().strip();
        statement.setLength(0);
        sql = sql.substring(0, sql.length() - 1).strip();
        if (!sql.isEmpty() && !execute(url, sql, out, err)) {
          failures++;
        }
      }
      if (prompt) {
        out.print(statement.isEmpty() ? "tglake> " : "     -> ");
        out.flush();
      }
    }
    return failures;
  }

  private static boolean execute(String url, String sql, PrintStream out, PrintStream err) {
    int slash = url.indexOf('/', "jdbc:trino://".length());
    String schema = url.substring(url.lastIndexOf('/') + 1);
    String catalogUrl = url.substring(0, url.lastIndexOf('/'));
    try (Connection c =
        LocalTrino.connect(slash < 0 ? url : catalogUrl, slash < 0 ? null : schema)) {
      out.print(new TrinoQueryRunner(c).run(sql).toTable());
      return true;
    } catch (SQLException e) {
      err.println("Query failed: " + e.getMessage());
      return false;
    }
  }
}
