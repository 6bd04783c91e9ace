package io.tglake.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.cli.Cli;
import io.tglake.cli.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class QueryCommandTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /**
   * The options the real command line hands its action (which then does nothing), after checking it
   * exits 0.
   */
  private static QueryCommand.Args parse(String... argv) {
    AtomicReference<QueryCommand.Args> handed = new AtomicReference<>();
    StringWriter err = new StringWriter();
    int code =
        Cli.of(
                QueryOptions.commandLine(
                    CLOCK,
                    a -> {
                      handed.set(a);
                      return ExitCode.OK;
                    }))
            .out(new PrintWriter(new StringWriter(), true))
            .err(new PrintWriter(err, true))
            .execute(argv);
    assertThat(code).as("exit code of %s (stderr: %s)", List.of(argv), err).isEqualTo(ExitCode.OK);
    assertThat(handed.get()).as("the action runs with the parsed options").isNotNull();
    return handed.get();
  }

  private int run(String... args) {
    QueryCommand command =
        new QueryCommand(
            Map.of(),
            a -> {
              throw new AssertionError("no Athena client in unit tests");
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return command.run(args, CLOCK);
  }

  @Test
  void helpExitsZeroAndListsTheOptions() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("--date", "--from", "--enriched", "--tz", "--athena", "--workgroup")
        .doesNotContain("--raw", "--s3-endpoint");
  }

  @Test
  void listShowsEveryQueryWithItsQuestion() {
    assertThat(run("--list")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("messages_per_day", "how many messages", "activity_hour_weekday_local");
  }

  @Test
  void defaultsToYesterdayUtcOnTheLocalLake() throws Exception {
    QueryCommand.Args args = parse("messages_per_day");
    assertThat(args.parameters()).isEqualTo(QueryParameters.day(LocalDate.parse("2026-11-22")));
    assertThat(args.athena()).isFalse();
    assertThat(args.tz()).isEqualTo("America/Sao_Paulo");
    assertThat(args.lake().toString()).endsWith("lake/enriched");
  }

  @Test
  void theLakeIsTheSharedEnrichedOptionAndItsFormerNameStillWorks() throws Exception {
    assertThat(parse("messages_per_day", "--enriched", "/data/lake/enriched").lake())
        .isEqualTo(Path.of("/data/lake/enriched"));
    assertThat(parse("messages_per_day", "--lake", "/data/old").lake())
        .isEqualTo(Path.of("/data/old"));
    assertThat(run("messages_per_day", "--lake", "/a", "--enriched", "/b")).isEqualTo(2);
    assertThat(run("messages_per_day", "--raw", "/a"))
        .as("only --enriched of the shared lake options")
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(
            "former name of --enriched", "Unknown option: '--raw'", "Try 'tglake query --help'.");
  }

  @Test
  void daysComeFromTheSharedDayOptions() throws Exception {
    assertThat(parse("top_words", "--from", "2026-11-01", "--to", "2026-11-30").parameters())
        .isEqualTo(
            new QueryParameters(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30")));
    assertThat(parse("top_words", "--scheduled-time", "2026-11-23T03:00:00Z").parameters())
        .as("the UTC day before, as the ETL")
        .isEqualTo(QueryParameters.day(LocalDate.parse("2026-11-22")));
    assertThat(
            run("top_words", "--date", "2026-11-20", "--from", "2026-11-01", "--to", "2026-11-30"))
        .isEqualTo(2);
    assertThat(run("top_words", "--from", "2026-11-30", "--to", "2026-11-01")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("use only one of", "--to 2026-11-01 is before --from");
  }

  @Test
  void runsSeveralQueriesAndTakesTheWarmServersIdleTimeout() throws Exception {
    QueryCommand.Args args = parse("top_questions", "top_commands", "--idle-timeout", "90s");
    assertThat(args.queries()).containsExactly("top_questions", "top_commands");
    assertThat(args.idleTimeout()).isEqualTo(java.time.Duration.ofSeconds(90));
    assertThat(parse("top_words").idleTimeout())
        .as("default")
        .isEqualTo(java.time.Duration.ofMinutes(15));
    assertThat(parse("--start", "--idle-timeout", "1h"))
        .as("--start needs no query")
        .extracting(QueryCommand.Args::startOnly, QueryCommand.Args::idleTimeout)
        .containsExactly(true, java.time.Duration.ofHours(1));
    assertThat(parse("--stop").stopTrino()).isTrue();
    assertThat(run("top_words", "--idle-timeout", "0m")).isEqualTo(2);
    assertThat(run("top_words", "--idle-timeout", "15 minutes")).isEqualTo(2);
    assertThat(run("--start", "--athena", "--workgroup", "wg")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(
            "--idle-timeout (or TGLAKE_TRINO_IDLE_TIMEOUT) must "
                + "look like 15m, 90s or 1h, got 15 minutes",
            "--start/--stop are about the local Trino server");
  }

  @Test
  void badOptionsExitTwoWithAMessage() {
    assertThat(run("messages_per_day", "--date", "2026-13-01")).isEqualTo(2);
    assertThat(run("messages_per_day", "--from", "2026-11-20")).isEqualTo(2);
    assertThat(run("messages_per_day", "--athena")).isEqualTo(2);
    assertThat(run("messages_per_day", "--athena", "--workgroup", "wg", "--tz", "UTC"))
        .isEqualTo(2);
    assertThat(run("messages_per_day", "--workgroup", "wg")).isEqualTo(2);
    assertThat(run("messages_per_day", "--tz", "Mars/Olympus")).isEqualTo(2);
    assertThat(run("--bogus")).isEqualTo(2);
    assertThat(run()).isEqualTo(2);
    assertThat(run("no_such_query", "--date", "2026-11-20")).isEqualTo(2);
    assertThat(run("--create-view")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(
            "Invalid value for option '--date': expected a date YYYY-MM-DD",
            "--from and --to go together",
            "--athena needs --workgroup",
            "--tz applies to the local lake",
            "need --athena",
            "IANA zone",
            "Unknown option: '--bogus'",
            "no such query: no_such_query",
            "--create-view is for Athena");
  }

  @Test
  void stopTrinoNeedsNoQueryAndSaysWhenNothingRunsAndIdleTimeoutReachesTheArgs(
      @org.junit.jupiter.api.io.TempDir Path lake) throws Exception {
    assertThat(run("--stop-trino", "--enriched", lake.toString()))
        .as("nothing to stop is not an error")
        .isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no Trino running for ");
    assertThat(parse("messages_per_day", "--idle-timeout", "90s").idleTimeout())
        .as("--idle-timeout")
        .isEqualTo(java.time.Duration.ofSeconds(90));
  }
}
