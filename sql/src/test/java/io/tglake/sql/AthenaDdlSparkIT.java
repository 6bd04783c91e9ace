package io.tglake.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.contract.DdlRenderer;
import io.tglake.contract.TableDefinitions;
import io.tglake.contract.TableDefinitions.Column;
import io.tglake.contract.TableDefinitions.TableDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Trino cannot run Hive DDL, so the Athena DDL itself is validated in Spark SQL with Hive support:
 * the rendered {@code CREATE DATABASE} / {@code CREATE EXTERNAL TABLE} statements of the contract's
 * DDL are executed unchanged (only comments and the trailing semicolon are removed) against the
 * Parquet the real ETL wrote, and the table must then show exactly the Parquet's columns and rows.
 * The local-time view uses Trino function with_timezone and AT TIME ZONE on it, which Spark lacks;
 * it is checked on Trino in QueriesIT.
 */
class AthenaDdlSparkIT {

  private static final String DB = "athena_ddl";
  private static ItLake lake;
  private static SparkSession spark;
  private static Map<String, String> vars;

  @BeforeAll
  static void createTablesFromTheAthenaDdl() {
    lake = ItLake.get();
    spark = lake.spark;
    // Athena's LOCATION would be s3://bucket/enriched; here the same files on the local disk.
    vars = DdlRenderer.variables(DB, lake.enriched.toUri().toString(), ItLake.TZ);
    for (DdlRenderer.DdlFile f : DdlRenderer.bundled()) {
      String sql = statement(DdlRenderer.render(f.text(), vars));
      if (sql.matches("(?is)CREATE\\s+OR\\s+REPLACE\\s+VIEW.*")) {
        continue;
      }
      spark.sql(sql);
    }
    for (TableDefinition t : tables()) {
      // Partition projection is Athena-only; the Hive metastore here learns the days by listing.
      spark.sql("MSCK REPAIR TABLE " + DB + "." + t.name());
    }
  }

  @Test
  void everyTableTheEtlWritesHasADdlFile() throws IOException {
    List<String> written;
    try (Stream<Path> dirs = Files.list(lake.enriched)) {
      written =
          dirs.filter(Files::isDirectory)
              .map(p -> p.getFileName().toString())
              .filter(n -> !n.startsWith("_"))
              .sorted()
              .toList();
    }
    assertThat(tables())
        .extracting(TableDefinition::name)
        .as("tables in the DDL vs folders the ETL wrote")
        .containsExactlyInAnyOrderElementsOf(written);
  }

  @Test
  void ddlColumnsAndTypesEqualTheParquetTheEtlWrote() {
    for (TableDefinition t : tables()) {
      Dataset<Row> parquet = spark.read().parquet(partitionDir(t, ItLake.DAY1).toString());
      List<String> parquetColumns =
          Arrays.stream(parquet.schema().fields())
              .map(f -> f.name() + " " + f.dataType().simpleString())
              .toList();
      List<String> ddlColumns = t.columns().stream().map(c -> c.name() + " " + c.type()).toList();
      assertThat(ddlColumns)
          .as("%s: DDL columns (name type, in order) vs the ETL's Parquet", t.name())
          .containsExactlyElementsOf(parquetColumns);

      List<String> tableColumns =
          Arrays.stream(spark.table(DB + "." + t.name()).schema().fields())
              .map(StructField::name)
              .toList();
      assertThat(tableColumns)
          .as("%s as Spark/Hive sees the Athena DDL", t.name())
          .containsExactlyElementsOf(t.allColumns().stream().map(Column::name).toList());
    }
  }

  @Test
  void tablesFromTheDdlReturnExactlyTheEtlRows() {
    for (TableDefinition t : tables()) {
      for (var day : List.of(ItLake.DAY1, ItLake.DAY2)) {
        Dataset<Row> viaDdl =
            spark
                .table(DB + "." + t.name())
                .where("context_date = DATE '" + day + "'")
                .drop("context_date");
        Dataset<Row> files = spark.read().parquet(partitionDir(t, day).toString());
        assertThat(viaDdl.count())
            .as("%s %s row count through the DDL", t.name(), day)
            .isEqualTo(files.count());
        assertThat(viaDdl.exceptAll(files).count())
            .as("%s %s rows identical", t.name(), day)
            .isZero();
      }
    }
    assertThat(
            spark
                .table(DB + ".messages")
                .where("context_date IN (DATE '" + ItLake.DAY1 + "', DATE '" + ItLake.DAY2 + "')")
                .count())
        .as("the fixture's 15 message rows (14 + 1 edit)")
        .isEqualTo(15);
  }

  @Test
  void locationAndProjectionTemplatePointWhereTheEtlWrites() {
    for (TableDefinition t : tables()) {
      assertThat(Path.of(java.net.URI.create(t.location())))
          .as("%s LOCATION = <enriched>/<table>/", t.name())
          .isEqualTo(lake.enriched.resolve(t.name()));
      for (var day : List.of(ItLake.DAY1, ItLake.DAY2)) {
        String template = t.tableProperties().get("storage.location.template");
        Path partition =
            Path.of(java.net.URI.create(template.replace("${context_date}", day.toString())));
        assertThat(partition)
            .as("%s storage.location.template for %s", t.name(), day)
            .isEqualTo(partitionDir(t, day));
        try (Stream<Path> files = Files.list(partition)) {
          assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet")))
              .as("%s %s holds the ETL's Parquet part files", t.name(), day)
              .isNotEmpty();
        } catch (IOException e) {
          throw new AssertionError("no partition folder " + partition + " for " + t.name(), e);
        }
      }
      assertThat(t.tableProperties())
          .as("%s projection covers context_date", t.name())
          .containsEntry("projection.enabled", "true")
          .containsEntry("projection.context_date.type", "date")
          .containsEntry("projection.context_date.format", "yyyy-MM-dd")
          .containsEntry("projection.context_date.interval.unit", "DAYS");
      assertThat(t.tableProperties().get("projection.context_date.range")).endsWith(",NOW");
    }
  }

  private static List<TableDefinition> tables() {
    return TableDefinitions.bundled(vars);
  }

  private static Path partitionDir(TableDefinition t, java.time.LocalDate day) {
    return lake.enriched.resolve(t.name()).resolve("context_date=" + day);
  }

  private static String statement(String sql) {
    String body = TableDefinitions.stripComments(sql).strip();
    return body.endsWith(";") ? body.substring(0, body.length() - 1) : body;
  }
}
