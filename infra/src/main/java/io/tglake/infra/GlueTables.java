package io.tglake.infra;

import io.tglake.contract.TableDefinitions.Column;
import io.tglake.contract.TableDefinitions.TableDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.glue.CfnTable;

/**
 * Turns a parsed Athena DDL table ({@link TableDefinition}) into the Glue {@code TableInput} that
 * Athena's own {@code CREATE EXTERNAL TABLE ... STORED AS PARQUET} would have produced, so the
 * deployed catalog and the DDL files cannot drift: columns, partition key, location and every
 * TBLPROPERTIES entry (partition projection included) are copied, nothing is restated here.
 */
public final class GlueTables {

  static final String PARQUET_INPUT =
      "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
  static final String PARQUET_OUTPUT =
      "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
  static final String PARQUET_SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";

  private GlueTables() {}

  /**
   * The Glue table input of one DDL table.
   *
   * @param table a rendered definition (its location may hold CDK tokens, e.g. the bucket name)
   * @throws IllegalArgumentException for a storage format other than PARQUET (the only one the DDL
   *     uses)
   */
  public static CfnTable.TableInputProperty tableInput(TableDefinition table) {
    if (!"PARQUET".equals(table.storedAs())) {
      throw new IllegalArgumentException(
          table.fileName() + ": only STORED AS PARQUET is supported, got " + table.storedAs());
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    // What Athena sets for an external Parquet table created by DDL.
    parameters.put("EXTERNAL", "TRUE");
    parameters.put("classification", "parquet");
    parameters.putAll(table.tableProperties());
    return CfnTable.TableInputProperty.builder()
        .name(table.name())
        .description(table.description().isEmpty() ? null : truncate(table.description(), 2048))
        .tableType("EXTERNAL_TABLE")
        .parameters(parameters)
        .partitionKeys(columns(List.of(table.partitionColumn())))
        .storageDescriptor(
            CfnTable.StorageDescriptorProperty.builder()
                .columns(columns(table.columns()))
                .location(table.location())
                .inputFormat(PARQUET_INPUT)
                .outputFormat(PARQUET_OUTPUT)
                .compressed(false)
                .storedAsSubDirectories(false)
                .serdeInfo(
                    CfnTable.SerdeInfoProperty.builder()
                        .serializationLibrary(PARQUET_SERDE)
                        .parameters(Map.of("serialization.format", "1"))
                        .build())
                .build())
        .build();
  }

  private static List<Object> columns(List<Column> columns) {
    return columns.stream()
        .map(c -> (Object) CfnTable.ColumnProperty.builder().name(c.name()).type(c.type()).build())
        .toList();
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
