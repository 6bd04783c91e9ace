package io.tglake.etl.pseudonym;

import java.util.Objects;
import java.util.Optional;

/**
 * Where the ETL's {@code --pseudonymize} key comes from: exactly one of a key file ({@code
 * --pseudonym-key-file}) or a Secrets Manager secret ({@code --pseudonym-key-secret-id}).
 *
 * @param keyFile path or URI of a file holding the key (local, file://, s3://, s3a://)
 * @param secretId Secrets Manager secret id or ARN holding the key (SecretString or SecretBinary)
 */
public record PseudonymizeOptions(Optional<String> keyFile, Optional<String> secretId) {

  public PseudonymizeOptions {
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(secretId, "secretId");
    if (keyFile.isPresent() == secretId.isPresent()) {
      throw new IllegalArgumentException(
          "--pseudonymize needs exactly one of --pseudonym-key-file or --pseudonym-key-secret-id");
    }
  }

  /** Key from a file. */
  public static PseudonymizeOptions keyFile(String uri) {
    return new PseudonymizeOptions(Optional.of(uri), Optional.empty());
  }

  /** Key from Secrets Manager. */
  public static PseudonymizeOptions secret(String secretId) {
    return new PseudonymizeOptions(Optional.empty(), Optional.of(secretId));
  }
}
