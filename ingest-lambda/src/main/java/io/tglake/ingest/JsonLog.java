package io.tglake.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One-JSON-object-per-line logger (CloudWatch Logs Insights parses it without configuration; a line
 * that carries an {@code _aws} block is also an embedded-metric-format document). Callers pass only
 * ids, names, addresses and numbers: never message text or the secret token.
 */
public final class JsonLog {
  private final JsonFactory json;
  private final Consumer<String> sink;

  /** Writes lines to {@code sink}; the sink must tolerate concurrent calls. */
  public JsonLog(JsonFactory json, Consumer<String> sink) {
    this.json = json;
    this.sink = sink;
  }

  /** Lines to standard output (Lambda forwards stdout to CloudWatch Logs). */
  public static JsonLog stdout(JsonFactory json) {
    PrintStream out = System.out;
    return new JsonLog(json, out::println);
  }

  /** Discards everything (priming). */
  public static JsonLog discard(JsonFactory json) {
    return new JsonLog(json, line -> {});
  }

  /**
   * Writes one line: {@code level}, {@code event}, then the fields in iteration order; null values
   * are omitted.
   */
  public void write(String level, String event, Map<String, ?> fields) {
    StringWriter out = new StringWriter(160);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("level", level);
      g.writeStringField("event", event);
      for (Map.Entry<String, ?> e : fields.entrySet()) {
        Object v = e.getValue();
        if (v == null) {
          continue;
        }
        g.writeFieldName(e.getKey());
        writeValue(g, v);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sink.accept(out.toString());
  }

  /**
   * Numbers and booleans as such, maps as objects (e.g. the metrics' {@code _aws} block), lists as
   * arrays.
   */
  private static void writeValue(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof Integer i) {
      g.writeNumber(i);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName(e.getKey().toString());
        writeValue(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof List<?> list) {
      g.writeStartArray();
      for (Object item : list) {
        writeValue(g, item);
      }
      g.writeEndArray();
    } else {
      g.writeString(v.toString());
    }
  }
}
