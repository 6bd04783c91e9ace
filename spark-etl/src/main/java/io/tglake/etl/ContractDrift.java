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
 * Schema drift: JSON paths a day's objects carry that the contract ({@link TelegramSchema}) does not read,
 * e.g. a field the Bot API added ({@code message.quote}, {@code message.reply_markup},
 * {@code message_reaction.new_reaction}) or an update kind never seen before. Pure functions over schemas and
 * columns; the job counts the objects per path and puts them in the run report.
 *
 * <p>A path is the top-most missing key ({@code message.quote}, not {@code message.quote.text}); array elements
 * add {@code []} ({@code message.entities[].new_field}). Presence-only contract structs ({@code STRUCT<>}, e.g.
 * {@code message.poll}) are deliberately opaque: their content is not drift. A value whose type differs from
 * the contract is not drift either, it is a mismatch ({@link SchemaConformer}).
 */
public final class ContractDrift {

  private static final Set<String> NOT_DATA = Set.of(RawParser.CORRUPT);

  private ContractDrift() {}

  /** The top-most paths of {@code inferred} that {@code contract} lacks, in schema order. */
  public static List<String> unmodelledPaths(StructType contract, StructType inferred) {
    List<String> out = new ArrayList<>();
    collect(contract, inferred, "", out);
    out.removeIf(NOT_DATA::contains);
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
   * {@code read} with every path of {@code paths} added as a string field (presence is all the report needs;
   * the raw JSON keeps the content). A path under a node that is not read as a struct (widened to a string
   * because of a type conflict) cannot be added and is left out of {@code applied}.
   */
  public static StructType withPaths(StructType read, List<String> paths, List<String> applied) {
    StructType out = read;
    for (String p : paths) {
      DataType next = add(out, segments(p), 0);
      if (next != null) {
        out = (StructType) next;
        applied.add(p);
      }
    }
    return out;
  }

  private static DataType add(DataType node, List<String> segs, int i) {
    String seg = segs.get(i);
    boolean array = seg.endsWith("[]");
    String name = array ? seg.substring(0, seg.length() - 2) : seg;
    if (!(node instanceof StructType s)) {
      return null;
    }
    if (i == segs.size() - 1) {
      return List.of(s.fieldNames()).contains(name) ? null : s.add(name, DataTypes.StringType);
    }
    if (!List.of(s.fieldNames()).contains(name)) {
      return null;
    }
    DataType child = s.apply(name).dataType();
    DataType changed;
    if (array) {
      if (!(child instanceof ArrayType at)) {
        return null;
      }
      DataType element = add(at.elementType(), segs, i + 1);
      changed = element == null ? null : DataTypes.createArrayType(element, true);
    } else {
      changed = add(child, segs, i + 1);
    }
    if (changed == null) {
      return null;
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
      return exists(node.getField(seg.substring(0, seg.length() - 2)), x -> present(x, segs, i + 1));
    }
    return present(node.getField(seg), segs, i + 1);
  }

  private static List<String> segments(String path) {
    // Field names never contain dots in the Bot API; "[]" stays on its segment.
    return List.of(path.split("\\."));
  }
}
