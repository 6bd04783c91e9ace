package io.tglake.etl.pseudonym;

import io.tglake.cli.Cli;
import io.tglake.cli.ExitCode;
import io.tglake.cli.Usage;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * {@code bin/tglake pseudonym}: the pseudonym a {@code --pseudonymize} ETL writes for a Telegram
 * user id (and for their private chat, whose id is theirs), so that an access request on a
 * pseudonymized lake can be answered with the documented export queries. Same key sources and same
 * function as the ETL ({@link PseudonymKeys}, {@link PseudonymKey#pseudonym}); the key itself is
 * never printed.
 */
@Command(
    name = "tglake pseudonym",
    sortOptions = false,
    description = {
      "Prints the pseudonym that a --pseudonymize ETL writes instead of a Telegram user id (user_id, "
          + "chat_id of their private chat, actor and mentioned ids), one line per --user-id, for the export queries "
          + "of docs/privacy.md on a pseudonymized lake.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  bin/tglake pseudonym --user-id 42 --key-file pseudonym.key",
      "  bin/tglake pseudonym --user-id 42 --secret-arn arn:aws:secretsmanager:eu-west-1:111122223333:secret:"
          + "PseudonymKey-AbCdEf",
      "",
      "Exit codes: 0 done, 1 failed (key unreadable), 2 bad options."
    })
public final class PseudonymCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--user-id",
      paramLabel = "ID",
      required = true,
      description =
          "Telegram user id (repeatable); its pseudonym is printed on a line of its own, in order")
  List<Long> userIds;

  @ArgGroup(exclusive = true, multiplicity = "1")
  KeySource key;

  /**
   * Exactly one key source, as the ETL's {@code --pseudonym-key-file} / {@code
   * --pseudonym-key-secret-id}.
   */
  static final class KeySource {
    @Option(
        names = "--key-file",
        paramLabel = "FILE",
        description =
            "the ETL's key file (local path, file://, s3a://), as --pseudonym-key-file of tglake etl")
    String keyFile;

    @Option(
        names = "--secret-arn",
        paramLabel = "ARN",
        description =
            "the stack's key secret (Secrets Manager ARN or name, as --pseudonym-key-secret-id of the "
                + "scheduled job); read with the default AWS credentials, in the ARN's Region (else AWS_REGION)")
    String secretArn;
  }

  private final PrintWriter out;
  private final Function<String, GetSecretValueResponse> secrets;

  /**
   * @param secrets one GetSecretValue per call (production: {@link #fetchSecret})
   */
  public PseudonymCommand(PrintWriter out, Function<String, GetSecretValueResponse> secrets) {
    this.out = Objects.requireNonNull(out, "out");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
  }

  /** {@code bin/tglake pseudonym ...}. */
  public static void main(String[] argv) {
    System.exit(
        Cli.of(
                new PseudonymCommand(
                    new PrintWriter(System.out, true), PseudonymCommand::fetchSecret))
            .execute(argv));
  }

  @Override
  public Integer call() throws IOException {
    for (long id : userIds) {
      if (id <= 0) {
        throw Usage.error(spec, "--user-id " + id + ": a Telegram user id is a positive integer");
      }
    }
    PseudonymizeOptions options =
        key.keyFile != null
            ? PseudonymizeOptions.keyFile(key.keyFile)
            : PseudonymizeOptions.secret(key.secretArn);
    PseudonymKey k = PseudonymKeys.load(options, new Configuration(), secrets);
    for (long id : userIds) {
      out.println(k.pseudonym(id));
    }
    out.flush();
    return ExitCode.OK;
  }

  /**
   * GetSecretValue in the Region of the secret's ARN when it is one, else the SDK's default Region.
   */
  static GetSecretValueResponse fetchSecret(String secretId) {
    Optional<Region> region = regionOf(secretId);
    var builder = SecretsManagerClient.builder();
    region.ifPresent(builder::region);
    try (SecretsManagerClient client = builder.build()) {
      return client.getSecretValue(b -> b.secretId(secretId));
    }
  }

  /**
   * {@code arn:aws:secretsmanager:<region>:<account>:secret:<name>} → its Region; a plain name has
   * none.
   */
  static Optional<Region> regionOf(String secretId) {
    String[] parts = secretId.split(":", 6);
    if (parts.length == 6
        && parts[0].equals("arn")
        && parts[2].equals("secretsmanager")
        && !parts[3].isEmpty()) {
      return Optional.of(Region.of(parts[3]));
    }
    return Optional.empty();
  }
}
