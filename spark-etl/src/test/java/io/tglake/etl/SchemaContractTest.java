package io.tglake.etl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Golden schemas: each table's Spark schema equals src/test/resources/golden/&lt;table&gt;.ddl, and those equal
 * the Athena contract in sql/ddl (names, order, types; context_date last).
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
    schemas.put(BotMessages.TABLE, BotMessages.table(BotMessages.classify(Fixtures.jsonToDF(spark,
        BotMessagesTest.API_PHOTO)), Fixtures.DAY).schema());
    Map<String, String> actuals = new LinkedHashMap<>();
    for (var e : schemas.entrySet()) {
      // Candidates land in target/golden so a deliberate contract change is a reviewed copy, not a rewrite.
      String actual = written(e.getValue()).toDDL();
      Files.createDirectories(Path.of("target/golden"));
      Files.writeString(Path.of("target/golden", e.getKey() + ".ddl"), actual + "\n");
      actuals.put(e.getKey(), actual);
    }
    for (var e : actuals.entrySet()) {
      String actual = e.getValue();
      Path golden = Path.of("src/test/resources/golden", e.getKey() + ".ddl");
      assertThat(golden).as("golden file for %s (candidate in target/golden)", e.getKey()).exists();
      assertThat(actual).as("schema of %s vs %s", e.getKey(), golden)
          .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8).strip());
    }
  }

  @Test
  void goldenSchemasEqualTheAthenaDdlContract() throws IOException {
    String[] files = {"10_messages.sql", "20_message_entities.sql", "30_callback_queries.sql",
        "40_chat_member_updates.sql", "50_updates.sql", "70_bot_messages.sql"};
    for (String file : files) {
      String table = file.substring(3, file.length() - 4);
      List<String> expected = ddlColumns(Path.of("../sql/ddl", file));
      StructType golden = StructType.fromDDL(
          Files.readString(Path.of("src/test/resources/golden", table + ".ddl")).strip());
      List<String> actual = new ArrayList<>();
      for (StructField f : golden.fields()) {
        actual.add(f.name() + " " + f.dataType().sql().toLowerCase());
      }
      assertThat(actual).as("%s: golden columns (name type, in order) vs sql/ddl/%s", table, file)
          .containsExactlyElementsOf(expected);
    }
  }

  /** The schema as stored: Spark writes every Parquet column as nullable, whatever the plan's nullability. */
  static StructType written(StructType schema) {
    StructType out = new StructType();
    for (StructField f : schema.fields()) {
      out = out.add(f.name(), f.dataType(), true);
    }
    return out;
  }

  /** Columns of a CREATE EXTERNAL TABLE as "name type" with Spark SQL type names, partition column last. */
  static List<String> ddlColumns(Path ddl) throws IOException {
    String sql = Files.readString(ddl);
    int open = sql.indexOf('(', sql.indexOf("CREATE EXTERNAL TABLE"));
    int close = sql.indexOf("\n)", open);
    List<String> cols = new ArrayList<>();
    Pattern col = Pattern.compile("^\\s*`?(\\w+)`?\\s+(\\w+),?\\s*$");
    for (String line : sql.substring(open + 1, close).split("\n")) {
      Matcher m = col.matcher(line);
      if (m.matches()) {
        cols.add(m.group(1) + " " + sparkType(m.group(2)));
      }
    }
    Matcher part = Pattern.compile("PARTITIONED BY \\(`?(\\w+)`? (\\w+)\\)").matcher(sql);
    assertThat(part.find()).as("partition clause in %s", ddl).isTrue();
    cols.add(part.group(1) + " " + sparkType(part.group(2)));
    return cols;
  }

  private static String sparkType(String athena) {
    return switch (athena.toLowerCase()) {
      case "int", "integer" -> "int";
      default -> athena.toLowerCase();
    };
  }
}
