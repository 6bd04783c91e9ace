package io.tglake.emr;

import io.tglake.cli.Usage;
import java.time.Clock;
import java.time.LocalDate;
import java.util.function.ToIntFunction;
import picocli.CommandLine.Command;

/** {@code tglake emr submit}: the ETL for one day. */
@Command(
    name = "submit",
    footer = EmrSubcommand.TARGET_FOOTER,
    description = {
      "Run the ETL on EMR Serverless for one UTC day: the same job "
          + "(TelegramEtlJob --raw --enriched --date D) the daily schedule runs, logs to EmrLogUri, execution timeout "
          + "120 minutes."
    })
final class SubmitCommand extends EmrSubcommand {
  SubmitCommand(ToIntFunction<EmrArgs> action) {
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
