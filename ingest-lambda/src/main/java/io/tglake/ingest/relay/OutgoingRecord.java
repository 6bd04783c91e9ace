package io.tglake.ingest.relay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One outgoing record, written as one UTF-8 JSON object with exactly the fields of the shared
 * design (record_version 1): source, bot_id, method, in_response_to_update_id, captured_at,
 * request, ok, result, error_code, description. Written by tglake; {@code request} and {@code
 * result} are copied token by token from the JSON the bot or Telegram sent, so they stay exact
 * values but not exact bytes.
 *
 * @param source {@link #WEBHOOK_RESPONSE} or {@link #BOT_API}
 * @param botId bot id (never the token), or null when unknown
 * @param method Bot API method as called
 * @param inResponseToUpdateId the update the webhook response answered (webhook_response), else
 *     null
 * @param capturedAt when tglake saw the answer
 * @param requestJson the method's parameters as a JSON object (UTF-8)
 * @param ok Telegram's ok (bot_api), else null
 * @param resultJson Telegram's result value as JSON (bot_api), else null
 * @param errorCode Telegram's error_code, else null
 * @param description Telegram's description, else null
 */
public record OutgoingRecord(
    String source,
    Long botId,
    String method,
    Long inResponseToUpdateId,
    Instant capturedAt,
    byte[] requestJson,
    Boolean ok,
    byte[] resultJson,
    Integer errorCode,
    String description) {

  public static final String WEBHOOK_RESPONSE = "webhook_response";
  public static final String BOT_API = "bot_api";
  private static final DateTimeFormatter INSTANT_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** The stored object's bytes. */
  public byte[] toJson(JsonFactory json) {
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(
            256 + requestJson.length + (resultJson == null ? 0 : resultJson.length));
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("record_version", 1);
      g.writeStringField("source", source);
      writeLong(g, "bot_id", botId);
      g.writeStringField("method", method);
      writeLong(g, "in_response_to_update_id", inResponseToUpdateId);
      g.writeStringField("captured_at", INSTANT_MILLIS.format(capturedAt));
      g.writeFieldName("request");
      copy(json, g, requestJson);
      g.writeFieldName("ok");
      if (ok == null) {
        g.writeNull();
      } else {
        g.writeBoolean(ok);
      }
      g.writeFieldName("result");
      copy(json, g, resultJson);
      g.writeFieldName("error_code");
      if (errorCode == null) {
        g.writeNull();
      } else {
        g.writeNumber(errorCode);
      }
      g.writeStringField("description", description);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeLong(JsonGenerator g, String name, Long value) throws IOException {
    g.writeFieldName(name);
    if (value == null) {
      g.writeNull();
    } else {
      g.writeNumber(value);
    }
  }

  private static void copy(JsonFactory json, JsonGenerator g, byte[] value) throws IOException {
    if (value == null) {
      g.writeNull();
      return;
    }
    try (JsonParser p = json.createParser(value)) {
      p.nextToken();
      g.copyCurrentStructure(p);
    }
  }
}
