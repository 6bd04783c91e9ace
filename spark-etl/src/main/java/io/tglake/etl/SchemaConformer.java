package io.tglake.etl;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
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
 * Reconciles a day's <em>inferred</em> JSON schema with the fixed contract schema ({@link
 * TelegramSchema}), so that a value of the wrong type affects only the object that has it.
 *
 * <p>Two steps, both pure:
 *
 * <ol>
 *   <li>{@link #readSchema}: the schema to parse with. A field keeps its contract type when every
 *       value the inference saw can be read as that type; otherwise (a type conflict across
 *       records, which inference widens to string, or a number where the contract wants a boolean,
 *       ...) it is read as a string, which the JSON reader accepts for any value (an object or
 *       array comes back as its JSON text). Parsing therefore never fails on a field's type — only
 *       on broken JSON — and bad values never reach an ANSI cast.
 *   <li>{@link #conform}: turns the parsed column into exactly the contract type, <b>per
 *       object</b>: a string-read leaf is {@code try_cast}; a string-read struct or array (widened
 *       because some object of the day disagrees) is parsed again from its JSON text with the
 *       contract type, one level at a time, so every object whose value has the contract's shape
 *       keeps it and only the object that does not fit gets a null there. Each place where a
 *       present value did not fit is a {@link Check}: its JSON path ({@code message.from}, {@code
 *       message.entities[]}) and a boolean column that is true for the objects that lost a value
 *       there (the "rescued" objects of the run report).
 * </ol>
 *
 * <p>A string in the contract accepts any JSON value (an object is kept as its JSON text), so it
 * never mismatches. A JSON string whose content is itself JSON (e.g. {@code "from": "{\"id\":1}"})
 * is read as that JSON: the reader hands nested values over as text, unquoted.
 */
public final class SchemaConformer {

  private SchemaConformer() {}

  /**
   * One place a present value may not fit the contract: {@code failed} is true for such objects.
   */
  public record Check(String path, Column failed) {}

  /**
   * A column conformed to the contract type, with the checks that tell which objects lost a value.
   */
  public record Conformed(Column value, List<Check> checks) {}

  /**
   * The schema to parse a day with: the contract's fields with conflict-free types (see class doc).
   *
   * @param contract the contract struct
   * @param inferred the struct inferred from the day's objects (may lack fields or have other
   *     types)
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
        fields.add(
            new StructField(
                f.name(),
                readType(f.dataType(), i == null ? null : i.dataType()),
                true,
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

  /** {@link #conform(Column, DataType, DataType, String)} without the checks. */
  public static Column conform(Column parsed, DataType readType, DataType contract) {
    return conform(parsed, readType, contract, "").value();
  }

  /**
   * Projects {@code parsed} (parsed with {@code readType}) to a column of exactly {@code contract}
   * type, and the checks of every place where an object's value may not fit (none when {@code
   * readType == contract}). Fields of {@code readType} that the contract does not have are dropped.
   *
   * @param path JSON path of {@code parsed}, e.g. {@code message}; array elements add {@code []}
   */
  public static Conformed conform(
      Column parsed, DataType readType, DataType contract, String path) {
    if (readType.equals(contract)) {
      return new Conformed(parsed, List.of());
    }
    if (contract instanceof StructType cs) {
      if (readType.equals(DataTypes.StringType)) {
        return reparse(parsed, contract, path);
      }
      if (!(readType instanceof StructType rs)) {
        return new Conformed(lit(null).cast(contract), List.of());
      }
      Map<String, StructField> byName = fieldsByName(rs);
      List<Column> fields = new ArrayList<>();
      List<Check> checks = new ArrayList<>();
      for (StructField f : cs.fields()) {
        StructField r = byName.get(f.name());
        if (r == null) {
          fields.add(lit(null).cast(f.dataType()).as(f.name()));
          continue;
        }
        Conformed c =
            conform(parsed.getField(f.name()), r.dataType(), f.dataType(), join(path, f.name()));
        fields.add(c.value().as(f.name()));
        checks.addAll(c.checks());
      }
      // when() without otherwise keeps a missing struct null instead of a struct of nulls.
      return new Conformed(when(parsed.isNotNull(), struct(fields.toArray(Column[]::new))), checks);
    }
    if (contract instanceof ArrayType ca) {
      if (readType.equals(DataTypes.StringType)) {
        return reparse(parsed, contract, path);
      }
      if (!(readType instanceof ArrayType ra)) {
        return new Conformed(lit(null).cast(contract), List.of());
      }
      DataType re = ra.elementType();
      DataType ce = ca.elementType();
      String elementPath = path + "[]";
      Column value = transform(parsed, x -> conform(x, re, ce, elementPath).value());
      // One exists() per element check; the lambda variable is new each time, so conform runs per
      // check.
      List<Check> elementChecks = conform(lit(null).cast(re), re, ce, elementPath).checks();
      List<Check> checks = new ArrayList<>();
      for (int i = 0; i < elementChecks.size(); i++) {
        int index = i;
        checks.add(
            new Check(
                elementChecks.get(i).path(),
                exists(parsed, x -> conform(x, re, ce, elementPath).checks().get(index).failed())));
      }
      return new Conformed(value, checks);
    }
    if (readType.equals(DataTypes.StringType)) {
      Column value = parsed.try_cast(contract);
      return new Conformed(value, List.of(new Check(path, parsed.isNotNull().and(value.isNull()))));
    }
    return new Conformed(parsed.cast(contract), List.of());
  }

  /**
   * A struct or array that the day's inference widened to a string (some object disagreed): parse
   * this object's JSON text of it with the contract shape, one level deep (children as strings,
   * conformed recursively). The text is wrapped as {@code {"v": ...}} so that a value of another
   * shape (a string, a number, an object where an array belongs) gives a null {@code v} rather than
   * a guess.
   */
  private static Conformed reparse(Column text, DataType contract, String path) {
    DataType oneLevel = oneLevel(contract);
    StructType wrapper = new StructType().add("v", oneLevel);
    Column v = from_json(concat(lit("{\"v\":"), text, lit("}")), wrapper).getField("v");
    Conformed inner = conform(v, oneLevel, contract, path);
    Column value = when(text.isNotNull(), inner.value());
    List<Check> checks = new ArrayList<>();
    checks.add(new Check(path, text.isNotNull().and(v.isNull())));
    checks.addAll(inner.checks());
    return new Conformed(value, checks);
  }

  /**
   * The contract type with every child read as a string (a struct's fields, an array's elements).
   */
  private static DataType oneLevel(DataType contract) {
    if (contract instanceof StructType cs) {
      StructType s = new StructType();
      for (StructField f : cs.fields()) {
        s = s.add(f.name(), DataTypes.StringType);
      }
      return s;
    }
    return DataTypes.createArrayType(DataTypes.StringType, true);
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static Map<String, StructField> fieldsByName(StructType s) {
    return Arrays.stream(s.fields())
        .collect(Collectors.toMap(StructField::name, f -> f, (a, b) -> a));
  }
}
