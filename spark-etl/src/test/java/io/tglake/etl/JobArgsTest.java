package io.tglake.etl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class JobArgsTest {

  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-11-23T00:30:00Z"), ZoneOffset.UTC);

  private static JobArgs parse(String... argv) {
    return EtlArgv.parse(NOW, argv);
  }

  /** What a user reads for a bad command line, after checking it ends with the usage exit code. */
  private static String usageError(String... argv) {
    EtlArgv r = EtlArgv.run(NOW, argv);
    assertThat(r.exitCode()).as("bad usage: %s", r.err()).isEqualTo(2);
    assertThat(r.args()).as("the job must not run").isEmpty();
    return r.err();
  }

  @Test
  void noDateMeansYesterdayUtc() {
    JobArgs a = parse("--raw", "lake/raw", "--enriched", "lake/enriched");
    assertThat(a.days()).as("yesterday").containsExactly(LocalDate.parse("2026-11-22"));
    assertThat(a.maxBadFraction()).as("default threshold").isEqualTo(0.05);
    assertThat(a.dedupLookbackDays()).as("default lookback").isEqualTo(1);
    assertThat(a.s3Endpoint()).as("no endpoint").isEmpty();
  }

  @Test
  void scheduledTimeProcessesTheUtcDayBeforeIt() {
    assertThat(
            parse("--raw", "r", "--enriched", "e", "--scheduled-time", "2026-11-23T03:00:00Z")
                .days())
        .as("day before the fire time")
        .containsExactly(LocalDate.parse("2026-11-22"));
    assertThat(
            parse("--raw", "r", "--enriched", "e", "--scheduled-time", "2026-11-23T00:00:00-03:00")
                .days())
        .as("an offset fire time is converted to UTC first")
        .containsExactly(LocalDate.parse("2026-11-22"));
  }

  @Test
  void theRunKindFollowsTheDaySelectionUnlessGiven() {
    assertThat(
            parse("--raw", "r", "--enriched", "e", "--scheduled-time", "2026-11-23T01:30:00Z")
                .runKind())
        .as("the schedule passes --scheduled-time")
        .isEqualTo(RunKind.SCHEDULED);
    assertThat(parse("--raw", "r", "--enriched", "e", "--date", "2026-11-22").runKind())
        .isEqualTo(RunKind.MANUAL);
    assertThat(parse("--raw", "r", "--enriched", "e").runKind())
        .as("default day")
        .isEqualTo(RunKind.MANUAL);
    assertThat(
            parse("--raw", "r", "--enriched", "e", "--from", "2026-11-20", "--to", "2026-11-22")
                .runKind())
        .isEqualTo(RunKind.BACKFILL);
    assertThat(
            parse("--raw", "r", "--enriched", "e", "--date", "2026-11-22", "--run-kind", "backfill")
                .runKind())
        .as("emr backfill submits one day at a time")
        .isEqualTo(RunKind.BACKFILL);
    assertThat(
            JobArgs.forDay("r", "e", LocalDate.parse("2026-11-22"))
                .withDedupLookbackDays(0)
                .withRunKind(RunKind.ERASURE)
                .withMaxBadFraction(0.1)
                .runKind())
        .as("kept by the with* copies")
        .isEqualTo(RunKind.ERASURE);
    assertThat(usageError("--raw", "r", "--enriched", "e", "--run-kind", "nightly"))
        .contains("scheduled, manual, backfill, erasure");
  }

  @Test
  void intradayTimeRefreshesTheUtcDayOfTheInstantAsAnIntradayRun() {
    JobArgs late =
        parse("--raw", "r", "--enriched", "e", "--intraday-time", "2026-11-23T23:00:00Z");
    assertThat(late.days())
        .as("the day OF the fire time: today so far")
        .containsExactly(LocalDate.parse("2026-11-23"));
    assertThat(late.runKind()).as("its figures stay out of the alarms").isEqualTo(RunKind.INTRADAY);
    assertThat(
            parse("--raw", "r", "--enriched", "e", "--intraday-time", "2026-11-23T22:30:00-03:00")
                .days())
        .as("an offset fire time is converted to UTC first")
        .containsExactly(LocalDate.parse("2026-11-24"));
    assertThat(
            usageError(
                "--raw",
                "r",
                "--enriched",
                "e",
                "--intraday-time",
                "2026-11-23T10:00:00Z",
                "--date",
                "2026-11-22"))
        .contains("--intraday-time selects the day by itself");
    assertThat(
            usageError(
                "--raw",
                "r",
                "--enriched",
                "e",
                "--intraday-time",
                "2026-11-23T10:00:00Z",
                "--scheduled-time",
                "2026-11-23T01:30:00Z"))
        .contains("--intraday-time selects the day by itself");
  }

  @Test
  void anIntradayRefreshThatCouldNotReplaceTodayEndsZeroWhileOtherKindsKeepTheirCodes() {
    DayResult failed =
        DayResult.rejected(
            LocalDate.parse("2026-11-23"),
            new DayResult.Read(10, 5, DayQuality.NONE, java.util.Map.of()),
            1.0,
            "over --max-bad-fraction");
    DayResult busy = DayResult.busy(LocalDate.parse("2026-11-23"), 1.0, "held");
    assertThat(new RunResult(java.util.List.of(failed)).exitCode(RunKind.INTRADAY))
        .as("a gated refresh must not page as a failed EMR job run")
        .isZero();
    assertThat(new RunResult(java.util.List.of(busy)).exitCode(RunKind.INTRADAY))
        .as("busy: next refresh")
        .isZero();
    assertThat(new RunResult(java.util.List.of(failed)).exitCode(RunKind.SCHEDULED)).isEqualTo(1);
    assertThat(new RunResult(java.util.List.of(busy)).exitCode(RunKind.MANUAL)).isEqualTo(3);
  }

  @Test
  void rangeIsInclusiveAndOptionsParse() {
    JobArgs a =
        parse(
            "--raw=s3a://b/telegram",
            "--enriched",
            "s3a://l/enriched",
            "--from",
            "2026-11-20",
            "--to",
            "2026-11-22",
            "--s3-endpoint",
            "http://127.0.0.1:9000",
            "--max-bad-fraction",
            "0.2",
            "--dedup-lookback-days",
            "2");
    assertThat(a.days())
        .as("inclusive range")
        .containsExactly(
            LocalDate.parse("2026-11-20"),
            LocalDate.parse("2026-11-21"),
            LocalDate.parse("2026-11-22"));
    assertThat(a.raw()).as("--opt=value form").isEqualTo("s3a://b/telegram");
    assertThat(a.s3Endpoint()).as("endpoint").contains("http://127.0.0.1:9000");
    assertThat(a.maxBadFraction()).as("threshold").isEqualTo(0.2);
    assertThat(a.dedupLookbackDays()).as("lookback").isEqualTo(2);
    assertThat(a.chunkDays())
        .as("default pass length")
        .isEqualTo(JobArgs.DEFAULT_CHUNK_DAYS)
        .isEqualTo(31);
  }

  @Test
  void chunkDaysParsesSurvivesTheWithersAndMustBePositive() {
    JobArgs a =
        parse(
            "--raw",
            "r",
            "--enriched",
            "e",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--chunk-days",
            "7");
    assertThat(a.chunkDays()).as("--chunk-days").isEqualTo(7);
    assertThat(a.withMaxBadFraction(0.1).withRunKind(RunKind.MANUAL).withOutgoing("o").chunkDays())
        .as("kept by the with* copies")
        .isEqualTo(7);
    assertThat(
            TelegramEtlJob.chunks(a.days(), a.chunkDays()).stream()
                .map(java.util.List::size)
                .toList())
        .as("30 days in passes of 7")
        .containsExactly(7, 7, 7, 7, 2);
    assertThat(usageError("--raw", "r", "--enriched", "e", "--chunk-days", "0"))
        .contains("--chunk-days must be >= 1");
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertThat(usageError("--enriched", "e")).as("missing raw").contains("--raw");
    assertThat(
            usageError(
                "--raw",
                "r",
                "--enriched",
                "e",
                "--date",
                "2026-11-22",
                "--from",
                "2026-11-20",
                "--to",
                "2026-11-21"))
        .as("two selections")
        .contains("use only one of --date, --from/--to, --scheduled-time");
    assertThat(usageError("--raw", "r", "--enriched", "e", "--from", "2026-11-22"))
        .as("from alone")
        .contains("--from and --to go together");
    assertThat(
            usageError(
                "--raw", "r", "--enriched", "e", "--from", "2026-11-22", "--to", "2026-11-21"))
        .as("reversed")
        .contains("--to 2026-11-21 is before --from 2026-11-22");
    assertThat(usageError("--raw", "r", "--enriched", "e", "--date", "22/11/2026"))
        .as("bad date")
        .contains("YYYY-MM-DD");
    assertThat(usageError("--raw", "r", "--enriched", "e", "--max-bad-fraction", "2"))
        .as("fraction")
        .contains("--max-bad-fraction must be between 0 and 1, got 2.0");
    assertThat(usageError("--raw", "r", "--enriched", "e", "--bogus", "1"))
        .as("unknown option")
        .contains("--bogus");
    EtlArgv help = EtlArgv.run(NOW, "--help");
    assertThat(help.exitCode()).as("help is not an error").isZero();
    assertThat(help.args()).as("help does not run the job").isEmpty();
    assertThat(help.out()).as("help").startsWith("Usage: tglake etl");
  }

  @Test
  void safetyAndReadOptionsReachTheJobArgsAndBadValuesAreUsageErrors() {
    JobArgs a =
        parse(
            "--raw",
            "r",
            "--enriched",
            "e",
            "--read-concurrency",
            "3",
            "--lease-wait",
            "7",
            "--max-rescued-fraction",
            "0.2");
    assertThat(a.readConcurrency()).as("--read-concurrency").isEqualTo(3);
    assertThat(a.safety().leaseWait())
        .as("--lease-wait")
        .isEqualTo(java.time.Duration.ofSeconds(7));
    assertThat(a.safety().maxRescuedFraction()).as("--max-rescued-fraction").isEqualTo(0.2);
    JobArgs defaults = parse("--raw", "r", "--enriched", "e");
    assertThat(
            java.util.List.of(
                defaults.readConcurrency(),
                defaults.safety().leaseWait(),
                defaults.safety().maxRescuedFraction()))
        .as("the defaults differ, so the values above came from the options")
        .containsExactly(
            JobArgs.DEFAULT_READ_CONCURRENCY,
            SafetyOptions.DEFAULT_LEASE_WAIT,
            SafetyOptions.DEFAULT_MAX_RESCUED_FRACTION);
    assertThat(usageError("--raw", "r", "--enriched", "e", "--read-concurrency", "0"))
        .contains("--read-concurrency must be >= 1");
    assertThat(usageError("--raw", "r", "--enriched", "e", "--lease-wait", "-1"))
        .contains("--lease-wait must be >= 0");
    assertThat(usageError("--raw", "r", "--enriched", "e", "--max-rescued-fraction", "1.5"))
        .contains("--max-rescued-fraction must be between");
  }

  @Test
  void theCommandLineRunsTheJobWithTheParsedArgsAndMapsExitCodes() {
    java.util.List<JobArgs> ran = new java.util.ArrayList<>();
    java.io.StringWriter err = new java.io.StringWriter();
    EtlCommand ok =
        new EtlCommand(
            NOW,
            a -> {
              ran.add(a);
              return 1;
            });
    assertThat(
            io.tglake.cli.Cli.of(ok)
                .execute(
                    "--raw", "r", "--enriched", "e", "--scheduled-time", "2026-11-23T03:00:00Z"))
        .as("the job's own code")
        .isEqualTo(1);
    assertThat(ran)
        .extracting(JobArgs::days)
        .containsExactly(java.util.List.of(LocalDate.parse("2026-11-22")));

    EtlCommand bad =
        new EtlCommand(
            NOW,
            a -> {
              throw new AssertionError("must not run");
            });
    assertThat(
            io.tglake.cli.Cli.of(bad)
                .err(new java.io.PrintWriter(err, true))
                .execute("--raw", "r", "--enriched", "e", "--date", "yesterday"))
        .as("bad usage")
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("tglake etl: ")
        .contains("YYYY-MM-DD")
        .contains("Try 'tglake etl --help'.");
  }

  @Test
  void helpIsGeneratedAndListsEveryOption() {
    assertThat(EtlArgv.run(NOW, "--help").out())
        .startsWith("Usage: tglake etl")
        .contains(
            "--raw=URI",
            "--enriched=URI",
            "--s3-endpoint=URL",
            "--date=YYYY-MM-DD",
            "--from=YYYY-MM-DD",
            "--to=YYYY-MM-DD",
            "--scheduled-time=ISO-INSTANT",
            "--max-bad-fraction=F",
            "--dedup-lookback-days=N",
            "--help",
            "Exit codes: 0");
  }

  @Test
  void pseudonymizeTakesExactlyOneKeySource() {
    JobArgs file =
        parse("--raw", "r", "--enriched", "e", "--pseudonymize", "--pseudonym-key-file", "/k");
    assertThat(file.pseudonymize())
        .as("key file")
        .contains(io.tglake.etl.pseudonym.PseudonymizeOptions.keyFile("/k"));
    JobArgs secret =
        parse(
            "--raw",
            "r",
            "--enriched",
            "e",
            "--pseudonym-key-secret-id=tglake/pseudonym-key",
            "--pseudonymize");
    assertThat(secret.pseudonymize())
        .as("secret")
        .contains(io.tglake.etl.pseudonym.PseudonymizeOptions.secret("tglake/pseudonym-key"));
    assertThat(parse("--raw", "r", "--enriched", "e").pseudonymize())
        .as("off by default")
        .isEmpty();
    assertThat(usageError("--raw", "r", "--enriched", "e", "--pseudonymize"))
        .as("no key")
        .contains("exactly one of");
    assertThat(
            usageError(
                "--raw",
                "r",
                "--enriched",
                "e",
                "--pseudonymize",
                "--pseudonym-key-file",
                "a",
                "--pseudonym-key-secret-id",
                "b"))
        .as("two keys")
        .contains("exactly one of");
    assertThat(usageError("--raw", "r", "--enriched", "e", "--pseudonym-key-file", "a"))
        .as("key without the flag")
        .contains("only go with --pseudonymize");
  }
}
