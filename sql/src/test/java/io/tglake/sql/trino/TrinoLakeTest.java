package io.tglake.sql.trino;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.contract.TableDefinitions;
import io.tglake.contract.TableDefinitions.TableDefinition;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrinoLakeTest {

  @Test
  void translatesAnAthenaTableIntoATrinoExternalTableOverTheLocalLake() {
    TableDefinition entities = TableDefinitions.bundled(Map.of()).stream()
        .filter(t -> t.name().equals("message_entities")).findFirst().orElseThrow();

    String sql = TrinoLake.createTable("hive.tglake.message_entities", entities);

    assertThat(sql).startsWith("CREATE TABLE hive.tglake.message_entities (\n  \"update_id\" bigint,")
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
        assertThat(TrinoLake.trinoType(c)).as("%s.%s %s", t.name(), c.name(), c.type()).isNotBlank();
      }
    }
    assertThat(TrinoLake.trinoType(new TableDefinitions.Column("sent_at", "timestamp"))).isEqualTo("timestamp(3)");
  }
}
