package io.tglake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;

class DayOptionsTest {

  /**
   * 00:30 UTC on Nov 23 is still Nov 22 in São Paulo: the default must use UTC, not the clock's
   * zone.
   */
  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-11-23T00:30:00Z"), ZoneId.of("America/Sao_Paulo"));

  @Command(name = "days-cmd")
  static class DaysCommand {
    @Mixin DayOptions days;
  }

  private static DayOptions parse(String... argv) {
    DaysCommand cmd = new DaysCommand();
    new CommandLine(cmd).parseArgs(argv);
    return cmd.days;
  }

  private static LocalDate d(String s) {
    return LocalDate.parse(s);
  }

  @Test
  void noOptionMeansYesterdayUtcByTheClock() {
    DayOptions o = parse();
    assertThat(o.given()).as("nothing given").isFalse();
    assertThat(o.days(NOW)).as("yesterday in UTC").containsExactly(d("2026-11-22"));
  }

  @Test
  void dateSelectsOneDay() {
    assertThat(parse("--date", "2026-02-28").days(NOW)).containsExactly(d("2026-02-28"));
    assertThat(parse("--date=2026-02-28").date()).as("--opt=value form").contains(d("2026-02-28"));
  }

  @Test
  void rangeIsInclusiveAndCrossesMonths() {
    DayRange r = parse("--from", "2026-11-29", "--to", "2026-12-02").resolve(NOW);
    assertThat(r.from()).isEqualTo(d("2026-11-29"));
    assertThat(r.to()).isEqualTo(d("2026-12-02"));
    assertThat(r.days())
        .containsExactly(d("2026-11-29"), d("2026-11-30"), d("2026-12-01"), d("2026-12-02"));
  }

  @Test
  void scheduledTimeIsTheUtcDayBeforeTheInstant() {
    assertThat(parse("--scheduled-time", "2026-11-23T03:00:00Z").days(NOW))
        .containsExactly(d("2026-11-22"));
    assertThat(parse("--scheduled-time", "2026-11-23T00:00:00-03:00").days(NOW))
        .as("03:00 UTC on Nov 23 after converting the offset")
        .containsExactly(d("2026-11-22"));
    assertThat(parse("--scheduled-time", "2026-11-22T23:59:59-03:00").days(NOW))
        .as("02:59:59 UTC on Nov 23")
        .containsExactly(d("2026-11-22"));
    assertThat(parse("--scheduled-time", "2026-03-01T00:00:00Z").days(NOW))
        .as("the day before March 1st")
        .containsExactly(d("2026-02-28"));
  }

  @Test
  void conflictingOrIncompleteSelectionsAreUsageErrors() {
    assertThatThrownBy(
            () ->
                parse("--date", "2026-11-22", "--from", "2026-11-20", "--to", "2026-11-21")
                    .resolve(NOW))
        .isInstanceOf(ParameterException.class)
        .hasMessage("use only one of --date, --from/--to, --scheduled-time");
    assertThatThrownBy(
            () ->
                parse("--date", "2026-11-22", "--scheduled-time", "2026-11-23T03:00:00Z")
                    .resolve(NOW))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("only one of");
    assertThatThrownBy(() -> parse("--from", "2026-11-20").resolve(NOW))
        .isInstanceOf(ParameterException.class)
        .hasMessage("--from and --to go together");
    assertThatThrownBy(() -> parse("--to", "2026-11-20").resolve(NOW))
        .isInstanceOf(ParameterException.class)
        .hasMessage("--from and --to go together");
    assertThatThrownBy(() -> parse("--from", "2026-11-22", "--to", "2026-11-21").resolve(NOW))
        .isInstanceOf(ParameterException.class)
        .hasMessage("--to 2026-11-21 is before --from 2026-11-22");
  }

  @Test
  void malformedValuesNameTheExpectedForm() {
    assertThatThrownBy(() -> parse("--date", "22/11/2026"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--date")
        .hasMessageContaining("YYYY-MM-DD")
        .hasMessageContaining("22/11/2026");
    assertThatThrownBy(() -> parse("--scheduled-time", "tomorrow"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--scheduled-time")
        .hasMessageContaining("ISO-8601 instant");
  }

  @Test
  void dayRangeRejectsReversedBoundsWhenBuiltInJava() {
    assertThatThrownBy(() -> new DayRange(d("2026-11-22"), d("2026-11-21")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("before");
    assertThat(DayRange.of(d("2026-11-22")).days()).containsExactly(d("2026-11-22"));
  }

  @Test
  void theClockZoneDoesNotShiftTheDefaultDay() {
    Clock utc = Clock.fixed(Instant.parse("2026-11-23T00:30:00Z"), ZoneOffset.UTC);
    assertThat(parse().days(utc)).isEqualTo(parse().days(NOW));
  }
}
