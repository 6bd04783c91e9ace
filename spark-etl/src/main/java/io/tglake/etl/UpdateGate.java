package io.tglake.etl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.tglake.contract.UpdateRules;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The ETL's half of {@link UpdateRules}: the verdict on one raw object, taken in the reader's task
 * right after the GET and <em>before</em> Spark sees the text. Spark's schema inference recurses
 * once per nesting level and a stack overflow there ends the executor JVM (exit 50), so an object
 * nested deeper than {@link UpdateRules#MAX_DEPTH} must never reach it; likewise a second JSON
 * value, a BOM, another encoding, a duplicate key or a non-integer {@code update_id} is quarantined
 * here with the same reason the webhook gives in its 400.
 *
 * <p>One streaming pass with a bounded stack (Jackson's tokenizer enforces the depth before any
 * frame is pushed), no tree. It also finds the coercions Spark would do silently: a JSON string
 * where the contract ({@link TelegramSchema#update()}) has a number, e.g. {@code
 * "message_id":"77"}, is loaded as the number and counted as rescued at its path ({@code
 * message.message_id}).
 *
 * <p>Pure and callable without Spark (the parity test calls it directly).
 */
public final class UpdateGate implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(UpdateRules.MAX_DEPTH).build())
          .build();

  /**
   * Contract paths with a numeric type ({@code message.message_id}, {@code
   * message.entities[].offset}).
   */
  private static final Set<String> NUMERIC_PATHS =
      numericPaths(TelegramSchema.update(), "", new TreeSet<>());

  /**
   * The verdict on one object.
   *
   * @param error null when the object is an update, else the {@link UpdateRules} reason (its
   *     quarantine reason)
   * @param rescuedPaths contract paths where a string stood for a number (loaded converted, counted
   *     as rescued)
   */
  public record Verdict(String error, List<String> rescuedPaths) implements Serializable {
    public boolean accepted() {
      return error == null;
    }
  }

  private UpdateGate() {}

  /** Judges one raw object's bytes (see class doc). Never throws. */
  public static Verdict judge(byte[] body) {
    Optional<String> encoding = UpdateRules.encodingProblem(body);
    if (encoding.isPresent()) {
      return reject(encoding.get());
    }
    // From the decoded text: a byte-based parser would detect UTF-16/UTF-32 by itself (the webhook
    // does the same).
    try (JsonParser p = JSON.createParser(UpdateRules.text(body))) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return reject(UpdateRules.NOT_AN_OBJECT);
      }
      Scan scan = new Scan();
      String keyError = scan.run(p);
      if (keyError != null) {
        return reject(keyError);
      }
      JsonToken after;
      try {
        after = p.nextToken();
      } catch (JsonParseException e) {
        return reject(UpdateRules.TRAILING_CONTENT);
      }
      if (after != null) {
        return reject(UpdateRules.SEVERAL_VALUES);
      }
      if (scan.updateIdProblem != null) {
        return reject(scan.updateIdProblem);
      }
      return new Verdict(null, List.copyOf(scan.rescued));
    } catch (StreamConstraintsException e) {
      return reject(
          String.valueOf(e.getMessage()).contains("nesting depth")
              ? UpdateRules.TOO_DEEP
              : UpdateRules.INVALID_JSON);
    } catch (IOException | RuntimeException e) {
      return reject(UpdateRules.INVALID_JSON);
    }
  }

  private static Verdict reject(String reason) {
    return new Verdict(reason, List.of());
  }

  /**
   * One open object or array: its JSON path, and for objects the keys seen and the current field.
   */
  private static final class Frame {
    final String path;
    final Set<String> keys;
    String field;

    Frame(String path, boolean object) {
      this.path = path;
      this.keys = object ? new HashSet<>() : null;
    }

    String child() {
      if (keys == null) {
        return path + "[]";
      }
      return path.isEmpty() ? field : path + "." + field;
    }
  }

  /** The walk over the root object's tokens (the root's START_OBJECT already read). */
  private static final class Scan {
    String updateIdProblem = UpdateRules.UPDATE_ID_MISSING;
    final Set<String> rescued = new TreeSet<>();

    /** Walks to the root's END_OBJECT; a duplicate-key reason, or null. */
    String run(JsonParser p) throws IOException {
      Deque<Frame> stack = new ArrayDeque<>();
      stack.push(new Frame("", true));
      while (!stack.isEmpty()) {
        JsonToken t = p.nextToken();
        if (t == null) {
          throw new JsonParseException(p, "unexpected end of input");
        }
        Frame top = stack.peek();
        switch (t) {
          case FIELD_NAME -> {
            top.field = p.currentName();
            if (!top.keys.add(UpdateRules.keyIdentity(top.field))) {
              return UpdateRules.duplicateKey(top.field);
            }
          }
          case START_OBJECT, START_ARRAY -> {
            value(top, t, p);
            stack.push(new Frame(top.child(), t == JsonToken.START_OBJECT));
          }
          case END_OBJECT, END_ARRAY -> stack.pop();
          default -> value(top, t, p);
        }
      }
      return null;
    }

    private void value(Frame parent, JsonToken t, JsonParser p) throws IOException {
      String path = parent.child();
      if (path.equals("update_id")) {
        boolean integer =
            t == JsonToken.VALUE_NUMBER_INT
                && (p.getNumberType() == JsonParser.NumberType.INT
                    || p.getNumberType() == JsonParser.NumberType.LONG);
        // null reads as missing, as the webhook's tree lookup sees it.
        updateIdProblem =
            integer
                ? null
                : t == JsonToken.VALUE_NULL
                    ? UpdateRules.UPDATE_ID_MISSING
                    : UpdateRules.UPDATE_ID_NOT_INTEGER;
      } else if (t == JsonToken.VALUE_STRING && NUMERIC_PATHS.contains(path)) {
        rescued.add(path);
      }
    }
  }

  private static Set<String> numericPaths(DataType type, String path, Set<String> out) {
    if (type instanceof StructType s) {
      for (StructField f : s.fields()) {
        numericPaths(f.dataType(), path.isEmpty() ? f.name() : path + "." + f.name(), out);
      }
    } else if (type instanceof ArrayType a) {
      numericPaths(a.elementType(), path + "[]", out);
    } else if (type instanceof NumericType) {
      out.add(path);
    }
    return out;
  }

  /** The numeric contract paths (for tests and docs). */
  static Set<String> numericPaths() {
    return NUMERIC_PATHS;
  }
}
