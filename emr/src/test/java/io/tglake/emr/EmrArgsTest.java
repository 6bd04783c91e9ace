package io.tglake.emr;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.cli.Cli;
import io.tglake.cli.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The options of {@code tglake emr} as its real command line parses them: what the action is
 * handed, or the error.
 */
class EmrArgsTest {

  /**
   * One run of the command line: its exit code, what its action was handed (null if it did not
   * run), stderr.
   */
  private record Run(int code, EmrArgs args, String err) {}

  private static Run run(String... argv) {
    AtomicReference<EmrArgs> handed = new AtomicReference<>();
    StringWriter err = new StringWriter();
    int code =
        Cli.of(
                EmrCli.commandLine(
                    a -> {
                      handed.set(a);
                      return ExitCode.OK;
                    }))
            .out(new PrintWriter(new StringWriter(), true))
            .err(new PrintWriter(err, true))
            .execute(argv);
    return new Run(code, handed.get(), err.toString());
  }

  private static EmrArgs parse(String... argv) {
    Run r = run(argv);
    assertThat(r.code())
        .as("exit code of %s (stderr: %s)", List.of(argv), r.err())
        .isEqualTo(ExitCode.OK);
    assertThat(r.args()).as("the action runs with the parsed options").isNotNull();
    return r.args();
  }

  /** The error line of a bad command line, after checking that it exits 2 and runs nothing. */
  private static String usageError(String... argv) {
    Run r = run(argv);
    assertThat(r.code()).as("bad usage of %s exits 2", List.of(argv)).isEqualTo(ExitCode.USAGE);
    assertThat(r.args()).as("nothing runs on bad usage").isNull();
    return r.err();
  }

  @Test
  void submitTakesOneDayAndFlagsOverrideTheStack() throws Exception {
    EmrArgs a =
        parse(
            "submit",
            "--date",
            "2026-11-22",
            "--application-id",
            "app",
            "--raw=s3://r/telegram",
            "--spark-conf",
            "spark.executor.memory=16g",
            "--dry-run");
    assertThat(a.command()).isEqualTo("submit");
    assertThat(a.days()).containsExactly(LocalDate.parse("2026-11-22"));
    assertThat(a.flags().applicationId()).isEqualTo("app");
    assertThat(a.flags().raw()).isEqualTo("s3://r/telegram");
    assertThat(a.flags().enriched()).as("left for the stack outputs").isNull();
    assertThat(a.sparkConf()).containsEntry("spark.executor.memory", "16g");
    assertThat(a.dryRun()).isTrue();
    assertThat(a.stackName()).isEqualTo("Tglake");
    assertThat(a.attempt()).isEqualTo(1);
  }

  @Test
  void backfillTakesARangeParallelismAndChunkDays() throws Exception {
    EmrArgs a =
        parse(
            "backfill",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-03",
            "--parallel",
            "3",
            "--chunk-days",
            "2");
    assertThat(a.days()).hasSize(3);
    assertThat(a.parallel()).isEqualTo(3);
    assertThat(a.chunkDays()).isEqualTo(2);
    EmrArgs defaults = parse("backfill", "--from", "2026-11-01", "--to", "2026-11-01");
    assertThat(defaults.parallel()).as("default: one run at a time").isEqualTo(1);
    assertThat(defaults.chunkDays()).as("default: the job's month-long pass").isEqualTo(31);
    assertThat(parse("submit", "--date", "2026-11-22").chunkDays()).isEqualTo(1);
  }

  @Test
  void badCommandLinesNameTheProblem() {
    assertThat(usageError()).contains("missing command");
    assertThat(usageError("run")).contains("Unmatched argument at index 0: 'run'");
    assertThat(usageError("submit")).contains("missing --date");
    assertThat(usageError("submit", "--date", "22/11/2026"))
        .contains(
            "Invalid value for option '--date': expected a date YYYY-MM-DD, got '22/11/2026'");
    assertThat(usageError("submit", "--date", "2026-11-22", "--from", "2026-11-01"))
        .contains(": Unknown option")
        .contains("\'--from\'");
    assertThat(usageError("backfill", "--from", "2026-11-05", "--to", "2026-11-01"))
        .contains("--to 2026-11-01 is before --from 2026-11-05");
    assertThat(
            usageError("backfill", "--from", "2026-11-01", "--to", "2026-11-02", "--parallel", "0"))
        .contains("--parallel must be an integer in 1..16");
    assertThat(
            usageError(
                "backfill", "--from", "2026-11-01", "--to", "2026-11-02", "--chunk-days", "0"))
        .contains("--chunk-days must be an integer in 1..400, got '0'");
    assertThat(
            usageError(
                "backfill", "--from", "2026-11-01", "--to", "2026-11-02", "--chunk-days", "401"))
        .contains("--chunk-days must be an integer in 1..400, got '401'");
    assertThat(usageError("submit", "--date", "2026-11-22", "--chunk-days", "2"))
        .as("submit runs one day")
        .contains(": Unknown option")
        .contains("'--chunk-days'");
    assertThat(usageError("submit", "--date", "2026-11-22", "--bogus", "x"))
        .contains("Unknown options: '--bogus', 'x'");
    assertThat(usageError("submit", "--date", "2026-11-22", "--raw", "/local/path"))
        .contains("--raw must be an s3:// URI");
    assertThat(usageError("submit", "--date"))
        .contains("Missing required parameter for option '--date'");
  }

  @Test
  void forgetTakesARequestIdRepeatedUserIdsAndAnOptionalRange() throws Exception {
    EmrArgs a =
        parse(
            "forget",
            "--request-id",
            "DSR-42",
            "--user-id",
            "500000002",
            "--user-id=500000001",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-22",
            "--job-dry-run");
    assertThat(a.command()).isEqualTo("forget");
    assertThat(a.erasure())
        .isEqualTo(
            new Erasure(
                "DSR-42",
                List.of(500000001L, 500000002L),
                LocalDate.parse("2026-11-01"),
                LocalDate.parse("2026-11-22"),
                true));
    assertThat(a.dryRun()).as("--job-dry-run is the job's, --dry-run the CLI's").isFalse();
    EmrArgs everyDay = parse("forget", "--request-id", "DSR-42", "--user-id", "7");
    assertThat(everyDay.erasure().from()).isNull();
    assertThat(everyDay.erasure().jobDryRun()).isFalse();
  }

  @Test
  void badForgetCommandLinesNameTheProblem() {
    assertThat(usageError("forget", "--user-id", "7"))
        .contains("Missing required option: '--request-id=ID'");
    assertThat(usageError("forget", "--request-id", "r"))
        .contains("Missing required option: '--user-id=U'");
    assertThat(usageError("forget", "--request-id", "r", "--user-id", "x"))
        .contains("Invalid value for option '--user-id' (U): 'x' is not a long");
    assertThat(usageError("forget", "--request-id", "r", "--user-id", "7", "--date", "2026-11-22"))
        .contains(": Unknown option")
        .contains("\'--date\'");
    assertThat(usageError("forget", "--request-id", "r", "--user-id", "7", "--from", "2026-11-22"))
        .contains("--from and --to go together");
    assertThat(usageError("forget", "--request-id", "r", "--user-id", "7", "--pseudonymize"))
        .contains("--pseudonymize and --pseudonym-key-secret-id go together");
    assertThat(usageError("submit", "--date", "2026-11-22", "--user-id", "7"))
        .contains(": Unknown option")
        .contains("\'--user-id\'");
    assertThat(usageError("submit", "--date", "2026-11-22", "--job-dry-run"))
        .contains(": Unknown option")
        .contains("\'--job-dry-run\'");
  }

  @Test
  void submitAlsoTakesTheSchedulersFireTimeLikeTheJob() throws Exception {
    EmrArgs a = parse("submit", "--scheduled-time", "2026-11-23T03:00:00Z");
    assertThat(a.days())
        .as("the UTC day before the fire time")
        .containsExactly(LocalDate.parse("2026-11-22"));
    assertThat(
            usageError(
                "submit", "--date", "2026-11-22", "--scheduled-time", "2026-11-23T03:00:00Z"))
        .contains("use only one of");
  }

  @Test
  void optionsOfTheSharedMixinsThatEmrCannotUseAreUnknown() {
    assertThat(
            usageError("submit", "--date", "2026-11-22", "--s3-endpoint", "http://127.0.0.1:9000"))
        .as("EMR reads s3:// with its own connector")
        .contains("'--s3-endpoint'");
    assertThat(
            usageError(
                "backfill",
                "--from",
                "2026-11-01",
                "--to",
                "2026-11-02",
                "--scheduled-time",
                "2026-11-23T03:00:00Z"))
        .contains("'--scheduled-time'");
  }

  @Test
  void helpAnywhereWins() {
    for (String[] argv :
        List.of(
            new String[] {"backfill", "--help"},
            new String[] {"submit", "--date", "2026-11-22", "--help"})) {
      Run help = run(argv);
      assertThat(help.code()).as("help exits 0: %s", List.of(argv)).isEqualTo(ExitCode.OK);
      assertThat(help.args())
          .as("help runs nothing, even after complete options: %s", List.of(argv))
          .isNull();
    }
  }
}
