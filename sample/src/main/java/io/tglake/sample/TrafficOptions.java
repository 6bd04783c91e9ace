package io.tglake.sample;

import io.tglake.cli.DayOptions;
import io.tglake.cli.Usage;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The traffic options of {@code generate} and {@code demo-bot}, defined once: the demo bot answers
 * exactly the updates the generator sends only when both read the same options the same way. Add
 * with {@code @Mixin TrafficOptions traffic;}. {@code --start-date} is each command's own: the
 * generator defaults it to "the last day is today", the bot requires it.
 */
final class TrafficOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(names = "--days", paramLabel = "N", description = "consecutive UTC days (default 3)")
  int days = 3;

  @Option(
      names = "--updates-per-day",
      paramLabel = "N",
      description = "distinct updates per day, redeliveries on top (default ${DEFAULT-VALUE})")
  int updatesPerDay = 2000;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "random seed (default ${DEFAULT-VALUE})")
  long seed = 42;

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      converter = Zone.class,
      description = "users' local zone for the daily rhythm (default America/Sao_Paulo)")
  ZoneId zone = TrafficSpec.DEFAULT_ZONE;

  @Option(
      names = "--arrival-from",
      paramLabel = "YYYY-MM-DD",
      converter = DayOptions.IsoDate.class,
      description = "only deliveries arriving on or after this UTC day")
  LocalDate arrivalFrom;

  @Option(
      names = "--arrival-to",
      paramLabel = "YYYY-MM-DD",
      converter = DayOptions.IsoDate.class,
      description = "only deliveries arriving on or before this UTC day")
  LocalDate arrivalTo;

  /** {@code --days} as given (the generator's default start date counts back from it). */
  int days() {
    return days;
  }

  Optional<LocalDate> arrivalFrom() {
    return Optional.ofNullable(arrivalFrom);
  }

  Optional<LocalDate> arrivalTo() {
    return Optional.ofNullable(arrivalTo);
  }

  /**
   * The traffic from {@code startDate} on.
   *
   * @throws picocli.CommandLine.ParameterException for values picocli cannot check (exit 2)
   */
  TrafficSpec spec(LocalDate startDate) {
    positive(mixee, "--days", days);
    positive(mixee, "--updates-per-day", updatesPerDay);
    if (arrivalFrom != null && arrivalTo != null && arrivalTo.isBefore(arrivalFrom)) {
      throw Usage.error(
          mixee, "--arrival-to " + arrivalTo + " is before --arrival-from " + arrivalFrom);
    }
    return new TrafficSpec(startDate, days, updatesPerDay, seed, zone);
  }

  /** A count option of {@code command}: a usage error (exit 2) below 1. */
  static void positive(CommandSpec command, String option, int value) {
    if (value < 1) {
      throw Usage.error(command, option + " must be a whole number >= 1, got " + value);
    }
  }

  /** IANA zones with a message that shows the expected form. */
  static final class Zone implements ITypeConverter<ZoneId> {
    @Override
    public ZoneId convert(String value) {
      try {
        return ZoneId.of(value);
      } catch (DateTimeException e) {
        throw new TypeConversionException(
            "expected an IANA zone like America/Sao_Paulo, got '" + value + "'");
      }
    }
  }
}
