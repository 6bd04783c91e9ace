package io.tglake.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The JSON layouts a webhook body comes in. Telegram does not promise one line per body, and its
 * Bot API escapes non-ASCII characters as {@code \\uXXXX} in some paths, so readers must cope with
 * all of these; the generator mixes them so that the ETL and the benchmark see every layout.
 */
enum BodyFormat {
  /** One line, UTF-8. */
  COMPACT,
  /** One line, every non-ASCII character (emoji as surrogate pairs) escaped as {@code \\uXXXX}. */
  COMPACT_ASCII,
  /** Multi-line, two-space indentation. */
  PRETTY,
  /** Multi-line, tab indentation, CRLF line ends. */
  PRETTY_TABS_CRLF;

  // Jackson 2.18 writes astral characters as escaped surrogate pairs unless told to combine them; a
  // real UTF-8
  // body carries the emoji's four bytes.
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
  private static final ObjectMapper ASCII_MAPPER =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
  private static final ObjectWriter PRETTY_WRITER =
      MAPPER.writer(
          new DefaultPrettyPrinter()
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withArrayIndenter(new DefaultIndenter("  ", "\n")));
  private static final ObjectWriter TABS_WRITER =
      MAPPER.writer(
          new DefaultPrettyPrinter()
              .withObjectIndenter(new DefaultIndenter("\t", "\r\n"))
              .withArrayIndenter(new DefaultIndenter("\t", "\r\n")));

  /** Mostly compact, as most real bodies are, with a steady share of the others. */
  static BodyFormat pick(SplittableRandom rng) {
    int r = rng.nextInt(100);
    if (r < 60) {
      return COMPACT;
    } else if (r < 75) {
      return COMPACT_ASCII;
    } else if (r < 93) {
      return PRETTY;
    }
    return PRETTY_TABS_CRLF;
  }

  byte[] write(ObjectNode node) {
    try {
      return switch (this) {
        case COMPACT -> MAPPER.writeValueAsBytes(node);
        // ESCAPE_NON_ASCII output is pure ASCII, so the UTF-8 bytes are the characters.
        case COMPACT_ASCII ->
            ASCII_MAPPER.writeValueAsString(node).getBytes(StandardCharsets.US_ASCII);
        case PRETTY -> PRETTY_WRITER.writeValueAsBytes(node);
        case PRETTY_TABS_CRLF -> TABS_WRITER.writeValueAsBytes(node);
      };
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a generated update", e);
    }
  }
}
