package io.tglake.bench;

import io.tglake.bench.DuckDbBaseline.Mode;
import io.tglake.cli.Cli;
import io.tglake.cli.ExitCode;
import io.tglake.cli.Usage;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code bin/tglake bench etl}: the options of {@link EtlBenchmark}. */
@Command(
    name = "tglake bench etl",
    sortOptions = false,
    description =
        "Generates one UTC day of N raw updates (one JSON object per file, mixed layouts, as the ingest "
            + "stores them) once, then times, each --runs times and each as its own process from spawn to exit: the ETL "
            + "as bin/tglake etl runs it (JVM and Spark session start included) and DuckDB writing the day's messages "
            + "with declared columns from the same files; optionally the ETL reading the day from a local S3 server "
            + "with added latency, and DuckDB's schema-detecting reads. Prints every run, median, min-max and ratios.",
    footer = {
      "",
      "Memory: the ETL gets bin/tglake's -Xmx4g (env TGLAKE_HEAP overrides); DuckDB works off-heap and is capped "
          + "with SET memory_limit (env TGLAKE_DUCKDB_MEMORY, default 3GB); the local S3 server holds the objects "
          + "in a 2 GB heap.",
      "",
      "Class data: the ETL runs map bin/tglake etl's class-data archive (spark-etl/target/tglake-etl.jsa, "
          + "classes pre-parsed and verified: a faster JVM and Spark start). When it is missing or older than the "
          + "build, one untimed ETL run writes it first. TGLAKE_ETL_CDS=0 runs every ETL without it.",
      "",
      "Exit codes: 0 ok, 1 a run failed or DuckDB's messages rows differ from the ETL's, 2 bad options."
    })
public final class EtlBenchmarkCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--updates",
      paramLabel = "N",
      converter = Count.class,
      description = "updates in the day (default 100000; 1_000_000 and 1,000,000 work too)")
  int updates = 100_000;

  @Option(
      names = "--runs",
      paramLabel = "N",
      converter = Count.class,
      description = "runs per mode; median and min-max over them (default ${DEFAULT-VALUE})")
  int runs = 3;

  @Option(
      names = "--s3-latency-ms",
      paramLabel = "N",
      converter = Count.class,
      description =
          "also run the ETL on the same objects uploaded to a local s3proxy behind a proxy adding N ms "
              + "to every request (--raw s3a://..., enriched on local disk), and print S3 vs local disk")
  Integer s3LatencyMs;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "where raw/, enriched/, duckdb/ and logs/ go (default: a new temp folder)")
  Path workDir;

  @Option(names = "--keep", description = "keep the work folder (default: delete it at the end)")
  boolean keep;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "generator seed (default ${DEFAULT-VALUE})")
  long seed = 7;

  @Option(
      names = "--duckdb-full",
      description =
          "also time DuckDB reading every column with the schema detected from every object "
              + "(lossless; minutes per 10^5 files here)")
  boolean duckdbFull;

  @Option(
      names = "--duckdb-sampled",
      description =
          "also time DuckDB with its default sampled column detection (+ ignore_errors): it drops "
              + "fields the sample did not see, so not the equivalent")
  boolean duckdbSampled;

  @Option(
      names = "--skip-duckdb",
      description = "time the ETL only (e.g. to check that it scales to 10^6 updates)")
  boolean skipDuckdb;

  /** Command line entry point. */
  public static void main(String[] argv) {
    System.exit(Cli.of(new EtlBenchmarkCommand()).execute(argv));
  }

  /**
   * Parses {@code argv} as the command line does.
   *
   * @throws picocli.CommandLine.ParameterException for bad options
   */
  static EtlBenchmark.Args parse(String[] argv) {
    EtlBenchmarkCommand command = new EtlBenchmarkCommand();
    Cli.of(command).commandLine().parseArgs(argv);
    return command.toArgs();
  }

  EtlBenchmark.Args toArgs() {
    if (updates < 1) {
      throw Usage.error(spec, "--updates must be >= 1, got " + updates);
    }
    if (runs < 1) {
      throw Usage.error(spec, "--runs must be >= 1, got " + runs);
    }
    if (s3LatencyMs != null && s3LatencyMs < 0) {
      throw Usage.error(spec, "--s3-latency-ms must be >= 0, got " + s3LatencyMs);
    }
    if ((duckdbSampled || duckdbFull) && skipDuckdb) {
      throw Usage.error(
          spec, "--duckdb-sampled/--duckdb-full and --skip-duckdb exclude each other");
    }
    EnumSet<Mode> modes = EnumSet.noneOf(Mode.class);
    if (!skipDuckdb) {
      modes.add(Mode.DECLARED);
    }
    if (duckdbFull) {
      modes.add(Mode.FULL_SCHEMA);
    }
    if (duckdbSampled) {
      modes.add(Mode.SAMPLED);
    }
    return new EtlBenchmark.Args(
        updates,
        Optional.ofNullable(workDir),
        keep,
        seed,
        runs,
        modes,
        s3LatencyMs == null ? OptionalInt.empty() : OptionalInt.of(s3LatencyMs));
  }

  @Override
  public Integer call() {
    EtlBenchmark.Args args = toArgs();
    // bin/tglake passes the checkout so that the ETL runs on spark-etl's own classpath, as
    // bin/tglake etl does.
    Optional<Path> home = Optional.ofNullable(System.getProperty("tglake.home")).map(Path::of);
    try {
      EtlBenchmark.Result r = new EtlBenchmark(System.out, ChildJvm.of(home)).run(args);
      if (!r.messagesMatch()) {
        System.err.println(
            "tglake bench etl: DuckDB's and the ETL's messages are not the same output"
                + r.messagesDiff().map(d -> ": " + d.describe()).orElse(""));
        return ExitCode.FAILED;
      }
      return ExitCode.OK;
    } catch (RuntimeException e) {
      System.err.println("tglake bench etl: " + e.getMessage());
      return ExitCode.FAILED;
    }
  }

  /** Whole numbers with optional digit grouping ({@code 1_000_000}, {@code 1,000,000}). */
  static final class Count implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        return Integer.parseInt(value.replace("_", "").replace(",", ""));
      } catch (NumberFormatException e) {
        throw new TypeConversionException("expected a whole number, got '" + value + "'");
      }
    }
  }
}
