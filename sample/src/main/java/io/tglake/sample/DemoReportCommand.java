package io.tglake.sample;

import io.tglake.cli.Cli;
import io.tglake.cli.DayOptions;
import io.tglake.cli.DayRange;
import io.tglake.cli.ExitCode;
import io.tglake.cli.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/tglake demo-report}: the options of {@link DemoReport} and a local Spark session to
 * run it in.
 */
@Command(
    name = "tglake demo-report",
    sortOptions = false,
    description =
        "Prints busiest local hours, top questions and commands, resolution rate and requests for a "
            + "human, read from the enriched Parquet tables with Spark SQL (local, no cluster). Day options limit "
            + "the UTC partition days (context_date); without any, all days are read.",
    footer = {"", "Exit codes: 0 ok, 1 no messages table found, 2 bad options."})
public final class DemoReportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--enriched",
      paramLabel = "DIR",
      description = "enriched lake root (default ./lake/enriched)")
  Path enriched = Path.of("lake", "enriched");

  @Mixin DayOptions days;

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      converter = TrafficOptions.Zone.class,
      description = "local zone for hours (default America/Sao_Paulo)")
  ZoneId zone = TrafficSpec.DEFAULT_ZONE;

  @Option(
      names = "--top",
      paramLabel = "N",
      description = "rows per ranking (default ${DEFAULT-VALUE})")
  int top = 8;

  private final Clock clock;

  /** The production wiring: the system clock. */
  public DemoReportCommand() {
    this(Clock.systemUTC());
  }

  /**
   * @param clock "now" for the day options (--scheduled-time, default day)
   */
  public DemoReportCommand(Clock clock) {
    this.clock = clock;
  }

  /** Command line entry point. */
  public static void main(String[] argv) {
    System.exit(Cli.of(new DemoReportCommand()).execute(argv));
  }

  /**
   * Parses {@code argv} as the command line does.
   *
   * @throws picocli.CommandLine.ParameterException for bad options
   */
  public static DemoReport.Args parse(String[] argv, Clock clock) {
    DemoReportCommand command = new DemoReportCommand(clock);
    Cli.of(command).commandLine().parseArgs(argv);
    return command.toArgs();
  }

  DemoReport.Args toArgs() {
    if (top < 1) {
      throw Usage.error(spec, "--top must be >= 1, got " + top);
    }
    Optional<DayRange> range = days.given() ? Optional.of(days.resolve(clock)) : Optional.empty();
    return new DemoReport.Args(
        enriched, zone, range.map(DayRange::from), range.map(DayRange::to), top);
  }

  @Override
  public Integer call() {
    DemoReport.Args args = toArgs();
    if (!Files.isDirectory(args.enriched().resolve("messages"))) {
      spec.commandLine()
          .getErr()
          .println(
              "tglake demo-report: no messages table under "
                  + args.enriched()
                  + " (run the ETL first)");
      return ExitCode.FAILED;
    }
    SparkSession spark =
        SparkSession.builder()
            .master("local[*]")
            .appName("tglake-demo-report")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      new DemoReport(spark, System.out).print(args);
    } finally {
      spark.stop();
    }
    return ExitCode.OK;
  }
}
