package io.tglake.etl;

import io.tglake.cli.DayOptions;
import io.tglake.cli.DayRange;
import io.tglake.cli.LakeOptions;
import io.tglake.cli.Usage;
import io.tglake.contract.LakeLayout;
import io.tglake.etl.pseudonym.PseudonymizeOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The command line of {@link TelegramEtlJob}: picocli options that become a {@link JobArgs}. The
 * lake and day options are the shared {@code io.tglake.cli} mixins, so every command spells and
 * checks them alike.
 *
 * <p>The argument contract is fixed: EventBridge Scheduler passes {@code --raw --enriched
 * --scheduled-time}, {@code emr submit} passes {@code --date}.
 */
@Command(
    name = "tglake etl",
    sortOptions = false,
    description = {
      "Runs the Telegram ETL for one UTC day or a range of days: reads raw partition "
          + "<raw>/"
          + LakeLayout.ANY_DAY_PREFIX
          + "D/, writes <enriched>/<table>/"
          + LakeLayout.ANY_DAY_PREFIX
          + "D/ for the tables messages, message_entities, callback_queries, chat_member_updates and updates, and "
          + "bot_messages from the outgoing records <outgoing>/"
          + LakeLayout.ANY_DAY_PREFIX
          + "D/ (dynamic "
          + "partition overwrite: a rerun replaces exactly that day), quarantines bad objects and writes a run "
          + "report.",
      "",
      "Day selection: at most one of --date, --from/--to (inclusive backfill, read in passes of --chunk-days "
          + "days, each day still judged, deduplicated, committed and reported on its own; failed days are reported "
          + "and the other days are written), --scheduled-time; default: yesterday (UTC)."
    },
    footer = {
      "",
      "Exit codes: 0 all days succeeded (missing/empty days count as success, and so does a second "
          + "start of the same scheduled run while the first holds the day), 1 a day failed, 2 bad options, 3 a day "
          + "is busy (another run holds its lease; nothing written for that day)."
    })
public final class EtlCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin LakeOptions lake;

  @Mixin DayOptions days;

  @Option(
      names = "--max-bad-fraction",
      paramLabel = "F",
      description = "fail a day if quarantined/read > F, 0..1 (default ${DEFAULT-VALUE})")
  double maxBadFraction = JobArgs.DEFAULT_MAX_BAD_FRACTION;

  @Option(
      names = "--dedup-lookback-days",
      paramLabel = "N",
      description =
          "previous raw days checked for redeliveries (default ${DEFAULT-VALUE}, 0 = off)")
  int dedupLookbackDays = JobArgs.DEFAULT_DEDUP_LOOKBACK_DAYS;

  @Option(
      names = "--pseudonymize",
      description =
          "pseudonymized tables: user ids and private chat ids as a keyed hash, no names/usernames, "
              + "CPF/phone/e-mail/card masked in text, no raw_json (docs/privacy.md); needs one key option")
  boolean pseudonymize;

  @Option(
      names = "--pseudonym-key-file",
      paramLabel = "PATH",
      description = "the HMAC key in a file (local path, file://, s3://, s3a://)")
  String pseudonymKeyFile;

  @Option(
      names = "--pseudonym-key-secret-id",
      paramLabel = "ID",
      description = "the HMAC key in AWS Secrets Manager (secret id or ARN)")
  String pseudonymKeySecretId;

  @Option(
      names = "--max-rescued-fraction",
      paramLabel = "F",
      description =
          "fail a day if objects with a value of the wrong type / read > F, 0..1 (default "
              + "${DEFAULT-VALUE}); such a value is nulled in that object's row only")
  double maxRescuedFraction = SafetyOptions.DEFAULT_MAX_RESCUED_FRACTION;

  @Option(
      names = "--lease-wait",
      paramLabel = "SECONDS",
      description =
          "wait this long for another run of the same day to finish before giving up with exit "
              + "code 3 (default ${DEFAULT-VALUE})")
  long leaseWaitSeconds = SafetyOptions.DEFAULT_LEASE_WAIT.toSeconds();

  @Option(
      names = "--outgoing",
      paramLabel = "URI",
      description =
          "folder of the outgoing records (what the bot said; "
              + LakeLayout.ANY_DAY_PREFIX
              + "D/ partitions) for the "
              + "bot_messages table (default: the folder 'outgoing' beside --raw, e.g. s3://b/telegram -> "
              + "s3://b/outgoing); a missing folder or day gives no rows")
  String outgoing;

  @Option(
      names = "--intraday-time",
      paramLabel = "ISO-INSTANT",
      converter = DayOptions.IsoInstant.class,
      description =
          "intraday refresh (the intraday schedule's fire time): replaces the UTC day OF this instant, i.e. "
              + "today so far, run kind intraday (exits 0 when the day cannot be refreshed; the nightly run is the final "
              + "word); not with the other day options")
  Instant intradayTime;

  @Option(
      names = "--run-kind",
      paramLabel = "KIND",
      description =
          "why this run happens, the RunKind dimension of its metrics (the alarms read scheduled runs "
              + "only): scheduled, manual, backfill, erasure or intraday (default: scheduled with --scheduled-time, "
              + "intraday with --intraday-time, backfill for --from/--to, else manual)")
  String runKind;

  @Option(
      names = "--read-concurrency",
      paramLabel = "N",
      description =
          "raw objects fetched concurrently per Spark task: GETs in flight on S3 (default ${DEFAULT-VALUE})")
  int readConcurrency = JobArgs.DEFAULT_READ_CONCURRENCY;

  @Option(
      names = "--chunk-days",
      paramLabel = "N",
      description =
          "a --from/--to range runs in passes of at most N days, each reading its days in one pass and "
              + "writing each table once for them (memory grows with a pass; default ${DEFAULT-VALUE})")
  int chunkDays = JobArgs.DEFAULT_CHUNK_DAYS;

  private final Clock clock;
  private final ToIntFunction<JobArgs> job;

  /**
   * The job comes in from outside (production: {@code TelegramEtlJob.main} runs it in its own Spark
   * session), so the options know nothing of the job above them.
   *
   * @param clock "now" for the default day
   * @param job runs the parsed arguments and returns the exit code
   */
  public EtlCommand(Clock clock, ToIntFunction<JobArgs> job) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.job = Objects.requireNonNull(job, "job");
  }

  /**
   * The parsed options as a {@link JobArgs}.
   *
   * @throws picocli.CommandLine.ParameterException for missing, conflicting or out-of-range values
   */
  public JobArgs toJobArgs() {
    String raw = lake.requireRaw();
    String enriched = lake.requireEnriched();
    DayRange range = intradayRange().orElseGet(() -> days.resolve(clock));
    if (!(maxBadFraction >= 0 && maxBadFraction <= 1)) {
      throw Usage.error(spec, "--max-bad-fraction must be between 0 and 1, got " + maxBadFraction);
    }
    if (dedupLookbackDays < 0) {
      throw Usage.error(spec, "--dedup-lookback-days must be >= 0, got " + dedupLookbackDays);
    }
    if (!(maxRescuedFraction >= 0 && maxRescuedFraction <= 1)) {
      throw Usage.error(
          spec, "--max-rescued-fraction must be between 0 and 1, got " + maxRescuedFraction);
    }
    if (leaseWaitSeconds < 0) {
      throw Usage.error(spec, "--lease-wait must be >= 0, got " + leaseWaitSeconds);
    }
    if (readConcurrency < 1) {
      throw Usage.error(spec, "--read-concurrency must be >= 1, got " + readConcurrency);
    }
    if (chunkDays < 1) {
      throw Usage.error(spec, "--chunk-days must be >= 1, got " + chunkDays);
    }
    return new JobArgs(
        raw,
        enriched,
        range.from(),
        range.to(),
        lake.s3Endpoint(),
        maxBadFraction,
        dedupLookbackDays,
        pseudonymizeOptions(),
        SafetyOptions.DEFAULTS
            .withMaxRescuedFraction(maxRescuedFraction)
            .withLeaseWait(Duration.ofSeconds(leaseWaitSeconds)),
        readConcurrency,
        Optional.ofNullable(outgoing),
        runKind(range),
        chunkDays);
  }

  /** The UTC day of {@code --intraday-time}: today so far (the scheduler passes its fire time). */
  private Optional<DayRange> intradayRange() {
    if (intradayTime == null) {
      return Optional.empty();
    }
    if (days.given()) {
      throw Usage.error(
          spec,
          "--intraday-time selects the day by itself: use none of --date, --from/--to, "
              + "--scheduled-time with it");
    }
    return Optional.of(DayRange.of(LocalDate.ofInstant(intradayTime, ZoneOffset.UTC)));
  }

  private RunKind runKind(DayRange range) {
    if (runKind == null && intradayTime != null) {
      return RunKind.INTRADAY;
    }
    if (runKind == null) {
      return RunKind.implied(days.scheduledTime().isPresent(), !range.from().equals(range.to()));
    }
    for (RunKind k : RunKind.values()) {
      if (k.value().equals(runKind.strip().toLowerCase(Locale.ROOT))) {
        return k;
      }
    }
    throw Usage.error(
        spec,
        "--run-kind must be one of scheduled, manual, backfill, erasure, intraday, got " + runKind);
  }

  private Optional<PseudonymizeOptions> pseudonymizeOptions() {
    boolean file = pseudonymKeyFile != null;
    boolean secret = pseudonymKeySecretId != null;
    if (!pseudonymize) {
      if (file || secret) {
        throw Usage.error(
            spec, "--pseudonym-key-file/--pseudonym-key-secret-id only go with --pseudonymize");
      }
      return Optional.empty();
    }
    if (file == secret) {
      throw Usage.error(
          spec,
          "--pseudonymize needs exactly one of --pseudonym-key-file or "
              + "--pseudonym-key-secret-id");
    }
    return Optional.of(
        new PseudonymizeOptions(
            Optional.ofNullable(pseudonymKeyFile), Optional.ofNullable(pseudonymKeySecretId)));
  }

  @Override
  public Integer call() {
    return job.applyAsInt(toJobArgs());
  }
}
