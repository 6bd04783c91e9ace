package io.tglake.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UpdateRulesTest {

  private static final String UPDATE = "{\"update_id\":1,\"message\":{\"text\":\"olá 👋\"}}";

  @Test
  void acceptsPlainUtf8IncludingMultiByteCharacters() {
    assertThat(UpdateRules.encodingProblem(UPDATE.getBytes(StandardCharsets.UTF_8)))
        .as("UTF-8 without BOM is the only accepted encoding")
        .isEmpty();
  }

  @Test
  void refusesByteOrderMarksAndOtherEncodings() {
    byte[] bom =
        concat(
            new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
            UPDATE.getBytes(StandardCharsets.UTF_8));
    assertThat(UpdateRules.encodingProblem(bom))
        .as("UTF-8 BOM")
        .contains(UpdateRules.BYTE_ORDER_MARK);
    assertThat(UpdateRules.encodingProblem(UPDATE.getBytes(StandardCharsets.UTF_16)))
        .as("UTF-16 with BOM (big endian)")
        .contains(UpdateRules.BYTE_ORDER_MARK);
    assertThat(UpdateRules.encodingProblem(UPDATE.getBytes(StandardCharsets.UTF_16LE)))
        .as("UTF-16LE without BOM has NUL bytes")
        .contains(UpdateRules.NUL_BYTE);
    assertThat(UpdateRules.encodingProblem(UPDATE.getBytes(Charset.forName("UTF-32"))))
        .as("UTF-32 without BOM")
        .contains(UpdateRules.NUL_BYTE);
  }

  @Test
  void refusesInvalidUtf8SequencesAndEncodedSurrogates() {
    byte[] loneContinuation =
        "{\"update_id\":1,\"t\":\"a\u0000\"}".getBytes(StandardCharsets.UTF_8);
    loneContinuation[loneContinuation.length - 3] = (byte) 0x80;
    assertThat(UpdateRules.encodingProblem(loneContinuation))
        .as("stray continuation byte")
        .contains(UpdateRules.NOT_UTF8);
    byte[] surrogate =
        concat(
            "{\"t\":\"".getBytes(StandardCharsets.UTF_8),
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'});
    assertThat(UpdateRules.encodingProblem(surrogate))
        .as("UTF-8-encoded surrogate (CESU)")
        .contains(UpdateRules.NOT_UTF8);
    byte[] overlong =
        concat(
            "{\"t\":\"".getBytes(StandardCharsets.UTF_8),
            new byte[] {(byte) 0xC0, (byte) 0xAF, '"', '}'});
    assertThat(UpdateRules.encodingProblem(overlong))
        .as("overlong '/'")
        .contains(UpdateRules.NOT_UTF8);
  }

  @Test
  void keysDifferingOnlyInCaseHaveOneIdentity() {
    assertThat(UpdateRules.keyIdentity("Update_ID"))
        .as("case-insensitive, as Spark resolves columns")
        .isEqualTo(UpdateRules.keyIdentity("update_id"));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
