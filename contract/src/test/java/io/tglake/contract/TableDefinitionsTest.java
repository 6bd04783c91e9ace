package io.tglake.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tglake.contract.TableDefinitions.Column;
import io.tglake.contract.TableDefinitions.TableDefinition;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableDefinitionsTest {

  private static final Path DDL = Path.of("src/main/resources/tglake/ddl");
  private static final Map<String, String> VARS =
      DdlRenderer.variables("tglake", "s3://lake-bucket/enriched/", "America/Sao_Paulo");

  @Test
  void parsesEveryEnrichedTableOfTheContract() {
    List<TableDefinition> tables = TableDefinitions.loadDirectory(DDL, VARS);

    assertThat(tables)
        .extracting(TableDefinition::name)
        .as("one definition per enriched table, in file order; database and view files skipped")
        .containsExactly(
            "messages",
            "message_entities",
            "callback_queries",
            "chat_member_updates",
            "updates",
            "bot_messages");
    assertThat(tables)
        .allSatisfy(
            t -> {
              assertThat(t.database()).isEqualTo("tglake");
              assertThat(t.partitionColumn()).isEqualTo(new Column("context_date", "date"));
              assertThat(t.storedAs()).isEqualTo("PARQUET");
              assertThat(t.location())
                  .as("LOCATION = <enriched>/<table>/ where the ETL writes")
                  .isEqualTo("s3://lake-bucket/enriched/" + t.name() + "/");
              assertThat(t.tableProperties())
                  .containsEntry("projection.enabled", "true")
                  .containsEntry("projection.context_date.type", "date")
                  .containsEntry("projection.context_date.format", "yyyy-MM-dd")
                  .containsEntry(
                      "storage.location.template",
                      "s3://lake-bucket/enriched/" + t.name() + "/context_date=${context_date}/");
            });
  }

  @Test
  void keepsTheSeedColumnsFirstWithBackticksRemoved() {
    TableDefinition messages = TableDefinitions.loadDirectory(DDL, VARS).get(0);

    assertThat(messages.columns().subList(0, 8))
        .as("the seed projects' eight columns, exact names and types")
        .containsExactly(
            new Column("message_id", "bigint"),
            new Column("user_id", "bigint"),
            new Column("user_is_bot", "boolean"),
            new Column("user_first_name", "string"),
            new Column("chat_id", "bigint"),
            new Column("chat_type", "string"),
            new Column("text", "string"),
            new Column("date", "bigint"));
    assertThat(messages.description()).startsWith("One row per message-like update");
    assertThat(messages.allColumns()).last().isEqualTo(new Column("context_date", "date"));
  }

  @Test
  void rawFilesKeepPlaceholdersWhenNoVariablesAreGiven() {
    TableDefinition updates = TableDefinitions.loadDirectory(DDL, Map.of()).get(4);

    assertThat(updates.database()).isEqualTo("${DATABASE}");
    assertThat(updates.location()).isEqualTo("${LAKE_LOCATION}/updates/");
  }

  @Test
  void rejectsATableThatDoesNotFollowTheRegularShape() {
    String noPartition =
        "CREATE EXTERNAL TABLE x.t (a bigint)\nSTORED AS PARQUET\nLOCATION 's3://b/t/';";

    assertThatThrownBy(() -> TableDefinitions.parse("bad.sql", noPartition))
        .as("a malformed file must fail, not produce a partial table")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.sql");
  }

  @Test
  void rejectsCompositeTypesInsteadOfMisSplittingThem() {
    String ddl =
        "CREATE EXTERNAL TABLE x.t (a decimal(10,2))\nPARTITIONED BY (d date)\nSTORED AS PARQUET\n"
            + "LOCATION 's3://b/t/'\nTBLPROPERTIES ('k' = 'v');";

    assertThatThrownBy(() -> TableDefinitions.parse("dec.sql", ddl))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
