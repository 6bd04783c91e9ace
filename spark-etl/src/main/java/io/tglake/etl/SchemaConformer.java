package io.tglake.etl;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reconciles a day's <em>inferred</em> JSON schema with the fixed contract schema ({@link TelegramSchema}).
 *
 * <p>Two steps, both pure:
 * <ol>
 *   <li>{@link #readSchema}: the schema to parse with. A field keeps its contract type when every value the
 *       inference saw can be read as that type; otherwise (a type conflict across records, which inference
 *       widens to string, or a number where the contract wants a boolean, ...) it is read as a string, which
 *       the JSON reader accepts for any value. Parsing therefore never fails on a field's type — it only
 *       fails on broken JSON — and bad values never reach an ANSI cast.</li>
 *   <li>{@link #conform}: turns the parsed column into exactly the contract type: string-read leaves are
 *       {@code try_cast} (null when not convertible), string-read structs/arrays become typed nulls, fields the
 *       day never contained are typed nulls already. Subtrees without conflicts are passed through as is.</li>
 * </ol>
 */
public final class SchemaConformer {

  private SchemaConformer() {}

  /**
   * The schema to parse a day with: the contract's fields with conflict-free types (see class doc).
   *
   * @param contract the contract struct
   * @param inferred the struct inferred from the day's objects (may lack fields or have other types)
   */
  public static StructType readSchema(StructType contract, StructType inferred) {
    return (StructType) readType(contract, inferred);
  }

  static DataType readType(DataType contract, DataType inferred) {
    if (inferred == null || inferred.equals(contract)) {
      return contract;
    }
    if (contract instanceof StructType cs) {
      if (!(inferred instanceof StructType is)) {
        return DataTypes.StringType;
      }
      Map<String, StructField> byName = fieldsByName(is);
      List<StructField> fields = new ArrayList<>();
      for (StructField f : cs.fields()) {
        StructField i = byName.get(f.name());
        fields.add(new StructField(f.name(), readType(f.dataType(), i == null ? null : i.dataType()), true,
            f.metadata()));
      }
      return new StructType(fields.toArray(StructField[]::new));
    }
    if (contract instanceof ArrayType ca) {
      if (!(inferred instanceof ArrayType ia)) {
        return DataTypes.StringType;
      }
      return DataTypes.createArrayType(readType(ca.elementType(), ia.elementType()), true);
    }
    if (contract.equals(DataTypes.StringType)) {
      return DataTypes.StringType; // the JSON reader renders any value as a string
    }
    if (contract.equals(DataTypes.DoubleType) && inferred.equals(DataTypes.LongType)) {
      return contract; // integral JSON numbers read fine as double
    }
    return DataTypes.StringType;
  }

  /**
   * Projects {@code parsed} (parsed with {@code readType}) to a column of exactly {@code contract} type.
   * Fields of {@code readType} that the contract does not have are dropped.
   */
  public static Column conform(Column parsed, DataType readType, DataType contract) {
    if (readType.equals(contract)) {
      return parsed;
    }
    if (contract instanceof StructType cs) {
      if (!(readType instanceof StructType rs)) {
        return lit(null).cast(contract);
      }
      Map<String, StructField> byName = fieldsByName(rs);
      List<Column> fields = new ArrayList<>();
      for (StructField f : cs.fields()) {
        StructField r = byName.get(f.name());
        Column c = r == null
            ? lit(null).cast(f.dataType())
            : conform(parsed.getField(f.name()), r.dataType(), f.dataType());
        fields.add(c.as(f.name()));
      }
      // when() without otherwise keeps a missing struct null instead of a struct of nulls.
      return when(parsed.isNotNull(), struct(fields.toArray(Column[]::new)));
    }
    if (contract instanceof ArrayType ca) {
      if (!(readType instanceof ArrayType ra)) {
        return lit(null).cast(contract);
      }
      DataType re = ra.elementType();
      DataType ce = ca.elementType();
      return transform(parsed, x -> conform(x, re, ce));
    }
    if (readType.equals(DataTypes.StringType)) {
      return parsed.try_cast(contract);
    }
    return parsed.cast(contract);
  }

  private static Map<String, StructField> fieldsByName(StructType s) {
    return java.util.Arrays.stream(s.fields())
        .collect(Collectors.toMap(StructField::name, f -> f, (a, b) -> a));
  }
}
