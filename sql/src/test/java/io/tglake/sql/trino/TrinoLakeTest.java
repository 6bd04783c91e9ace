package io.tglake.sql.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tglake.contract.DdlRenderer;
import io.tglake.contract.TableDefinitions;
import io.tglake.contract.TableDefinitions.TableDefinition;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrinoLakeTest {

  @Test
  void translatesAnAthenaTableIntoATrinoExternalTableOverTheLocalLake() {
    TableDefinition entities =
        TableDefinitions.bundled(Map.of()).stream()
            .filter(t -> t.name().equals("message_entities"))
            .findFirst()
            .orElseThrow();

    String sql = TrinoLake.createTable("hive.tglake.message_entities", entities);

    assertThat(sql)
        .startsWith("CREATE TABLE hive.tglake.message_entities (\n  \"update_id\" bigint,")
        .contains("  \"offset\" integer,\n", "  \"entity_text\" varchar,\n")
        .contains("  \"context_date\" date\n) WITH (")
        .contains("external_location = 'local:///message_entities'")
        .contains("partitioned_by = ARRAY['context_date']")
        .contains("format = 'PARQUET'");
  }

  @Test
  void mapsEveryHiveTypeOfTheContract() {
    for (TableDefinition t : TableDefinitions.bundled(Map.of())) {
      for (TableDefinitions.Column c : t.allColumns()) {
        assertThat(TrinoLake.trinoType(c))
            .as("%s.%s %s", t.name(), c.name(), c.type())
            .isNotBlank();
      }
    }
    assertThat(TrinoLake.trinoType(new TableDefinitions.Column("sent_at", "timestamp")))
        .isEqualTo("timestamp(3)");
  }

  @TempDir Path lake;

  /** A connection that fails as soon as anything would be registered. */
  private static final Connection REFUSES =
      (Connection)
          Proxy.newProxyInstance(
              TrinoLakeTest.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                throw new SQLException("would register: " + method.getName());
              });

  @Test
  void registersAgainOnlyWhenTheDaysTheZoneOrTheMetastoreChanged() throws Exception {
    TrinoLake trinoLake = new TrinoLake(lake, DdlRenderer.bundled());
    Path marker = lake.resolve("registered.txt");
    Files.createDirectories(lake.resolve("messages/context_date=2026-11-20"));
    for (TableDefinition t : trinoLake.tables()) {
      Files.createDirectories(lake.resolve("_metastore/tglake").resolve(t.name()));
    }
    Files.writeString(marker, trinoLake.signature("tglake", "America/Sao_Paulo"));

    assertThat(trinoLake.registerIfChanged(REFUSES, "tglake", "America/Sao_Paulo", marker))
        .as("same DDL, zone and day folders, tables in the metastore: nothing to do")
        .isFalse();

    Files.createDirectories(lake.resolve("messages/context_date=2026-11-21"));
    assertThatThrownBy(
            () -> trinoLake.registerIfChanged(REFUSES, "tglake", "America/Sao_Paulo", marker))
        .as("a new day folder must be registered")
        .hasMessageContaining("would register");
    assertThat(marker).as("a failed registration leaves no marker behind").doesNotExist();

    Files.writeString(marker, trinoLake.signature("tglake", "America/Sao_Paulo"));
    assertThatThrownBy(() -> trinoLake.registerIfChanged(REFUSES, "tglake", "UTC", marker))
        .as("another zone re-creates the view")
        .hasMessageContaining("would register");

    Files.writeString(marker, trinoLake.signature("tglake", "America/Sao_Paulo"));
    Files.delete(lake.resolve("_metastore/tglake/updates"));
    assertThatThrownBy(
            () -> trinoLake.registerIfChanged(REFUSES, "tglake", "America/Sao_Paulo", marker))
        .as("a table gone from the metastore (a wiped lake, a DROP in the shell)")
        .hasMessageContaining("would register");
  }
}
