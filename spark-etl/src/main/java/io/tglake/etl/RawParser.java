package io.tglake.etl;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Parses raw objects once into the contract struct and classifies them as valid updates or
 * quarantine.
 *
 * <p>Input columns: {@code raw_json string} (the whole object text), {@code source_file string},
 * {@code received_at timestamp}, and when the frame comes from the reader the {@link UpdateGate}'s
 * verdict {@code gate_error string}, {@code gate_rescued array<string>} (a frame without them is
 * judged as all accepted). An object the gate refused is not parsed at all (its error is the gate's
 * reason). Output: the same three plus {@code update_id bigint} (null unless valid), {@code
 * update_type string}, one column per update kind of {@link TelegramSchema#update()} with exactly
 * the contract types ({@code message}, {@code callback_query}, ...), and {@code error string} (null
 * for a valid update, otherwise why it goes to quarantine), {@code rescued_paths array<string>}
 * (JSON paths where this object's value did not fit the contract type and was nulled, see {@link
 * SchemaConformer}) and {@code drift_paths array<string>} (paths it carries that the contract
 * lacks, see {@link ContractDrift}).
 */
public final class RawParser {

  static final String CORRUPT = "_corrupt_record";

  private RawParser() {}

  /** Top-level keys of the inferred schema that are not known update kinds: new Bot API kinds. */
  public static List<String> unknownKinds(StructType inferred) {
    Set<String> known = new HashSet<>(TelegramSchema.KNOWN_KINDS);
    known.add("update_id");
    known.add(CORRUPT);
    List<String> unknown = new ArrayList<>();
    for (StructField f : inferred.fields()) {
      if (!known.contains(f.name())) {
        unknown.add(f.name());
      }
    }
    unknown.sort(null);
    return unknown;
  }

  /**
   * The schema to parse with: the conformed contract read types, unknown kinds as strings, the
   * corrupt marker.
   */
  public static StructType parseSchema(StructType inferred) {
    StructType read = SchemaConformer.readSchema(TelegramSchema.update(), inferred);
    read = read.add(CORRUPT, DataTypes.StringType);
    for (String k : unknownKinds(inferred)) {
      read =
          read.add(
              k, DataTypes.StringType); // presence is all we need; the raw JSON keeps the content
    }
    return read;
  }

  /**
   * Parses and classifies (see class doc).
   *
   * @param inferred the schema inferred from this very data (drives {@link SchemaConformer})
   */
  public static Dataset<Row> parse(Dataset<Row> raw, StructType inferred) {
    boolean gated = Arrays.asList(raw.columns()).contains("gate_error");
    Column gateError = gated ? col("gate_error") : lit(null).cast(DataTypes.StringType);
    Column gateRescued =
        gated ? col("gate_rescued") : array().cast(DataTypes.createArrayType(DataTypes.StringType));
    // Refused objects never reach the JSON reader: the gate bounds what Spark's parser may recurse
    // into.
    Column text = when(gateError.isNull(), col("raw_json"));
    StructType parseSchema = parseSchema(inferred);
    Column r =
        from_json(
            text, parseSchema, Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT));
    // Drift is read by a second, tiny parse (see ContractDrift#skeleton) so that the contract
    // columns keep their
    // exact types and need no per-row conversion; unknown kinds are already top-level fields of the
    // main parse.
    List<String> unknownKinds = unknownKinds(inferred);
    List<String> nested = ContractDrift.unmodelledPaths(TelegramSchema.update(), inferred);
    nested.removeAll(unknownKinds);
    // Spark's own marker of broken JSON, not a field of the data: as a drift path, every broken
    // object would count.
    nested.remove(CORRUPT);
    Column d =
        nested.isEmpty()
            ? lit(null)
            : from_json(text, ContractDrift.skeleton(nested), Map.of("mode", "PERMISSIVE"));
    Dataset<Row> parsed =
        raw.select(
            col("raw_json"),
            col("source_file"),
            col("received_at"),
            r.as("r"),
            d.as("d"),
            gateError.as("gate_error"),
            gateRescued.as("gate_rescued"));

    Column rc = col("r");
    Column uid = rc.getField("update_id");
    Column id = uid.try_cast(DataTypes.LongType);
    // Anchored patterns stop at the first non-blank character: cheap even on large objects.
    Column isObject = col("raw_json").rlike("^\\s*\\{");
    Column isArray = col("raw_json").rlike("^\\s*\\[");
    // With a conformed schema no field can fail on its type, so a corrupt marker means broken JSON.
    Column error =
        when(col("gate_error").isNotNull(), col("gate_error"))
            .when(isArray, lit("JSON array, not an update object"))
            .when(not(isObject), lit("not a JSON object"))
            .when(rc.getField(CORRUPT).isNotNull(), lit("invalid JSON"))
            .when(uid.isNull(), lit("missing update_id"))
            .when(id.isNull(), lit("update_id is not an integer"));

    List<String> kinds = new ArrayList<>(TelegramSchema.KNOWN_KINDS);
    kinds.addAll(unknownKinds(inferred));
    Column type = null;
    for (String k : kinds) {
      Column present = rc.getField(k).isNotNull();
      type = type == null ? when(present, lit(k)) : type.when(present, lit(k));
    }

    List<Column> out =
        new ArrayList<>(
            List.of(
                col("raw_json"),
                col("source_file"),
                col("received_at"),
                when(error.isNull(), id).as("update_id"),
                type.as("update_type")));
    // One top-level column per kind rather than one struct: the day is cached, and the in-memory
    // cache prunes
    // top-level columns only, so e.g. callback_queries then decodes just callback_query, not every
    // message.
    List<SchemaConformer.Check> checks = new ArrayList<>();
    for (StructField f : TelegramSchema.update().fields()) {
      if (!f.name().equals("update_id")) {
        SchemaConformer.Conformed c =
            SchemaConformer.conform(
                rc.getField(f.name()),
                parseSchema.apply(f.name()).dataType(),
                f.dataType(),
                f.name());
        out.add(c.value().as(f.name()));
        checks.addAll(c.checks());
      }
    }
    List<Column> rescued = new ArrayList<>();
    for (SchemaConformer.Check c : checks) {
      rescued.add(when(c.failed(), lit(c.path())));
    }
    List<Column> drift = new ArrayList<>();
    for (String k : unknownKinds) {
      drift.add(when(rc.getField(k).isNotNull(), lit(k)));
    }
    for (String p : nested) {
      drift.add(when(ContractDrift.present(col("d"), p), lit(p)));
    }
    // A string standing for a number that converts cleanly is seen only by the gate; one that does
    // not convert by
    // both: distinct paths per object.
    out.add(array_distinct(concat(col("gate_rescued"), pathsHit(rescued))).as("rescued_paths"));
    out.add(pathsHit(drift).as("drift_paths"));
    out.add(error.as("error"));
    return parsed.select(out.toArray(Column[]::new));
  }

  /**
   * The non-null entries of {@code hits} (each a path or null) as an array, empty when none. Built
   * from one-element arrays and flatten rather than a filter() lambda: higher-order functions run
   * interpreted, row by row, over every check, while these expressions compile into the parse
   * stage's generated code.
   */
  private static Column pathsHit(List<Column> hits) {
    Column empty = array().cast(DataTypes.createArrayType(DataTypes.StringType));
    if (hits.isEmpty()) {
      return empty;
    }
    return flatten(
        array(
            hits.stream()
                .map(h -> when(h.isNotNull(), array(h)).otherwise(empty))
                .toArray(Column[]::new)));
  }
}
