package io.tglake.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * Which UTC days to process: {@code --date D} | {@code --from D --to D} | {@code --scheduled-time
 * INSTANT}, shared by every command that works on days. Add with {@code @Mixin DayOptions days;}.
 *
 * <p>{@link #resolve(Clock)} applies the rules of the ETL contract: at most one selection; none
 * means yesterday (UTC) by the given clock; {@code --scheduled-time} means the UTC day before the
 * instant (the EventBridge Scheduler passes its fire time, which is after the day it should
 * process). Commands with other rules (a submit that needs exactly {@code --date}) read the raw
 * values through the accessors.
 */
public class DayOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--date",
      paramLabel = "YYYY-MM-DD",
      converter = IsoDate.class,
      description = "one UTC day")
  LocalDate date;

  @Option(
      names = "--from",
      paramLabel = "YYYY-MM-DD",
      converter = IsoDate.class,
      description = "first UTC day of a range (inclusive, with --to)")
  LocalDate from;

  @Option(
      names = "--to",
      paramLabel = "YYYY-MM-DD",
      converter = IsoDate.class,
      description = "last UTC day of a range (inclusive, with --from)")
  LocalDate to;

  @Option(
      names = "--scheduled-time",
      paramLabel = "ISO-INSTANT",
      converter = IsoInstant.class,
      description = "scheduler fire time, e.g. 2026-11-23T03:00:00Z; selects the UTC day before it")
  Instant scheduledTime;

  public Optional<LocalDate> date() {
    return Optional.ofNullable(date);
  }

  public Optional<LocalDate> from() {
    return Optional.ofNullable(from);
  }

  public Optional<LocalDate> to() {
    return Optional.ofNullable(to);
  }

  public Optional<Instant> scheduledTime() {
    return Optional.ofNullable(scheduledTime);
  }

  /** True when any day option was given. */
  public boolean given() {
    return date != null || from != null || to != null || scheduledTime != null;
  }

  /**
   * The selected days.
   *
   * @param clock "now" for the default (yesterday, UTC)
   * @throws picocli.CommandLine.ParameterException for conflicting or incomplete options (exit 2)
   */
  public DayRange resolve(Clock clock) {
    int selections =
        (date != null ? 1 : 0)
            + (from != null || to != null ? 1 : 0)
            + (scheduledTime != null ? 1 : 0);
    if (selections > 1) {
      throw Usage.error(mixee, "use only one of --date, --from/--to, --scheduled-time");
    }
    if (date != null) {
      return DayRange.of(date);
    }
    if (from != null || to != null) {
      if (from == null || to == null) {
        throw Usage.error(mixee, "--from and --to go together");
      }
      if (to.isBefore(from)) {
        throw Usage.error(mixee, "--to " + to + " is before --from " + from);
      }
      return new DayRange(from, to);
    }
    if (scheduledTime != null) {
      return DayRange.of(LocalDate.ofInstant(scheduledTime, ZoneOffset.UTC).minusDays(1));
    }
    return DayRange.of(LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(1));
  }

  /** {@link #resolve(Clock)} as a list of days, in order. */
  public List<LocalDate> days(Clock clock) {
    return resolve(clock).days();
  }

  /** ISO dates with a message that shows the expected form. */
  public static final class IsoDate implements ITypeConverter<LocalDate> {
    @Override
    public LocalDate convert(String value) {
      try {
        return LocalDate.parse(value);
      } catch (DateTimeParseException e) {
        throw new TypeConversionException("expected a date YYYY-MM-DD, got '" + value + "'");
      }
    }
  }

  /** ISO-8601 instants; an offset ({@code -03:00}) is converted to UTC. */
  public static final class IsoInstant implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "expected an ISO-8601 instant like 2026-11-23T03:00:00Z, got '" + value + "'");
      }
    }
  }
}
