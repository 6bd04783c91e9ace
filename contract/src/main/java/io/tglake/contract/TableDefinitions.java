package io.tglake.contract;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Parses the Athena DDL files ({@code tglake/ddl/*.sql} in this module's resources, read through
 * {@link DdlRenderer}) into typed table definitions, so that every consumer (the CDK Glue tables,
 * the Trino harness, the Spark DDL check) reads one source of truth. Depends on {@link
 * DdlRenderer}, never the reverse.
 *
 * <p>The files follow one regular shape, which this parser enforces (it fails loudly rather than
 * guess):
 *
 * <pre>
 * -- description lines
 * CREATE EXTERNAL TABLE IF NOT EXISTS ${DATABASE}.name (
 *   col type,
 *   `reserved` type
 * )
 * PARTITIONED BY (context_date date)
 * STORED AS PARQUET
 * LOCATION '...'
 * TBLPROPERTIES (
 *   'key' = 'value',
 *   ...
 * );
 * </pre>
 *
 * Files holding {@code CREATE DATABASE} or {@code CREATE ... VIEW} are not tables and parse to
 * empty. Column types are Hive/Glue type names as written (lower-cased), e.g. {@code bigint},
 * {@code string}, {@code timestamp}.
 *
 * <p>Typical use from the CDK app:
 *
 * <pre>{@code
 * List<TableDefinition> tables = TableDefinitions.bundled(
 *     DdlRenderer.variables("tglake", "s3://bucket/enriched", "America/Sao_Paulo"));
 * }</pre>
 *
 * or {@link #loadDirectory(Path, Map)} for DDL files elsewhere on disk.
 */
public final class TableDefinitions {

  /**
   * Name and Hive type of one column, e.g. {@code date} / {@code bigint} (name without backticks).
   */
  public record Column(String name, String type) {}

  /**
   * One external table.
   *
   * @param fileName the DDL file it came from, e.g. {@code 10_messages.sql}
   * @param description the leading {@code --} comment lines, joined with spaces
   * @param database the database part of the qualified name, as written (maybe {@code ${DATABASE}})
   * @param name the table name, e.g. {@code messages}
   * @param columns the data columns in file order (partition column excluded)
   * @param partitionColumn the single partition column ({@code context_date date})
   * @param storedAs the storage format keyword, {@code PARQUET}
   * @param location the LOCATION, as written or rendered
   * @param tableProperties TBLPROPERTIES in file order
   */
  public record TableDefinition(
      String fileName,
      String description,
      String database,
      String name,
      List<Column> columns,
      Column partitionColumn,
      String storedAs,
      String location,
      Map<String, String> tableProperties) {

    public TableDefinition {
      columns = List.copyOf(columns);
      tableProperties = Collections.unmodifiableMap(new LinkedHashMap<>(tableProperties));
    }

    /** All columns as a query sees them: data columns, then the partition column. */
    public List<Column> allColumns() {
      List<Column> all = new ArrayList<>(columns);
      all.add(partitionColumn);
      return all;
    }
  }

  private static final Pattern CREATE_TABLE =
      Pattern.compile(
          "(?is)^\\s*CREATE\\s+EXTERNAL\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?"
              + "(?:(\\S+?)\\.)?([A-Za-z_][A-Za-z0-9_]*)\\s*\\((.*?)\\)\\s*"
              + "PARTITIONED\\s+BY\\s*\\((.*?)\\)\\s*"
              + "STORED\\s+AS\\s+([A-Za-z]+)\\s*"
              + "LOCATION\\s+'([^']*)'\\s*"
              + "TBLPROPERTIES\\s*\\((.*)\\)\\s*;?\\s*$");
  private static final Pattern COLUMN =
      Pattern.compile("(?s)^\\s*(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)\\s+(\\S.*?)\\s*$");
  private static final Pattern PROPERTY = Pattern.compile("'([^']*)'\\s*=\\s*'([^']*)'");
  private static final Pattern NOT_A_TABLE =
      Pattern.compile("(?is)^\\s*CREATE\\s+(?:DATABASE|SCHEMA|(?:OR\\s+REPLACE\\s+)?VIEW)\\b.*");

  private TableDefinitions() {}

  /**
   * Parses one DDL file's text.
   *
   * @param fileName used in error messages and kept on the result
   * @param ddl the file text, rendered or with placeholders
   * @return the table, or empty for a database or view file
   * @throws IllegalArgumentException if the text is a table DDL that does not follow the regular
   *     shape
   */
  public static Optional<TableDefinition> parse(String fileName, String ddl) {
    String description = leadingComment(ddl);
    String body = stripComments(ddl);
    if (body.isBlank() || NOT_A_TABLE.matcher(body).matches()) {
      return Optional.empty();
    }
    Matcher m = CREATE_TABLE.matcher(body);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          fileName
              + ": not a CREATE EXTERNAL TABLE in the expected shape "
              + "(columns, PARTITIONED BY, STORED AS, LOCATION, TBLPROPERTIES in this order)");
    }
    List<Column> columns = columns(fileName, m.group(3));
    List<Column> partitions = columns(fileName, m.group(4));
    if (partitions.size() != 1) {
      throw new IllegalArgumentException(
          fileName + ": expected exactly one partition column, got " + partitions);
    }
    Map<String, String> props = new LinkedHashMap<>();
    Matcher p = PROPERTY.matcher(m.group(7));
    while (p.find()) {
      props.put(p.group(1), p.group(2));
    }
    return Optional.of(
        new TableDefinition(
            fileName,
            description,
            m.group(1),
            m.group(2),
            columns,
            partitions.get(0),
            m.group(5).toUpperCase(Locale.ROOT),
            m.group(6),
            props));
  }

  /**
   * Reads every {@code *.sql} file of a directory in file-name order, renders the placeholders and
   * returns the tables (database and view files skipped).
   *
   * @param ddlDirectory e.g. {@code contract/src/main/resources/tglake/ddl}
   * @param variables values for {@code ${DATABASE}}, {@code ${LAKE_LOCATION}}, {@code ${LOCAL_TZ}};
   *     an empty map keeps the placeholders as written
   */
  public static List<TableDefinition> loadDirectory(
      Path ddlDirectory, Map<String, String> variables) {
    List<TableDefinition> tables = new ArrayList<>();
    for (DdlRenderer.DdlFile file : DdlRenderer.readDirectory(ddlDirectory)) {
      String text = variables.isEmpty() ? file.text() : DdlRenderer.render(file.text(), variables);
      parse(file.name(), text).ifPresent(tables::add);
    }
    return tables;
  }

  /**
   * Same as {@link #loadDirectory} over the DDL files packaged in the contract jar under {@code
   * tglake/ddl/}.
   */
  public static List<TableDefinition> bundled(Map<String, String> variables) {
    List<TableDefinition> tables = new ArrayList<>();
    for (DdlRenderer.DdlFile file : DdlRenderer.bundled()) {
      String text = variables.isEmpty() ? file.text() : DdlRenderer.render(file.text(), variables);
      parse(file.name(), text).ifPresent(tables::add);
    }
    return tables;
  }

  private static List<Column> columns(String fileName, String list) {
    List<Column> columns = new ArrayList<>();
    // Hive types here never contain commas (no decimal(p,s)/struct), so a plain split is exact;
    // a composite type would fail the COLUMN match below instead of being mis-split silently.
    for (String part : list.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      Matcher c = COLUMN.matcher(part);
      if (!c.matches() || c.group(2).contains("<") || c.group(2).contains("(")) {
        throw new IllegalArgumentException(
            fileName + ": cannot parse column definition '" + part.strip() + "'");
      }
      columns.add(new Column(c.group(1).replace("`", ""), c.group(2).toLowerCase(Locale.ROOT)));
    }
    return columns;
  }

  /**
   * {@code sql} with every {@code --} comment (outside single quotes) removed, line structure kept.
   */
  public static String stripComments(String sql) {
    StringBuilder out = new StringBuilder();
    for (String line : sql.split("\n", -1)) {
      int dash = commentStart(line);
      out.append(dash < 0 ? line : line.substring(0, dash)).append('\n');
    }
    return out.toString();
  }

  /** Index of a {@code --} comment outside single quotes, or -1. */
  private static int commentStart(String line) {
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (ch == '\'') {
        quoted = !quoted;
      } else if (!quoted && ch == '-' && i + 1 < line.length() && line.charAt(i + 1) == '-') {
        return i;
      }
    }
    return -1;
  }

  private static String leadingComment(String sql) {
    List<String> lines = new ArrayList<>();
    try (Stream<String> stream = sql.lines()) {
      for (String line : (Iterable<String>) stream::iterator) {
        String t = line.strip();
        if (t.startsWith("--")) {
          lines.add(t.substring(2).strip());
        } else if (!t.isEmpty()) {
          break;
        }
      }
    }
    return String.join(" ", lines);
  }
}
