package io.tglake.emr;

import io.tglake.cli.Usage;
import java.util.List;
import java.util.function.ToIntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tglake emr forget}: the erasure job for one deletion request. */
@Command(
    name = "forget",
    footer = EmrSubcommand.TARGET_FOOTER,
    description = {
      "Run the erasure job ("
          + ForgetRequests.MAIN_CLASS
          + ", the same "
          + "jar) for one deletion request: one run for every day (or --from..--to), which removes the people's raw "
          + "objects and rewrites the enriched days that held their rows, and writes an audit record."
    })
final class ForgetCommand extends EmrSubcommand {
  @Option(
      names = "--request-id",
      paramLabel = "ID",
      required = true,
      description =
          "the deletion request's id (e.g. a ticket): names the audit record; the same id, people "
              + "and days always map to the same run")
  String requestId;

  @Option(
      names = "--user-id",
      paramLabel = "U",
      required = true,
      description = "Telegram user id of a person to erase (repeatable)")
  List<Long> userIds;

  @Option(
      names = "--job-dry-run",
      description = "the job lists what it would remove (driver output) and changes nothing")
  boolean jobDryRun;

  @Option(
      names = "--pseudonymize",
      description =
          "the stack runs the ETL with pseudonymize=true: rebuild days "
              + "with the same key (needs --pseudonym-key-secret-id; the job refuses a pseudonymized day without it)")
  boolean pseudonymize;

  @Option(
      names = "--pseudonym-key-secret-id",
      paramLabel = "ARN",
      description = "the pseudonym key's secret (the stack's key, see the schedule's arguments)")
  String pseudonymKeySecretId;

  ForgetCommand(ToIntFunction<EmrArgs> action) {
    super(action);
  }

  @Override
  EmrArgs toArgs() {
    if (pseudonymize != (pseudonymKeySecretId != null)) {
      throw Usage.error(spec, "--pseudonymize and --pseudonym-key-secret-id go together");
    }
    Erasure erasure;
    try {
      erasure =
          new Erasure(
              requestId,
              userIds,
              days.from().orElse(null),
              days.to().orElse(null),
              jobDryRun,
              pseudonymKeySecretId);
    } catch (IllegalArgumentException e) {
      throw Usage.error(spec, e.getMessage());
    }
    return args(erasure.from(), erasure.to(), 1, 1, erasure);
  }
}
