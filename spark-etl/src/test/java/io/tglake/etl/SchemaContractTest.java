package io.tglake.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.contract.TableDefinitions;
import io.tglake.contract.TableDefinitions.TableDefinition;
import io.tglake.testkit.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Golden schemas: each table's Spark schema equals src/test/resources/golden/&lt;table&gt;.ddl, and
 * those equal the Athena contract, the DDL of tglake-contract read by its own parser (names, order,
 * types; context_date last).
 */
class SchemaContractTest {

  private final SparkSession spark = SharedSpark.get();

  static final Map<String, Function<Dataset<Row>, Dataset<Row>>> TRANSFORMS = new LinkedHashMap<>();

  static {
    TRANSFORMS.put("messages", Tables::messages);
    TRANSFORMS.put("message_entities", Tables::messageEntities);
    TRANSFORMS.put("callback_queries", Tables::callbackQueries);
    TRANSFORMS.put("chat_member_updates", Tables::chatMemberUpdates);
    TRANSFORMS.put("updates", Tables::updates);
  }

  @Test
  void everyTableMatchesItsGoldenSchema() throws IOException {
    Dataset<Row> updates = Fixtures.updates(spark, Fixtures.textUpdate(1, "hello"));
    Map<String, StructType> schemas = new LinkedHashMap<>();
    TRANSFORMS.forEach((name, t) -> schemas.put(name, t.apply(updates).schema()));
    schemas.put(
        BotMessages.TABLE,
        BotMessages.table(
                BotMessages.classify(Fixtures.jsonToDF(spark, BotMessagesTest.API_PHOTO)),
                Fixtures.DAY)
            .schema());
    Map<String, String> actuals = new LinkedHashMap<>();
    for (var e : schemas.entrySet()) {
      // Candidates land in target/golden so a deliberate contract change is a reviewed copy, not a
      // rewrite.
      String actual = written(e.getValue()).toDDL();
      Files.createDirectories(Path.of("target/golden"));
      Files.writeString(Path.of("target/golden", e.getKey() + ".ddl"), actual + "\n");
      actuals.put(e.getKey(), actual);
    }
    for (var e : actuals.entrySet()) {
      String actual = e.getValue();
      Path golden = Path.of("src/test/resources/golden", e.getKey() + ".ddl");
      assertThat(golden).as("golden file for %s (candidate in target/golden)", e.getKey()).exists();
      assertThat(actual)
          .as("schema of %s vs %s", e.getKey(), golden)
          .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8).strip());
    }
  }

  @Test
  void goldenSchemasEqualTheAthenaDdlContract() throws IOException {
    List<TableDefinition> tables = TableDefinitions.bundled(Map.of());
    List<String> etlTables = new ArrayList<>(TRANSFORMS.keySet());
    etlTables.add(BotMessages.TABLE);
    assertThat(tables)
        .extracting(TableDefinition::name)
        .as("the contract's tables are the ETL's")
        .containsExactlyElementsOf(etlTables);
    for (TableDefinition t : tables) {
      List<String> expected = new ArrayList<>();
      for (TableDefinitions.Column c : t.allColumns()) {
        expected.add(c.name() + " " + sparkType(c.type()));
      }
      StructType golden =
          StructType.fromDDL(
              Files.readString(Path.of("src/test/resources/golden", t.name() + ".ddl")).strip());
      List<String> actual = new ArrayList<>();
      for (StructField f : golden.fields()) {
        actual.add(f.name() + " " + f.dataType().sql().toLowerCase());
      }
      assertThat(actual)
          .as(
              "%s: golden columns (name type, in order) vs the contract's %s",
              t.name(), t.fileName())
          .containsExactlyElementsOf(expected);
    }
  }

  /**
   * The schema as stored: Spark writes every Parquet column as nullable, whatever the plan's
   * nullability.
   */
  static StructType written(StructType schema) {
    StructType out = new StructType();
    for (StructField f : schema.fields()) {
      out = out.add(f.name(), f.dataType(), true);
    }
    return out;
  }

  private static String sparkType(String athena) {
    return switch (athena.toLowerCase()) {
      case "int", "integer" -> "int";
      default -> athena.toLowerCase();
    };
  }
}
