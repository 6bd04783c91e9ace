package io.tglake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class CliTest {

  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-11-23T00:30:00Z"), ZoneOffset.UTC);

  static final class Busy extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Busy(String message) {
      super(message);
    }
  }

  @Command(name = "tglake sample", description = "A command like the real ones.")
  static class SampleCommand implements Callable<Integer> {
    @Mixin LakeOptions lake;
    @Mixin DayOptions days;

    @Option(names = "--outcome", description = "ok, fail, busy, crash")
    String outcome = "ok";

    List<LocalDate> ran;

    @Override
    public Integer call() {
      lake.requireRaw();
      ran = days.days(NOW);
      return switch (outcome) {
        case "ok" -> ExitCode.OK;
        case "fail" -> ExitCode.FAILED;
        case "busy" ->
            throw new IllegalStateException(
                "wrapped", new Busy("day 2026-11-22 is held by run r-1"));
        default -> throw new IllegalStateException("boom");
      };
    }
  }

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private SampleCommand command;

  /** A fresh command per run, as in main(). */
  private int run(String... args) {
    command = new SampleCommand();
    return Cli.of(command)
        .exitCode(Busy.class, ExitCode.BUSY)
        .out(new PrintWriter(out, true))
        .err(new PrintWriter(err, true))
        .execute(args);
  }

  @Test
  void successReturnsZeroAndRunsTheResolvedDays() {
    assertThat(run("--raw", "r", "--from", "2026-11-20", "--to", "2026-11-21"))
        .isEqualTo(ExitCode.OK);
    assertThat(command.ran)
        .containsExactly(LocalDate.parse("2026-11-20"), LocalDate.parse("2026-11-21"));
    assertThat(err.toString()).as("nothing on stderr").isEmpty();
  }

  @Test
  void theCommandsOwnCodeIsTheExitCode() {
    assertThat(run("--raw", "r", "--outcome", "fail")).isEqualTo(ExitCode.FAILED);
  }

  @Test
  void helpIsGeneratedListsTheSharedOptionsAndExitsZero() {
    assertThat(run("--help")).isEqualTo(ExitCode.OK);
    assertThat(out.toString())
        .startsWith("Usage: tglake sample")
        .contains(
            "--raw=URI",
            "--enriched=URI",
            "--s3-endpoint=URL",
            "--date=YYYY-MM-DD",
            "--from=YYYY-MM-DD",
            "--to=YYYY-MM-DD",
            "--scheduled-time=ISO-INSTANT",
            "--outcome",
            "-h, --help");
    assertThat(command.ran).as("help does not run the command").isNull();
  }

  @Test
  void unknownOptionIsUsageErrorWithAPointerToHelp() {
    assertThat(run("--raw", "r", "--bogus", "1")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString())
        .contains("tglake sample: Unknown option")
        .contains("'--bogus'")
        .contains("Try 'tglake sample --help'.");
    assertThat(command.ran).isNull();
  }

  @Test
  void malformedValueIsUsageError() {
    assertThat(run("--raw", "r", "--date", "2026-13-01")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--date").contains("YYYY-MM-DD");
  }

  @Test
  void usageErrorsFoundAfterParsingAreExitTwoToo() {
    assertThat(run("--date", "2026-11-22")).as("missing --raw").isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("tglake sample: --raw is required");
    assertThat(run("--raw", "r", "--from", "2026-11-22", "--to", "2026-11-21"))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--to 2026-11-21 is before --from 2026-11-22");
  }

  @Test
  void mappedExceptionAnywhereInTheCauseChainGivesItsCode() {
    assertThat(run("--raw", "r", "--outcome", "busy")).isEqualTo(ExitCode.BUSY);
    assertThat(err.toString()).contains("held by run r-1").doesNotContain("\tat ");
  }

  @Test
  void unexpectedExceptionIsFailedWithItsStackTrace() {
    assertThat(run("--raw", "r", "--outcome", "crash")).isEqualTo(ExitCode.FAILED);
    assertThat(err.toString())
        .contains("tglake sample: failed: java.lang.IllegalStateException: boom")
        .contains("\tat ");
  }
}
