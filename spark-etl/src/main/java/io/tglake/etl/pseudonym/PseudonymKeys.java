package io.tglake.etl.pseudonym;

import java.io.IOException;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/** Loads the {@link PseudonymKey} named by {@link PseudonymizeOptions}. */
public final class PseudonymKeys {

  private PseudonymKeys() {}

  /**
   * Production: files through Hadoop, secrets through the AWS SDK's default region and credentials.
   */
  public static PseudonymKey load(PseudonymizeOptions options, Configuration hadoop)
      throws IOException {
    return load(options, hadoop, PseudonymKeys::fetchSecret);
  }

  /** With an explicit secret fetcher (tests pass a fake; production {@link #fetchSecret}). */
  static PseudonymKey load(
      PseudonymizeOptions options,
      Configuration hadoop,
      Function<String, GetSecretValueResponse> secrets)
      throws IOException {
    if (options.keyFile().isPresent()) {
      return PseudonymKey.fromFile(options.keyFile().get(), hadoop);
    }
    GetSecretValueResponse r = secrets.apply(options.secretId().orElseThrow());
    return PseudonymKey.fromSecret(
        r.secretString(), r.secretBinary() == null ? null : r.secretBinary().asByteArray());
  }

  /**
   * One GetSecretValue call (the SDK is on EMR's classpath; region from AWS_REGION or the EMR
   * host).
   */
  static GetSecretValueResponse fetchSecret(String secretId) {
    try (SecretsManagerClient client = SecretsManagerClient.create()) {
      return client.getSecretValue(b -> b.secretId(secretId));
    }
  }
}
