package io.tglake.ingest.relay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tglake.ingest.JsonLog;
import io.tglake.ingest.RawUpdateStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stores outgoing records create-only under the outgoing prefix. Recording is a side effect of
 * answering: a record that cannot be stored is logged (with an {@link
 * RelayMetrics#OUTGOING_RECORD_FAILURES} metric) and never turns the bot's or Telegram's answer
 * into an error.
 */
public final class OutgoingRecorder {
  private final RawUpdateStore store;
  private final JsonFactory json;
  private final JsonLog log;

  /**
   * @param store a store rooted at the outgoing prefix (same create-only semantics as the raw
   *     store)
   * @param json shared factory
   * @param log where failures are reported
   */
  public OutgoingRecorder(RawUpdateStore store, JsonFactory json, JsonLog log) {
    this.store = store;
    this.json = json;
    this.log = log;
  }

  /** Stores {@code record} under {@code key}; false (logged) when it could not be stored. */
  public boolean store(String key, OutgoingRecord record) {
    try {
      store.putIfAbsent(key, record.toJson(json));
      return true;
    } catch (RuntimeException e) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("source", record.source());
      fields.put("bot_id", record.botId());
      fields.put("method", record.method());
      fields.put("update_id", record.inResponseToUpdateId());
      fields.put("key", store.locationOf(key));
      fields.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
      RelayMetrics.addTo(
          fields,
          Instant.now(),
          RelayMetrics.OUTGOING_RECORD_FAILURES,
          RelayMetrics.SOURCE,
          record.source());
      log.write("ERROR", "outgoing_record_failed", fields);
      return false;
    }
  }

  /**
   * A Bot API call returned in a webhook response: a JSON object with a string {@code method}; the
   * other members are its parameters. Null for anything else (an empty body, "ok", a JSON array, no
   * method).
   */
  public WebhookResponseCall parseWebhookResponse(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    String method = null;
    ByteArrayOutputStream params = new ByteArrayOutputStream(body.length);
    try (JsonParser p = json.createParser(body);
        JsonGenerator g = json.createGenerator(params)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      g.writeStartObject();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("method".equals(name) && method == null && value == JsonToken.VALUE_STRING) {
          method = p.getText();
        } else {
          g.writeFieldName(name);
          g.copyCurrentStructure(p);
        }
      }
      g.writeEndObject();
      if (p.nextToken() != null) {
        return null; // trailing content: not one JSON object
      }
    } catch (IOException e) {
      return null; // not JSON: Telegram would not execute it either
    }
    return method == null || method.isEmpty()
        ? null
        : new WebhookResponseCall(method, params.toByteArray());
  }

  /** A method the bot returned in its webhook response, with its parameters as a JSON object. */
  public record WebhookResponseCall(String method, byte[] requestJson) {}
}
