package io.tglake.bench;

import io.tglake.cli.Cli;
import io.tglake.cli.ExitCode;
import io.tglake.cli.Usage;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code bin/tglake bench etl}: the options of {@link EtlBenchmark} and the Spark session it times against. */
@Command(name = "tglake bench etl", sortOptions = false,
    description = "Generates one UTC day of N raw updates (one JSON object per file, mixed layouts, as the ingest "
        + "stores them), runs the real ETL (TelegramEtlJob.run, Spark local[*]) and DuckDB's read_json -> Parquet "
        + "on the same files, and prints wall time, updates/s and the ratio ETL/DuckDB.",
    footer = {"",
        "Memory: bin/tglake gives the JVM -Xmx4g (env TGLAKE_HEAP overrides); DuckDB works off-heap and is capped "
            + "with SET memory_limit (env TGLAKE_DUCKDB_MEMORY, default 3GB).",
        "", "Exit codes: 0 ok, 1 the ETL or DuckDB failed, 2 bad options."})
public final class EtlBenchmarkCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--updates", paramLabel = "N", converter = Count.class,
      description = "updates in the day (default 100000; 1_000_000 and 1,000,000 work too)")
  int updates = 100_000;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "where raw/, enriched/ and duckdb/ go (default: a new temp folder)")
  Path workDir;

  @Option(names = "--keep", description = "keep the work folder (default: delete it at the end)")
  boolean keep;

  @Option(names = "--seed", paramLabel = "S", description = "generator seed (default ${DEFAULT-VALUE})")
  long seed = 7;

  @Option(names = "--duckdb-sampled",
      description = "also time DuckDB with its default sampled column detection (+ ignore_errors): faster, but "
          + "it drops fields the sample did not see, so not the equivalent")
  boolean duckdbSampled;

  @Option(names = "--skip-duckdb", description = "time the ETL only (DuckDB needs minutes per 10^5 files here)")
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
    if (duckdbSampled && skipDuckdb) {
      throw Usage.error(spec, "--duckdb-sampled and --skip-duckdb exclude each other");
    }
    return new EtlBenchmark.Args(updates, Optional.ofNullable(workDir), keep, seed, duckdbSampled, skipDuckdb);
  }

  @Override
  public Integer call() {
    EtlBenchmark.Args args = toArgs();
    long t0 = System.nanoTime();
    SparkSession spark = SparkSession.builder()
        .master("local[*]")
        .appName("tglake-bench-etl")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    double sessionSeconds = (System.nanoTime() - t0) / 1e9;
    try {
      System.out.printf(Locale.ROOT, "spark session start: %.1f s (not compared)%n", sessionSeconds);
      EtlBenchmark.Result r = new EtlBenchmark(System.out).run(spark, args);
      return r.etl().ok() ? ExitCode.OK : ExitCode.FAILED;
    } catch (RuntimeException e) {
      System.err.println("tglake bench etl: " + e);
      return ExitCode.FAILED;
    } finally {
      spark.stop();
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
