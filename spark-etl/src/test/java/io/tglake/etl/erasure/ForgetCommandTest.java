package io.tglake.etl.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The forget command line: options to {@link ForgetArgs}, usage errors (exit 2), the default
 * request id.
 */
class ForgetCommandTest {

  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);
  private final List<ForgetArgs> parsed = new ArrayList<>();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Cli.of(
            new ForgetCommand(
                NOW,
                a -> {
                  parsed.add(a);
                  return 0;
                }))
        .err(new PrintWriter(err, true))
        .out(new PrintWriter(new StringWriter(), true))
        .execute(args);
  }

  @Test
  void parsesEveryOptionAsTheEmrSubmitterSendsThem() {
    assertThat(
            run(
                "--raw",
                "s3://raw/telegram",
                "--enriched",
                "s3://lake/enriched",
                "--request-id",
                "dsr-7",
                "--user-id",
                "43",
                "--user-id",
                "42",
                "--from",
                "2026-11-01",
                "--to",
                "2026-11-30",
                "--dry-run"))
        .as("exit code")
        .isZero();
    ForgetArgs a = parsed.get(0);
    assertThat(a.sortedIds()).as("ids").containsExactly(42L, 43L);
    assertThat(a.requestId()).as("request id").isEqualTo("dsr-7");
    assertThat(a.from()).as("from").contains(LocalDate.parse("2026-11-01"));
    assertThat(a.dryRun()).as("dry run").isTrue();
    assertThat(a.pseudonymize()).as("clear lake").isEmpty();
    assertThat(a.covers(LocalDate.parse("2026-12-01"))).as("outside the range").isFalse();
  }

  @Test
  void acceptsTheEtlsGateAndLeaseOptionsForItsRebuilds() {
    assertThat(
            run(
                "--raw",
                "r",
                "--enriched",
                "e",
                "--user-id",
                "42",
                "--max-bad-fraction",
                "0.2",
                "--max-rescued-fraction",
                "0.3",
                "--lease-wait",
                "0"))
        .as("exit code")
        .isZero();
    ForgetArgs a = parsed.get(0);
    assertThat(a.gate().maxBadFraction()).isEqualTo(0.2);
    assertThat(a.gate().safety().maxRescuedFraction()).isEqualTo(0.3);
    assertThat(a.gate().safety().leaseWait()).isEqualTo(java.time.Duration.ZERO);
    run("--raw", "r", "--enriched", "e", "--user-id", "42");
    assertThat(parsed.get(1).gate())
        .as("the ETL's defaults")
        .isEqualTo(io.tglake.etl.GateOptions.Values.DEFAULTS);
    assertThat(run("--raw", "r", "--enriched", "e", "--user-id", "42", "--max-bad-fraction", "2"))
        .as("checked like etl's")
        .isEqualTo(2);
  }

  @Test
  void defaultRequestIdIsStableForTheSameRequestOnTheSameDay() {
    run("--raw", "r", "--enriched", "e", "--user-id", "42", "--user-id", "43");
    run("--raw", "r", "--enriched", "e", "--user-id", "43", "--user-id", "42");
    run("--raw", "r", "--enriched", "e", "--user-id", "42");
    assertThat(parsed.get(0).requestId())
        .as("order of ids does not matter")
        .isEqualTo(parsed.get(1).requestId())
        .startsWith("forget-20261201-")
        .hasSize("forget-20261201-".length() + 12);
    assertThat(parsed.get(2).requestId())
        .as("other people, other id")
        .isNotEqualTo(parsed.get(0).requestId());
    assertThat(parsed.get(0).from()).as("no range = every day").isEqualTo(Optional.empty());
  }

  @Test
  void badOptionsExitWithTwo() {
    assertThat(run("--raw", "r", "--enriched", "e")).as("no user id").isEqualTo(2);
    assertThat(run("--raw", "r", "--enriched", "e", "--user-id", "-100123"))
        .as("a group id")
        .isEqualTo(2);
    assertThat(err.toString()).contains("positive Telegram user id");
    assertThat(run("--raw", "r", "--enriched", "e", "--user-id", "42", "--request-id", "a/b"))
        .as("bad request id")
        .isEqualTo(2);
    assertThat(
            run(
                "--raw",
                "r",
                "--enriched",
                "e",
                "--user-id",
                "42",
                "--from",
                "2026-11-02",
                "--to",
                "2026-11-01"))
        .as("reversed range")
        .isEqualTo(2);
    assertThat(run("--raw", "r", "--enriched", "e", "--user-id", "42", "--pseudonymize"))
        .as("key missing")
        .isEqualTo(2);
    assertThat(run("--enriched", "e", "--user-id", "42")).as("no raw").isEqualTo(2);
    assertThat(parsed).as("nothing ran").isEmpty();
  }
}
