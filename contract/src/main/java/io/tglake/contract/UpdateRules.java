package io.tglake.contract;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * What a stored update is: the one definition the webhook (which answers 200 only for such a body)
 * and the ETL (which loads exactly such objects and quarantines everything else, with one of the
 * reasons below) both enforce, each with the JSON parser it already has. A parity test feeds the
 * same mutated bodies to both and asserts that "accepted" and "loaded" agree.
 *
 * <p>An update is a body that
 *
 * <ol>
 *   <li>is UTF-8 without a byte-order mark: a BOM, a NUL byte (UTF-16/UTF-32 text has them for
 *       every ASCII character) or an invalid UTF-8 sequence (including encoded surrogates and
 *       overlong forms) makes it something else; Telegram sends UTF-8 without a BOM, so nothing is
 *       decoded or guessed;
 *   <li>holds exactly one JSON value, an object, with nothing but whitespace after it (two
 *       concatenated objects are refused as a whole, never half-loaded);
 *   <li>nests at most {@link #MAX_DEPTH} objects/arrays deep (the update itself is level 1);
 *   <li>has no duplicate key in any object, keys compared case-insensitively ({@link
 *       #keyIdentity}): JSON readers disagree on which of two values wins, and Spark resolves
 *       columns case-insensitively;
 *   <li>has an {@code update_id} that is a JSON integer (not a string, not {@code 1.0}) fitting a
 *       signed 64-bit long;
 *   <li>is otherwise plain JSON (RFC 8259: no comments, single quotes, NaN or unescaped control
 *       characters).
 * </ol>
 *
 * Everything else about the content (a {@code "message_id":"77"}, a number too large for its
 * column, a field the contract does not know) is accepted at the door and loaded by the ETL, which
 * nulls or converts such values and counts them as rescued, per path, in the run report.
 */
public final class UpdateRules {

  /**
   * Deepest nesting of objects and arrays, the update object counting as level 1. Real Bot API
   * updates stay around 10 (a reply's quoted message's inline keyboard); 64 leaves a wide margin
   * while keeping every parser's recursion far from a stack overflow.
   */
  public static final int MAX_DEPTH = 64;

  /** The only encoding of a stored body. */
  public static final Charset ENCODING = StandardCharsets.UTF_8;

  // Reasons, worded once: the webhook's 400 and the ETL's quarantine say the same thing for the
  // same body.
  public static final String BYTE_ORDER_MARK =
      "body starts with a byte-order mark (only UTF-8 without BOM)";
  public static final String NUL_BYTE = "body contains a NUL byte (UTF-16/UTF-32 text? only UTF-8)";
  public static final String NOT_UTF8 = "body is not valid UTF-8";
  public static final String NOT_AN_OBJECT = "body is not a JSON object";
  public static final String INVALID_JSON = "body is not valid JSON";
  public static final String TOO_DEEP = "JSON nested deeper than " + MAX_DEPTH + " levels";
  public static final String SEVERAL_VALUES = "more than one JSON value in the body";
  public static final String TRAILING_CONTENT = "trailing content after the JSON object";
  public static final String DUPLICATE_KEY = "duplicate key";
  public static final String UPDATE_ID_MISSING = "update_id missing";
  public static final String UPDATE_ID_NOT_INTEGER = "update_id is not a 64-bit integer";

  private UpdateRules() {}

  /**
   * Rule 1 (see class doc): why {@code body} is not UTF-8 text without a BOM, or empty when it is.
   * Cheap: one pass over the bytes, no copy kept.
   */
  public static Optional<String> encodingProblem(byte[] body) {
    if (startsWith(body, 0xEF, 0xBB, 0xBF)
        || startsWith(body, 0xFE, 0xFF)
        || startsWith(body, 0xFF, 0xFE)
        || startsWith(body, 0x00, 0x00, 0xFE, 0xFF)) {
      return Optional.of(BYTE_ORDER_MARK);
    }
    for (byte b : body) {
      if (b == 0) {
        return Optional.of(NUL_BYTE);
      }
    }
    try {
      decoder().decode(ByteBuffer.wrap(body));
      return Optional.empty();
    } catch (CharacterCodingException e) {
      return Optional.of(NOT_UTF8);
    }
  }

  /**
   * The body as text, for parsers that must not guess an encoding (a byte-based JSON parser would
   * read UTF-16 without a BOM); call only after {@link #encodingProblem} found none.
   */
  public static String text(byte[] body) {
    return new String(body, ENCODING);
  }

  /**
   * Rule 4: the identity of an object key; two keys of one object with the same identity are
   * duplicates.
   */
  public static String keyIdentity(String key) {
    return key.toLowerCase(Locale.ROOT);
  }

  /**
   * The duplicate-key reason naming the key (the key is the body's own text: truncated, never a
   * secret).
   */
  public static String duplicateKey(String key) {
    String shown = key.length() > 64 ? key.substring(0, 64) + "…" : key;
    return DUPLICATE_KEY + " \"" + shown + "\"";
  }

  private static CharsetDecoder decoder() {
    return ENCODING
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  private static boolean startsWith(byte[] body, int... prefix) {
    if (body.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((body[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
