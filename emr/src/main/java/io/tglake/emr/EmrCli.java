package io.tglake.emr;

import io.tglake.cli.DayOptions;
import io.tglake.cli.LakeOptions;
import io.tglake.cli.Usage;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * The options of {@code bin/tglake emr submit|backfill|forget} as picocli commands. Shared options
 * come from the {@code cli} module's mixins ({@code --raw --enriched} from {@link LakeOptions}, the
 * days from {@link DayOptions}); the EMR target and run options are mixins of this module, defined
 * once for the three subcommands. Each subcommand turns its options into an {@link EmrArgs} and
 * hands it to the action.
 *
 * <p>This class assembles the command line; each subcommand is a class of its own: {@link
 * SubmitCommand}, {@link BackfillCommand} and {@link ForgetCommand} on {@link EmrSubcommand} (with
 * the mixins {@link TargetOptions} and {@link RunOptions}), and {@link VerifyCommand}.
 */
final class EmrCli {

  private EmrCli() {}

  /**
   * The command line of {@code tglake emr}; {@code action} runs a parsed, validated command and
   * returns its exit code.
   */
  static CommandLine commandLine(ToIntFunction<EmrArgs> action) {
    // The model for help and completion (the one static commandLine they find): a verify that
    // cannot run;
    // EmrCommand wires the real one through withVerify.
    return withVerify(
        action,
        new VerifyCommand(
            t -> {
              throw new IllegalStateException("emr verify runs through EmrCommand");
            },
            Map.of(),
            d -> {},
            System.out));
  }

  /**
   * As {@link #commandLine(ToIntFunction)}, with {@code verify} (the post-deploy check) when given.
   */
  static CommandLine withVerify(ToIntFunction<EmrArgs> action, VerifyCommand verify) {
    CommandLine line = new CommandLine(new Emr());
    line.addSubcommand(new SubmitCommand(action));
    line.addSubcommand(new BackfillCommand(action));
    line.addSubcommand(new ForgetCommand(action));
    if (verify != null) {
      line.addSubcommand(verify);
    }
    // The shared mixins bring options that make no sense here: EMR reads s3:// through its own S3
    // connector
    // (S3A since EMR 7.10; no endpoint),
    // submit takes one day, backfill and forget a range. Dropped from the model, they are unknown
    // options
    // and absent from the generated help, instead of accepted and ignored.
    for (CommandLine sub : line.getSubcommands().values()) {
      drop(sub, "--s3-endpoint");
    }
    drop(line.getSubcommands().get("submit"), "--from", "--to");
    drop(line.getSubcommands().get("backfill"), "--date", "--scheduled-time");
    drop(line.getSubcommands().get("forget"), "--date", "--scheduled-time");
    return line;
  }

  private static void drop(CommandLine line, String... names) {
    CommandSpec spec = line.getCommandSpec();
    for (String name : names) {
      OptionSpec option = spec.findOption(name);
      if (option != null) {
        spec.remove(option);
      }
    }
  }

  @Command(
      name = "tglake emr",
      description = {
        "EMR Serverless job runs of the deployed stack: the ETL for a day or a range of days, and "
            + "the erasure job for a deletion request. Polls the runs until they end and prints per-run progress, "
            + "a summary and log links."
      },
      footer = {
        "",
        "Examples:",
        "  bin/tglake emr submit   --date 2026-11-22",
        "  bin/tglake emr backfill --from 2026-01-01 --to 2026-03-15   (3 runs of at most 31 days)",
        "  bin/tglake emr backfill --from 2026-11-01 --to 2026-11-03 --dry-run",
        "  bin/tglake emr forget   --request-id DSR-2026-0042 --user-id 500000001",
        "  bin/tglake emr verify   --bot-token \"$TELEGRAM_BOT_TOKEN\"   (post-deploy check)",
        "",
        "Exit codes: 0 every run succeeded, 1 a run failed or could not be started or polled, 2 bad options."
      })
  static final class Emr implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      throw Usage.error(spec, "missing command: submit, backfill, forget or verify");
    }
  }
}
