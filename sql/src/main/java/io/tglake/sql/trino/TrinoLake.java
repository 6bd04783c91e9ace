package io.tglake.sql.trino;

import io.tglake.contract.DdlRenderer;
import io.tglake.contract.TableDefinitions;
import io.tglake.contract.TableDefinitions.Column;
import io.tglake.contract.TableDefinitions.TableDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Registers the enriched tables of a local lake in Trino's Hive catalog from the same DDL files
 * Athena uses: Trino cannot run Hive DDL, so each {@link TableDefinition} is translated to a Trino
 * {@code CREATE TABLE ... WITH (external_location, partitioned_by)}, then the partitions found on
 * disk are synced, and the local-time view is created from {@code 60_messages_local.sql} as
 * written.
 */
public final class TrinoLake {

  private final Path lakeRoot;
  private final List<TableDefinition> tables;
  private final List<DdlRenderer.DdlFile> ddlFiles;

  /**
   * @param lakeRoot enriched root (Trino's {@code local.location})
   * @param ddlFiles the DDL files (e.g. {@link DdlRenderer#bundled()})
   */
  public TrinoLake(Path lakeRoot, List<DdlRenderer.DdlFile> ddlFiles) {
    this.lakeRoot = lakeRoot;
    this.ddlFiles = List.copyOf(ddlFiles);
    this.tables =
        ddlFiles.stream()
            .flatMap(f -> TableDefinitions.parse(f.name(), f.text()).stream())
            .toList();
  }

  /** The table definitions parsed from the DDL files. */
  public List<TableDefinition> tables() {
    return tables;
  }

  /**
   * Creates schema, tables and view (replacing earlier definitions) and registers every partition
   * directory present. Safe to call again after the ETL wrote new days.
   *
   * @param schema Trino schema = Athena database name, e.g. {@code tglake}
   * @param localTz zone of the {@code messages_local} view
   */
  public void register(Connection connection, String schema, String localTz) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS " + LocalTrino.CATALOG + "." + schema);
      for (TableDefinition table : tables) {
        Path dir = lakeRoot.resolve(table.name());
        // Trino refuses an external location that does not exist; a table with no data yet is
        // empty.
        Files.createDirectories(dir);
        String qualified = LocalTrino.CATALOG + "." + schema + "." + table.name();
        st.execute(
            "DROP TABLE IF EXISTS " + qualified); // external: drops metadata only, never the files
        st.execute(createTable(qualified, table));
        st.execute(
            "CALL "
                + LocalTrino.CATALOG
                + ".system.sync_partition_metadata('"
                + schema
                + "', '"
                + table.name()
                + "', 'FULL')");
      }
      Map<String, String> vars =
          Map.of(
              "DATABASE",
              LocalTrino.CATALOG + "." + schema,
              "LOCAL_TZ",
              localTz,
              "LAKE_LOCATION",
              "local://");
      for (DdlRenderer.DdlFile f : ddlFiles) {
        if (f.text().matches("(?is).*CREATE\\s+OR\\s+REPLACE\\s+VIEW.*")) {
          st.execute(statement(DdlRenderer.render(f.text(), vars)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare table folders under " + lakeRoot, e);
    }
  }

  /**
   * {@link #register} unless {@code marker} records a registration of the same DDL, schema, zone
   * and partition folders and the metastore still holds every table: a warm server's command then
   * skips the ~17 DDL statements (most of a warm query's time). New, removed or re-created days
   * change the folder list and so re-register; rewritten files inside a day need nothing (a
   * partition is its folder).
   *
   * @return whether it registered
   */
  public boolean registerIfChanged(
      Connection connection, String schema, String localTz, Path marker) throws SQLException {
    try {
      String signature = signature(schema, localTz);
      if (Files.isRegularFile(marker)
          && Files.readString(marker, StandardCharsets.UTF_8).equals(signature)
          && tables.stream()
              .allMatch(
                  t ->
                      Files.isDirectory(
                          lakeRoot.resolve("_metastore").resolve(schema).resolve(t.name())))) {
        return false;
      }
      Files.deleteIfExists(marker);
      register(connection, schema, localTz);
      Files.writeString(marker, signature, StandardCharsets.UTF_8);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + marker, e);
    }
  }

  /**
   * What a registration depends on: schema, zone, the DDL texts, each table's partition folder
   * names.
   */
  String signature(String schema, String localTz) throws IOException {
    StringBuilder sb =
        new StringBuilder("schema=").append(schema).append("\ntz=").append(localTz).append('\n');
    for (DdlRenderer.DdlFile f : ddlFiles) {
      sb.append("ddl ").append(f.name()).append(' ').append(f.text().hashCode()).append('\n');
    }
    for (TableDefinition table : tables) {
      Path dir = lakeRoot.resolve(table.name());
      sb.append("table ").append(table.name()).append(':');
      if (Files.isDirectory(dir)) {
        String prefix = table.partitionColumn().name() + "=";
        try (Stream<Path> days = Files.list(dir)) {
          days.map(d -> d.getFileName().toString())
              .filter(n -> n.startsWith(prefix))
              .sorted()
              .forEach(n -> sb.append(' ').append(n));
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Trino {@code CREATE TABLE} equivalent of one Athena external table definition. */
  static String createTable(String qualifiedName, TableDefinition table) {
    String columns =
        table.allColumns().stream()
            .map(c -> "  \"" + c.name() + "\" " + trinoType(c))
            .collect(Collectors.joining(",\n"));
    return "CREATE TABLE "
        + qualifiedName
        + " (\n"
        + columns
        + "\n) WITH (\n"
        + "  format = '"
        + table.storedAs()
        + "',\n"
        + "  external_location = 'local:///"
        + table.name()
        + "',\n"
        + "  partitioned_by = ARRAY['"
        + table.partitionColumn().name()
        + "']\n)";
  }

  /** Hive/Glue type name to the Trino type the Hive connector exposes for it. */
  static String trinoType(Column column) {
    return switch (column.type().toLowerCase(Locale.ROOT)) {
      case "string" -> "varchar";
      case "int" -> "integer";
      case "bigint", "boolean", "double", "date", "smallint", "tinyint", "real" -> column.type();
      case "float" -> "real";
      case "timestamp" -> "timestamp(3)";
      default ->
          throw new IllegalArgumentException(
              "no Trino mapping for Hive type " + column.type() + " of column " + column.name());
    };
  }

  /**
   * The SQL statement of a DDL file without comment lines and trailing semicolon (JDBC and Athena's
   * StartQueryExecution take one bare statement).
   */
  public static String statement(String sql) {
    String body =
        sql.lines()
            .filter(l -> !l.strip().startsWith("--"))
            .collect(Collectors.joining("\n"))
            .strip();
    return body.endsWith(";") ? body.substring(0, body.length() - 1) : body;
  }
}
