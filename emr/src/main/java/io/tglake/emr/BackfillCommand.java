package io.tglake.emr;

import io.tglake.cli.Usage;
import java.time.Clock;
import java.util.function.ToIntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tglake emr backfill}: the ETL for a range of days, in chunks. */
@Command(
    name = "backfill",
    footer = EmrSubcommand.TARGET_FOOTER,
    description = {
      "Run the ETL for every UTC day of a range: one run per chunk of --chunk-days days "
          + "(TelegramEtlJob --from --to --chunk-days --run-kind backfill: the chunk's days read in one pass, each "
          + "day still judged, overwritten and reported on its own), at most --parallel at a time, at most "
          + JobRunRequests.MAX_BACKFILL_DAYS
          + " days. Execution timeout per run: 120 minutes plus "
          + JobRunRequests.EXECUTION_TIMEOUT_MINUTES_PER_EXTRA_DAY
          + " per further day, at most "
          + JobRunRequests.MAX_EXECUTION_TIMEOUT_MINUTES
          + "."
    })
final class BackfillCommand extends EmrSubcommand {
  @Option(
      names = "--parallel",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "concurrent chunk runs (default ${DEFAULT-VALUE}: one run already peaks at 14 of the "
              + "application's 16 vCPU; max "
              + EmrArgs.MAX_PARALLEL
              + ")")
  int parallel;

  @Option(
      names = "--chunk-days",
      paramLabel = "N",
      defaultValue = "" + JobRunRequests.DEFAULT_CHUNK_DAYS,
      description =
          "most days of one job run, passed to the job as its --chunk-days (default "
              + "${DEFAULT-VALUE}, max "
              + JobRunRequests.MAX_BACKFILL_DAYS
              + "; 1 = one run per day)")
  int chunkDays;

  BackfillCommand(ToIntFunction<EmrArgs> action) {
    super(action);
  }

  @Override
  EmrArgs toArgs() {
    if (days.from().isEmpty() || days.to().isEmpty()) {
      throw Usage.error(
          spec, "missing " + (days.from().isEmpty() ? "--from" : "--to") + " YYYY-MM-DD");
    }
    var range = days.resolve(Clock.systemUTC());
    try {
      JobRunRequests.days(range.from(), range.to());
    } catch (IllegalArgumentException e) {
      throw Usage.error(spec, e.getMessage());
    }
    return args(
        range.from(),
        range.to(),
        range("--parallel", parallel, 1, EmrArgs.MAX_PARALLEL),
        range("--chunk-days", chunkDays, 1, JobRunRequests.MAX_BACKFILL_DAYS),
        null);
  }
}
