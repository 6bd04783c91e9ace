package io.tglake.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tglake.contract.LakeLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;

/**
 * One outgoing record (what the simulated bot said) in tglake's fixed format (record_version 1, see
 * the ETL's {@code BotMessages}): {@code <outgoing>/}{@link LakeLayout#dayPrefix}{@code <key>}, D =
 * the UTC date of {@code captured_at}.
 *
 * @param key {@code wr-<update_id>.json} (webhook answer) or {@code api-<bot_id>-<sha256>.json}
 *     (Bot API call)
 * @param capturedAt when tglake saw the answer
 * @param body the record, UTF-8 JSON
 * @param message the bot's message as Telegram would return it (not part of the record; what the
 *     demo's simulated bot sends for real, see {@link DemoBot}), or null (a callback answer)
 */
public record OutgoingRecord(String key, Instant capturedAt, byte[] body, JsonNode message) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A record without the message behind it. */
  public OutgoingRecord(String key, Instant capturedAt, byte[] body) {
    this(key, capturedAt, body, null);
  }

  /** UTC date of capture = the outgoing partition. */
  public LocalDate day() {
    return LocalDate.ofInstant(capturedAt, ZoneOffset.UTC);
  }

  /** Key relative to the outgoing root. */
  public String path() {
    return LakeLayout.dayPrefix(day()) + key;
  }

  /**
   * The bot's answer in the webhook response to update {@code updateId} (Telegram's result is not
   * visible).
   */
  public static OutgoingRecord webhookResponse(
      long botId, long updateId, String method, ObjectNode request, Instant capturedAt) {
    return webhookResponse(botId, updateId, method, request, capturedAt, null);
  }

  /** As above, with the message Telegram made of the answer ({@link #message()}). */
  public static OutgoingRecord webhookResponse(
      long botId,
      long updateId,
      String method,
      ObjectNode request,
      Instant capturedAt,
      JsonNode message) {
    ObjectNode r = base("webhook_response", botId, method, capturedAt);
    r.put("in_response_to_update_id", updateId);
    r.set("request", request);
    r.putNull("ok");
    r.putNull("result");
    r.putNull("error_code");
    r.putNull("description");
    return new OutgoingRecord("wr-" + updateId + ".json", capturedAt, bytes(reorder(r)), message);
  }

  /** A Bot API call through the pass-through with Telegram's successful result. */
  public static OutgoingRecord botApi(
      long botId, String method, ObjectNode request, JsonNode result, Instant capturedAt) {
    ObjectNode r = base("bot_api", botId, method, capturedAt);
    r.putNull("in_response_to_update_id");
    r.set("request", request);
    r.put("ok", true);
    r.set("result", result);
    r.putNull("error_code");
    r.putNull("description");
    // Deterministic and token-free: a retried identical call maps to the same key.
    String hash =
        sha256(
            method
                + new String(bytes(request), StandardCharsets.UTF_8)
                + result.path("message_id")
                + "/"
                + result.path("edit_date"));
    return new OutgoingRecord(
        "api-" + botId + "-" + hash + ".json", capturedAt, bytes(reorder(r)), result);
  }

  /** Writes the record create-only under {@code root}; false when it already exists. */
  public boolean writeTo(Path root) {
    Path file = root.resolve(path());
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, body, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Files.setLastModifiedTime(file, FileTime.from(capturedAt));
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static ObjectNode base(String source, long botId, String method, Instant capturedAt) {
    ObjectNode r = JSON.createObjectNode();
    r.put("record_version", 1);
    r.put("source", source);
    r.put("bot_id", botId);
    r.put("method", method);
    r.put("captured_at", capturedAt.toString());
    return r;
  }

  /**
   * The field order of the format: record_version, source, bot_id, method,
   * in_response_to_update_id, ...
   */
  private static ObjectNode reorder(ObjectNode r) {
    ObjectNode o = JSON.createObjectNode();
    for (String f :
        new String[] {
          "record_version",
          "source",
          "bot_id",
          "method",
          "in_response_to_update_id",
          "captured_at",
          "request",
          "ok",
          "result",
          "error_code",
          "description"
        }) {
      o.set(f, r.get(f));
    }
    return o;
  }

  private static byte[] bytes(JsonNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
