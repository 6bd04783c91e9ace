package io.tglake.ingest.relay;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the fields of a {@code multipart/form-data} body as it streams past, without keeping file
 * contents: text fields are kept (each up to {@link #MAX_FIELD_BYTES}), file parts (a part with a
 * {@code filename}) are only counted. Fed chunk by chunk by the pass-through while the upload goes
 * on to Telegram, so memory stays bounded whatever the file size.
 *
 * <p>The delimiter is CRLF "--" boundary; a boundary never contains CR, so on a mismatch the match
 * can restart at the current byte alone (no general string-search state needed).
 */
final class MultipartFields {
  /** Longest text field kept (captions are at most 1024 characters, reply markups a few KB). */
  static final int MAX_FIELD_BYTES = 64 * 1024;

  private static final int MAX_HEADER_BYTES = 8 * 1024;
  private static final Pattern BOUNDARY =
      Pattern.compile("(?i);\\s*boundary=(\"([^\"]+)\"|([^;\\s]+))");
  private static final Pattern NAME = Pattern.compile("(?i);\\s*name=\"([^\"]*)\"");
  private static final Pattern FILENAME = Pattern.compile("(?i);\\s*filename\\*?=");

  private enum State {
    PREAMBLE,
    AFTER_DELIMITER,
    HEADERS,
    CONTENT,
    DONE
  }

  private final byte[] delimiter;
  private final Map<String, Object> fields = new LinkedHashMap<>();
  private State state = State.PREAMBLE;
  private int matched = 2; // the body starts with "--boundary": as if a CRLF came before it
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private String partName;
  private boolean partIsFile;
  private long partBytes;
  private int afterDelimiter;
  private int headerTail;

  private MultipartFields(String boundary) {
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * A reader for {@code contentType}'s boundary, or null when it is not multipart/form-data with
   * one.
   */
  static MultipartFields forContentType(String contentType) {
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      return null;
    }
    Matcher m = BOUNDARY.matcher(contentType);
    if (!m.find()) {
      return null;
    }
    return new MultipartFields(m.group(2) != null ? m.group(2) : m.group(3));
  }

  /**
   * Fields seen so far in order: text fields as strings, file parts as {@code {"file": name,
   * "size": bytes}} maps.
   */
  Map<String, Object> fields() {
    return fields;
  }

  void feed(byte[] bytes, int off, int len) {
    for (int i = off; i < off + len && state != State.DONE; i++) {
      feed(bytes[i]);
    }
  }

  private void feed(byte b) {
    switch (state) {
      case PREAMBLE, CONTENT -> content(b);
      case AFTER_DELIMITER -> {
        // "--" ends the body, CRLF starts the next part's headers
        afterDelimiter = afterDelimiter * 256 + (b & 0xff);
        if (afterDelimiter == ('-' * 256 + '-')) {
          state = State.DONE;
        } else if (afterDelimiter == ('\r' * 256 + '\n')) {
          state = State.HEADERS;
          buffer.reset();
          headerTail = 0;
        } else if (afterDelimiter > 255) {
          afterDelimiter = 0; // transport padding: ignore and keep looking
        }
      }
      case HEADERS -> headers(b);
      case DONE -> {}
    }
  }

  private void content(byte b) {
    if (b == delimiter[matched]) {
      matched++;
      if (matched == delimiter.length) {
        endPart();
        matched = 0;
        afterDelimiter = 0;
        state = State.AFTER_DELIMITER;
      }
      return;
    }
    if (matched > 0) {
      // the partial match was content after all
      for (int i = 0; i < matched; i++) {
        contentByte(delimiter[i]);
      }
      matched = 0;
      if (b == delimiter[0]) {
        matched = 1;
        return;
      }
    }
    contentByte(b);
  }

  private void contentByte(byte b) {
    if (state != State.CONTENT) {
      return;
    }
    partBytes++;
    if (!partIsFile && buffer.size() < MAX_FIELD_BYTES) {
      buffer.write(b);
    }
  }

  private void headers(byte b) {
    if (buffer.size() < MAX_HEADER_BYTES) {
      buffer.write(b);
    }
    headerTail = (headerTail << 8) | (b & 0xff);
    if (headerTail == 0x0d0a0d0a) {
      String headers = buffer.toString(StandardCharsets.UTF_8);
      partName = null;
      partIsFile = false;
      for (String line : headers.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
          Matcher name = NAME.matcher(line);
          partName = name.find() ? name.group(1) : null;
          partIsFile = FILENAME.matcher(line).find();
        }
      }
      buffer.reset();
      partBytes = 0;
      state = State.CONTENT;
    }
  }

  private void endPart() {
    if (state == State.CONTENT && partName != null) {
      if (partIsFile) {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("file", partName);
        file.put("size", partBytes);
        fields.put(partName, file);
      } else {
        fields.put(partName, buffer.toString(StandardCharsets.UTF_8));
      }
    }
    buffer.reset();
  }
}
