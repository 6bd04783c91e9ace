package io.tglake.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 framing, just enough for {@link FaultProxy} to find where one message ends and the next
 * begins on a keep-alive connection. Bodies are passed on as they were framed (chunk sizes and
 * trailers included), so that what the server receives is what the client sent.
 */
final class HttpWire {

  private HttpWire() {}

  /** The head of a message up to and including its blank line, or null at end of stream. */
  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
    int last4 = 0;
    int b;
    while ((b = in.read()) >= 0) {
      buf.write(b);
      last4 = (last4 << 8) | b;
      if (last4 == 0x0d0a0d0a) {
        return buf.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  /** The value of a header (first occurrence, name case-insensitive), or null. */
  static String header(String head, String name) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  /**
   * The request body as sent (a chunked one with its framing, so it can be forwarded unchanged).
   */
  static byte[] readBody(InputStream in, String head) throws IOException {
    String length = header(head, "Content-Length");
    if (length != null) {
      return in.readNBytes(Integer.parseInt(length));
    }
    if (!chunked(head)) {
      return new byte[0];
    }
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    relayChunks(in, raw);
    return raw.toByteArray();
  }

  /** Copies a response body to {@code out} as it arrives (large GETs are never held in memory). */
  static void relayBody(InputStream in, OutputStream out, String head) throws IOException {
    String status = head.substring(9, 12);
    if (status.equals("204") || status.equals("304")) {
      return;
    }
    String length = header(head, "Content-Length");
    if (length != null) {
      copyExactly(in, out, Long.parseLong(length));
      return;
    }
    if (chunked(head)) {
      relayChunks(in, out);
      return;
    }
    in.transferTo(out); // neither length nor chunks: the body runs until the server closes
  }

  private static boolean chunked(String head) {
    String encoding = header(head, "Transfer-Encoding");
    return encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked");
  }

  private static void copyExactly(InputStream in, OutputStream out, long n) throws IOException {
    byte[] buf = new byte[64 * 1024];
    long left = n;
    while (left > 0) {
      int read = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (read < 0) {
        throw new IOException("body ended " + left + " bytes early");
      }
      out.write(buf, 0, read);
      left -= read;
    }
  }

  /**
   * Copies a chunked body, framing and trailers included, up to and including its final empty line.
   */
  private static void relayChunks(InputStream in, OutputStream out) throws IOException {
    while (true) {
      String sizeLine = readLine(in);
      out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
      if (size == 0) {
        String trailer;
        do {
          trailer = readLine(in);
          out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        } while (!trailer.isEmpty());
        return;
      }
      copyExactly(in, out, size + 2L);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        buf.write(b);
      }
    }
    if (b < 0) {
      throw new IOException("connection closed inside a chunked body");
    }
    return buf.toString(StandardCharsets.ISO_8859_1);
  }
}
