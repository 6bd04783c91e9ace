package io.tglake.etl.pseudonym;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The secret behind pseudonymized ids: {@code pseudonym(id)} = the first 8 bytes of
 * HMAC-SHA256(key, decimal digits of id) read as a signed big-endian 64-bit integer. Same key →
 * same pseudonym on every day and every run (counts per user still work); another key → unrelated
 * pseudonyms; without the key the mapping cannot be recomputed (a plain hash of a Telegram id could
 * be reversed by trying every id).
 *
 * <p>Serializable because Spark ships it to executors inside a UDF closure: a UDF keeps the key out
 * of query plans (a literal would show up in logs and the Spark UI). {@link #toString()} never
 * shows it.
 */
public final class PseudonymKey implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * Shorter keys are refused: HMAC-SHA256's strength needs a key of at least 128 bits of entropy.
   */
  public static final int MIN_BYTES = 16;

  private static final String ALGORITHM = "HmacSHA256";

  private final byte[] key;
  private transient ThreadLocal<Mac> mac;

  /** A key from raw bytes (at least {@link #MIN_BYTES}). */
  public PseudonymKey(byte[] key) {
    if (key.length < MIN_BYTES) {
      throw new IllegalArgumentException(
          "pseudonym key is "
              + key.length
              + " bytes; at least "
              + MIN_BYTES
              + " are required (e.g. openssl rand -base64 32 > key)");
    }
    this.key = key.clone();
  }

  /**
   * The key stored in a file (local path, file://, s3://, s3a:// — anything Hadoop reads): its
   * bytes, with one trailing newline removed so that {@code openssl rand -base64 32 > key} works as
   * is.
   */
  public static PseudonymKey fromFile(String uri, Configuration hadoop) throws IOException {
    Path p = new Path(uri);
    FileSystem fs = p.getFileSystem(hadoop);
    try (InputStream in = fs.open(p)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return new PseudonymKey(stripNewline(out.toByteArray()));
    }
  }

  /** A key held as SecretString (its UTF-8 bytes, trailing newline removed) or SecretBinary. */
  public static PseudonymKey fromSecret(String secretString, byte[] secretBinary) {
    if (secretString != null) {
      return new PseudonymKey(stripNewline(secretString.getBytes(StandardCharsets.UTF_8)));
    }
    if (secretBinary != null) {
      return new PseudonymKey(secretBinary);
    }
    throw new IllegalArgumentException(
        "the pseudonym key secret has neither SecretString nor SecretBinary");
  }

  private static byte[] stripNewline(byte[] b) {
    int n = b.length;
    if (n > 0 && b[n - 1] == '\n') {
      n--;
      if (n > 0 && b[n - 1] == '\r') {
        n--;
      }
    }
    return Arrays.copyOf(b, n);
  }

  /** The pseudonym of a Telegram user or private-chat id (see class doc). */
  public long pseudonym(long id) {
    byte[] digest = mac().doFinal(Long.toString(id).getBytes(StandardCharsets.US_ASCII));
    return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
  }

  private Mac mac() {
    if (mac == null) {
      mac =
          ThreadLocal.withInitial(
              () -> {
                try {
                  Mac m = Mac.getInstance(ALGORITHM);
                  m.init(new SecretKeySpec(key, ALGORITHM));
                  return m;
                } catch (GeneralSecurityException e) {
                  throw new IllegalStateException("HmacSHA256 is not available", e);
                }
              });
    }
    return mac.get();
  }

  @Override
  public String toString() {
    return "PseudonymKey[" + key.length + " bytes]";
  }
}
