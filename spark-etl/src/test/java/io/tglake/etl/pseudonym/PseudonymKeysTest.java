package io.tglake.etl.pseudonym;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Key sources: Secrets Manager's SecretString/SecretBinary (through the fetch seam) and the key
 * rules.
 */
class PseudonymKeysTest {

  private static final String KEY = "0123456789abcdef0123456789abcdef";

  @Test
  void secretStringAndSecretBinaryGiveTheSameKeyForTheSameBytes() throws Exception {
    List<String> asked = new ArrayList<>();
    PseudonymKey fromString =
        PseudonymKeys.load(
            PseudonymizeOptions.secret("tglake/pseudonym-key"),
            new Configuration(false),
            id -> {
              asked.add(id);
              return GetSecretValueResponse.builder().secretString(KEY + "\n").build();
            });
    PseudonymKey fromBinary =
        PseudonymKeys.load(
            PseudonymizeOptions.secret("arn:x"),
            new Configuration(false),
            id ->
                GetSecretValueResponse.builder()
                    .secretBinary(SdkBytes.fromUtf8String(KEY))
                    .build());
    assertThat(asked).as("secret id asked for").containsExactly("tglake/pseudonym-key");
    assertThat(fromString.pseudonym(42))
        .as("same bytes, same pseudonym")
        .isEqualTo(fromBinary.pseudonym(42));
    assertThat(fromString.toString())
        .as("toString hides the key")
        .isEqualTo("PseudonymKey[32 bytes]");
  }

  @Test
  void emptyOrShortSecretsAreRefused() {
    assertThatThrownBy(
            () ->
                PseudonymKeys.load(
                    PseudonymizeOptions.secret("s"),
                    new Configuration(false),
                    id -> GetSecretValueResponse.builder().build()))
        .as("empty secret")
        .hasMessageContaining("neither SecretString nor SecretBinary");
    assertThatThrownBy(() -> new PseudonymKey(new byte[15]))
        .as("15 bytes")
        .hasMessageContaining("at least 16");
  }

  @Test
  void optionsNeedExactlyOneSource() {
    assertThatThrownBy(
            () -> new PseudonymizeOptions(java.util.Optional.empty(), java.util.Optional.empty()))
        .as("none")
        .isInstanceOf(IllegalArgumentException.class);
  }
}
