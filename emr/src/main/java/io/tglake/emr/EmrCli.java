package io.tglake.emr;

import io.tglake.cli.DayOptions;
import io.tglake.cli.LakeOptions;
import io.tglake.cli.Usage;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options of {@code bin/tglake emr submit|backfill|forget} as picocli commands. Shared options
 * come from the {@code cli} module's mixins ({@code --raw --enriched} from {@link LakeOptions}, the
 * days from {@link DayOptions}); the EMR target and run options are mixins of this module, defined
 * once for the three subcommands. Each subcommand turns its options into an {@link EmrArgs} and
 * hands it to the action.
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
    line.addSubcommand(new Submit(action));
    line.addSubcommand(new Backfill(action));
    line.addSubcommand(new Forget(action));
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

  /** Where the runs go; every value not given is read from the stack's outputs. */
  static final class TargetOptions {
    @Option(
        names = "--stack-name",
        paramLabel = "NAME",
        defaultValue = "Tglake",
        description =
            "CloudFormation stack whose outputs complete the target (default ${DEFAULT-VALUE})")
    String stackName;

    @Option(
        names = "--application-id",
        paramLabel = "ID",
        description = "EMR Serverless application id (output EmrApplicationId)")
    String applicationId;

    @Option(
        names = "--execution-role-arn",
        paramLabel = "ARN",
        description = "job execution role (output EmrJobRoleArn)")
    String executionRoleArn;

    @Option(
        names = "--job-jar",
        paramLabel = "S3_URI",
        description = "Spark job jar (output EmrJobJarUri)")
    String jobJar;

    @Option(
        names = "--log-uri",
        paramLabel = "S3_URI",
        description = "job log folder (output EmrLogUri)")
    String logUri;

    @Option(
        names = "--region",
        paramLabel = "REGION",
        description = "AWS region (default: the SDK's chain, e.g. AWS_REGION)")
    String region;

    @Option(
        names = "--endpoint-url",
        paramLabel = "URL",
        description = "EMR Serverless endpoint override (local stubs)")
    String endpointUrl;
  }

  /** How the runs are made. */
  static final class RunOptions {
    @Option(
        names = "--spark-conf",
        paramLabel = "KEY=VALUE",
        description = "extra Spark property (repeatable), on top of the application defaults")
    Map<String, String> sparkConf = new LinkedHashMap<>();

    @Option(
        names = "--attempt",
        paramLabel = "N",
        defaultValue = "1",
        description =
            "client-token attempt (default ${DEFAULT-VALUE}); the same request and attempt always map "
                + "to the same run (idempotent resubmits): raise it to run again")
    int attempt;

    @Option(
        names = "--poll-seconds",
        paramLabel = "N",
        defaultValue = "10",
        description = "first poll interval, growing to 60 s (default ${DEFAULT-VALUE})")
    int pollSeconds;

    @Option(
        names = "--dry-run",
        description =
            "print the StartJobRun requests as JSON (aws emr-serverless "
                + "start-job-run --cli-input-json format) and call nothing; values not given are <OutputName> placeholders")
    boolean dryRun;
  }

  /** What the three subcommands share: options, validation into {@link EmrArgs}, the action. */
  abstract static class Subcommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin LakeOptions lake;
    @Mixin DayOptions days;
    @Mixin TargetOptions target;
    @Mixin RunOptions run;

    private final ToIntFunction<EmrArgs> action;

    Subcommand(ToIntFunction<EmrArgs> action) {
      this.action = action;
    }

    @Override
    public Integer call() {
      return action.applyAsInt(toArgs());
    }

    /**
     * The validated options; a {@link picocli.CommandLine.ParameterException} (exit 2) names what
     * is wrong.
     */
    abstract EmrArgs toArgs();

    EmrArgs args(LocalDate from, LocalDate to, int parallel, int chunkDays, Erasure erasure) {
      for (var uri :
          List.of(
              Map.entry("--job-jar", nullToEmpty(target.jobJar)),
              Map.entry("--raw", lake.raw().orElse("")),
              Map.entry("--enriched", lake.enriched().orElse("")),
              Map.entry("--log-uri", nullToEmpty(target.logUri)))) {
        if (!uri.getValue().isEmpty() && !uri.getValue().startsWith("s3://")) {
          throw Usage.error(
              spec, uri.getKey() + " must be an s3:// URI, got '" + uri.getValue() + "'");
        }
      }
      URI endpoint = null;
      if (target.endpointUrl != null) {
        try {
          endpoint = URI.create(target.endpointUrl);
        } catch (IllegalArgumentException e) {
          endpoint = null;
        }
        if (endpoint == null || endpoint.getScheme() == null || endpoint.getHost() == null) {
          throw Usage.error(
              spec, "--endpoint-url must be an http(s) URL, got '" + target.endpointUrl + "'");
        }
      }
      JobTarget flags =
          new JobTarget(
              target.applicationId,
              target.executionRoleArn,
              target.jobJar,
              lake.raw().orElse(null),
              lake.enriched().orElse(null),
              target.logUri);
      return new EmrArgs(
          spec.name(),
          from,
          to,
          parallel,
          chunkDays,
          flags,
          target.stackName,
          target.region,
          endpoint,
          run.sparkConf,
          range("--attempt", run.attempt, 1, 999),
          range("--poll-seconds", run.pollSeconds, 1, EmrArgs.MAX_POLL_SECONDS),
          run.dryRun,
          erasure);
    }

    int range(String name, int value, int min, int max) {
      if (value < min || value > max) {
        throw Usage.error(
            spec, name + " must be an integer in " + min + ".." + max + ", got '" + value + "'");
      }
      return value;
    }

    private static String nullToEmpty(String s) {
      return s == null ? "" : s;
    }
  }

  /** Shown under every subcommand's options. */
  static final String TARGET_FOOTER =
      "%nTarget values not given as options (--application-id, --execution-role-arn, "
          + "--job-jar, --raw, --enriched, --log-uri; all URIs s3://) come from the outputs of the CloudFormation stack "
          + "--stack-name (EmrApplicationId, EmrJobRoleArn - EmrErasureRoleArn for forget -, EmrJobJarUri, RawUri, "
          + "EnrichedUri, EmrLogUri). AWS "
          + "credentials: the SDK's default chain.%nExit codes: 0 every run succeeded, 1 a run failed or could not be "
          + "started or polled, 2 bad options or an incomplete target.";

  @Command(
      name = "submit",
      footer = TARGET_FOOTER,
      description = {
        "Run the ETL on EMR Serverless for one UTC day: the same job "
            + "(TelegramEtlJob --raw --enriched --date D) the daily schedule runs, logs to EmrLogUri, execution timeout "
            + "120 minutes."
      })
  static final class Submit extends Subcommand {
    Submit(ToIntFunction<EmrArgs> action) {
      super(action);
    }

    @Override
    EmrArgs toArgs() {
      if (days.date().isEmpty() && days.scheduledTime().isEmpty()) {
        throw Usage.error(
            spec, "missing --date YYYY-MM-DD (or --scheduled-time, as the schedule passes it)");
      }
      LocalDate day = days.resolve(Clock.systemUTC()).from();
      return args(day, day, 1, 1, null);
    }
  }

  @Command(
      name = "backfill",
      footer = TARGET_FOOTER,
      description = {
        "Run the ETL for every UTC day of a range: one run per chunk of --chunk-days days "
            + "(TelegramEtlJob --from --to --chunk-days --run-kind backfill: the chunk's days read in one pass, each "
            + "day still judged, overwritten and reported on its own), at most --parallel at a time, at most "
            + JobRunRequests.MAX_BACKFILL_DAYS
            + " days. Execution timeout per run: 120 minutes plus "
            + JobRunRequests.EXECUTION_TIMEOUT_MINUTES_PER_EXTRA_DAY
            + " per further day, at most "
            + JobRunRequests.MAX_EXECUTION_TIMEOUT_MINUTES
            + "."
      })
  static final class Backfill extends Subcommand {
    @Option(
        names = "--parallel",
        paramLabel = "N",
        defaultValue = "1",
        description =
            "concurrent chunk runs (default ${DEFAULT-VALUE}: one run already peaks at 14 of the "
                + "application's 16 vCPU; max "
                + EmrArgs.MAX_PARALLEL
                + ")")
    int parallel;

    @Option(
        names = "--chunk-days",
        paramLabel = "N",
        defaultValue = "" + JobRunRequests.DEFAULT_CHUNK_DAYS,
        description =
            "most days of one job run, passed to the job as its --chunk-days (default "
                + "${DEFAULT-VALUE}, max "
                + JobRunRequests.MAX_BACKFILL_DAYS
                + "; 1 = one run per day)")
    int chunkDays;

    Backfill(ToIntFunction<EmrArgs> action) {
      super(action);
    }

    @Override
    EmrArgs toArgs() {
      if (days.from().isEmpty() || days.to().isEmpty()) {
        throw Usage.error(
            spec, "missing " + (days.from().isEmpty() ? "--from" : "--to") + " YYYY-MM-DD");
      }
      var range = days.resolve(Clock.systemUTC());
      try {
        JobRunRequests.days(range.from(), range.to());
      } catch (IllegalArgumentException e) {
        throw Usage.error(spec, e.getMessage());
      }
      return args(
          range.from(),
          range.to(),
          range("--parallel", parallel, 1, EmrArgs.MAX_PARALLEL),
          range("--chunk-days", chunkDays, 1, JobRunRequests.MAX_BACKFILL_DAYS),
          null);
    }
  }

  @Command(
      name = "forget",
      footer = TARGET_FOOTER,
      description = {
        "Run the erasure job ("
            + ForgetRequests.MAIN_CLASS
            + ", the same "
            + "jar) for one deletion request: one run for every day (or --from..--to), which removes the people's raw "
            + "objects and rewrites the enriched days that held their rows, and writes an audit record."
      })
  static final class Forget extends Subcommand {
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

    Forget(ToIntFunction<EmrArgs> action) {
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
}
