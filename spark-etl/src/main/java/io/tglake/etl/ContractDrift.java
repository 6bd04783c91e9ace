package io.tglake.etl;

import static org.apache.spark.sql.functions.exists;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Schema drift: JSON paths a day's objects carry that the contract ({@link TelegramSchema}) does
 * not read, e.g. a field the Bot API added ({@code message.quote}, {@code message.reply_markup},
 * {@code message_reaction.new_reaction}) or an update kind never seen before. Pure functions over
 * schemas and columns; the job counts the objects per path and puts them in the run report.
 *
 * <p>A path is the top-most missing key ({@code message.quote}, not {@code message.quote.text});
 * array elements add {@code []} ({@code message.entities[].new_field}). Presence-only contract
 * structs ({@code STRUCT<>}, e.g. {@code message.poll}) are deliberately opaque: their content is
 * not drift. A value whose type differs from the contract is not drift either, it is a mismatch
 * ({@link SchemaConformer}).
 */
public final class ContractDrift {

  private ContractDrift() {}

  /**
   * The top-most paths of {@code inferred} that {@code contract} lacks, in schema order; every
   * top-level field counts, so a caller whose schema carries columns of its own (the parser's
   * corrupt-record marker) removes them.
   */
  public static List<String> unmodelledPaths(StructType contract, StructType inferred) {
    List<String> out = new ArrayList<>();
    collect(contract, inferred, "", out);
    return out;
  }

  private static void collect(DataType contract, DataType inferred, String path, List<String> out) {
    if (contract instanceof StructType cs && inferred instanceof StructType is) {
      if (cs.fields().length == 0) {
        return; // presence-only: content deliberately not read
      }
      Set<String> names = Set.of(cs.fieldNames());
      for (StructField f : is.fields()) {
        String child = path.isEmpty() ? f.name() : path + "." + f.name();
        if (names.contains(f.name())) {
          collect(cs.apply(f.name()).dataType(), f.dataType(), child, out);
        } else {
          out.add(child);
        }
      }
    } else if (contract instanceof ArrayType ca && inferred instanceof ArrayType ia) {
      collect(ca.elementType(), ia.elementType(), path + "[]", out);
    }
  }

  /**
   * The smallest schema that reads every path of {@code paths}: the structs and arrays on the way,
   * each path's leaf as a string (presence is all the report needs; the raw JSON keeps the
   * content). Parsing an object with it costs one pass of the JSON tokenizer and builds only these
   * few values, so drift detection does not widen the contract columns (which would force a per-row
   * rebuild of every struct and array that carries a drift path). Every path comes from {@link
   * #unmodelledPaths}, whose ancestors are structs or arrays in the day's inferred schema, so no
   * object of the day conflicts with this shape.
   */
  public static StructType skeleton(List<String> paths) {
    StructType out = new StructType();
    for (String p : paths) {
      out = (StructType) add(out, segments(p), 0);
    }
    return out;
  }

  private static DataType add(DataType node, List<String> segs, int i) {
    StructType s = node == null ? new StructType() : (StructType) node;
    String seg = segs.get(i);
    boolean array = seg.endsWith("[]");
    String name = array ? seg.substring(0, seg.length() - 2) : seg;
    boolean exists = List.of(s.fieldNames()).contains(name);
    if (i == segs.size() - 1) {
      return exists ? s : s.add(name, DataTypes.StringType);
    }
    DataType child = exists ? s.apply(name).dataType() : null;
    DataType changed =
        array
            ? DataTypes.createArrayType(
                add(child == null ? null : ((ArrayType) child).elementType(), segs, i + 1), true)
            : add(child, segs, i + 1);
    if (!exists) {
      return s.add(name, changed);
    }
    StructField[] fields = s.fields().clone();
    int index = s.fieldIndex(name);
    fields[index] = new StructField(name, changed, true, fields[index].metadata());
    return new StructType(fields);
  }

  /** True for the objects whose parsed struct {@code root} carries a value at {@code path}. */
  public static Column present(Column root, String path) {
    return present(root, segments(path), 0);
  }

  private static Column present(Column node, List<String> segs, int i) {
    if (i == segs.size()) {
      return node.isNotNull();
    }
    String seg = segs.get(i);
    if (seg.endsWith("[]")) {
      return exists(
          node.getField(seg.substring(0, seg.length() - 2)), x -> present(x, segs, i + 1));
    }
    return present(node.getField(seg), segs, i + 1);
  }

  private static List<String> segments(String path) {
    // Field names never contain dots in the Bot API; "[]" stays on its segment.
    return List.of(path.split("\\."));
  }
}
