package io.tglake.ingest.relay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The request body of a recorded pass-through call on its way to Telegram: every byte goes into a
 * SHA-256 (the record's idempotent key) and into what the record keeps — a bounded copy of a JSON
 * or form body, or only the text fields and file sizes of a multipart upload (never file contents).
 * Nothing is buffered beyond that: the stream itself is what the HTTP client sends.
 */
final class RecordingTap extends FilterInputStream {
  /** Longest JSON/form body kept for the record (Bot API text parameters are a few KB). */
  static final int MAX_KEPT_BYTES = 1024 * 1024;

  private final MessageDigest digest;
  private final MultipartFields multipart;
  private final String contentType;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream(512);
  private boolean truncated;

  RecordingTap(InputStream in, String contentType, String method, String rawQuery) {
    super(in);
    this.contentType = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    this.multipart = MultipartFields.forContentType(contentType);
    this.digest = sha256();
    digest.update(method.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
    if (rawQuery != null) {
      digest.update(rawQuery.getBytes(StandardCharsets.UTF_8));
    }
    digest.update((byte) 0);
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      see(new byte[] {(byte) b}, 0, 1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      see(b, off, n);
    }
    return n;
  }

  private void see(byte[] b, int off, int n) {
    digest.update(b, off, n);
    if (multipart != null) {
      multipart.feed(b, off, n);
    } else if (kept.size() + n <= MAX_KEPT_BYTES) {
      kept.write(b, off, n);
    } else {
      truncated = true;
    }
  }

  /**
   * Hex SHA-256 of method, query, body and {@code resultId} (message_id/edit_date of the result):
   * the record key.
   */
  String keyHash(String resultId) {
    try {
      MessageDigest d = (MessageDigest) digest.clone();
      d.update((byte) 0);
      d.update(resultId.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(64);
      for (byte x : d.digest()) {
        hex.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
      }
      return hex.toString();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digests are cloneable in every JRE", e);
    }
  }

  /**
   * The call's parameters as one JSON object: query parameters, then the body's (a JSON object's
   * members, form fields, or multipart text fields and {@code {"file":name,"size":n}} for files).
   * Form and multipart values stay strings, as sent. A body that is none of these (or was too long
   * to keep) adds a {@code "_unparsed_body_bytes"}.
   */
  byte[] requestJson(JsonFactory json, String rawQuery) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(kept.size() + 64);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      if (rawQuery != null && !rawQuery.isEmpty()) {
        writeForm(g, rawQuery);
      }
      if (multipart != null) {
        writeMap(g, multipart.fields());
      } else if (kept.size() > 0) {
        if (truncated) {
          g.writeNumberField("_unparsed_body_bytes", kept.size());
        } else if (contentType.startsWith("application/x-www-form-urlencoded")) {
          writeForm(g, kept.toString(StandardCharsets.UTF_8));
        } else if (!copyObjectMembers(json, g, kept.toByteArray())) {
          g.writeNumberField("_unparsed_body_bytes", kept.size());
        }
      }
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  private static boolean copyObjectMembers(JsonFactory json, JsonGenerator g, byte[] body) {
    // Parsed twice: once to check it is exactly one object, so that nothing half-copied ends up in
    // the record.
    try (JsonParser check = json.createParser(body)) {
      if (check.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      check.skipChildren();
      if (check.nextToken() != null) {
        return false;
      }
    } catch (IOException e) {
      return false;
    }
    try (JsonParser p = json.createParser(body)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        g.writeFieldName(p.currentName());
        p.nextToken();
        g.copyCurrentStructure(p);
      }
      return true;
    } catch (IOException e) {
      throw new IllegalStateException("JSON checked just before", e);
    }
  }

  private static void writeForm(JsonGenerator g, String form) throws IOException {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (String pair : form.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String name =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        fields.put(
            name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        // a malformed escape: Telegram rejects the call; keep the rest
      }
    }
    writeMap(g, fields);
  }

  private static void writeMap(JsonGenerator g, Map<String, Object> fields) throws IOException {
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      if (e.getValue() instanceof Map<?, ?> file) {
        g.writeObjectFieldStart(e.getKey());
        g.writeStringField("file", String.valueOf(file.get("file")));
        g.writeNumberField("size", ((Number) file.get("size")).longValue());
        g.writeEndObject();
      } else {
        g.writeStringField(e.getKey(), String.valueOf(e.getValue()));
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
    }
  }
}
