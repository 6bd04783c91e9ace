package io.tglake.bench;

import io.tglake.etl.DayResult;
import io.tglake.etl.JobArgs;
import io.tglake.etl.RunResult;
import io.tglake.etl.TelegramEtlJob;
import io.tglake.sample.RawDirectorySink;
import io.tglake.sample.SupportBotTraffic;
import io.tglake.sample.TrafficSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bin/tglake bench etl}: how fast is the ETL on one day of N tiny one-update objects, compared with DuckDB
 * doing the equivalent read (JSON with schema detection, any layout) → Parquet on the very same files, in the same
 * run. Prints wall times, updates/s and the ratio ETL/DuckDB; asserts nothing about time (numbers, not tests).
 *
 * <p>Timed parts: {@link TelegramEtlJob#run} for the day (session start-up reported separately, as on EMR it is
 * paid once per job), and DuckDB's {@code COPY (SELECT * FROM read_json(...)) TO ... (FORMAT parquet)} from opening
 * the connection to the file being written. Generating the raw files is reported but not compared; both readers
 * then find the files in the OS page cache. The command line is {@link EtlBenchmarkCommand}.
 */
public final class EtlBenchmark {

  /** The benchmark's day (a Monday; any fixed day keeps runs comparable). */
  static final LocalDate DAY = LocalDate.of(2026, 3, 2);

  /**
   * Options.
   *
   * @param updates updates in the day
   * @param workDir work folder, or empty for a new temp folder
   * @param keep keep the work folder
   * @param seed generator seed
   * @param duckdbSampled also time DuckDB with its default sampled schema detection (lossy here)
   * @param skipDuckdb time the ETL only (e.g. to check that it scales linearly to 10^6 updates)
   */
  public record Args(int updates, Optional<Path> workDir, boolean keep, long seed, boolean duckdbSampled,
      boolean skipDuckdb) {}

  /**
   * Measured numbers.
   *
   * @param updates updates generated
   * @param files raw objects written
   * @param rawBytes their total size
   * @param generateSeconds time to write the raw day (not compared)
   * @param etl the ETL's own report of the day
   * @param etlSeconds wall time of {@link TelegramEtlJob#run}
   * @param duckdbRows rows DuckDB wrote (-1 when skipped)
   * @param duckdbSeconds wall time of the DuckDB read → Parquet with the schema detected from every object (NaN
   *     when skipped)
   * @param duckdbSampledSeconds the same with DuckDB's default sampled detection and ignore_errors (lossy), NaN
   *     unless asked for
   * @param workDir where the files are
   */
  public record Result(long updates, long files, long rawBytes, double generateSeconds, DayResult etl,
      double etlSeconds, long duckdbRows, double duckdbSeconds, double duckdbSampledSeconds, Path workDir) {

    /** ETL wall time divided by DuckDB's (the target: at most 0.5). */
    public double ratio() {
      return etlSeconds / duckdbSeconds;
    }
  }

  private final PrintStream out;

  /** @param out where progress and results go */
  public EtlBenchmark(PrintStream out) {
    this.out = out;
  }

  /** Runs generate → ETL → DuckDB and prints the numbers; deletes the work folder unless {@code keep}. */
  public Result run(SparkSession spark, Args args) {
    Path work;
    try {
      work = args.workDir().isPresent() ? Files.createDirectories(args.workDir().get())
          : Files.createTempDirectory("tglake-bench-");
      for (String sub : new String[] {"raw", "enriched", "duckdb"}) {
        deleteTree(work.resolve(sub));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path raw = work.resolve("raw");
    Path enriched = work.resolve("enriched");
    int cores = Runtime.getRuntime().availableProcessors();
    out.printf(Locale.ROOT, "bench etl: %,d updates on %s, %d cores, max heap %d MiB, work dir %s%n",
        args.updates(), DAY, cores, Runtime.getRuntime().maxMemory() >> 20, work);

    long t = System.nanoTime();
    long files;
    try (RawDirectorySink sink = new RawDirectorySink(raw, 4)) {
      new SupportBotTraffic(new TrafficSpec(DAY, 1, args.updates(), args.seed(), TrafficSpec.DEFAULT_ZONE))
          .generate(sink);
      sink.close();
      files = sink.written();
    }
    double generateSeconds = seconds(t);
    Path day = raw.resolve("context_date=" + DAY);
    long bytes = sizeOf(day);
    out.printf(Locale.ROOT, "  generate raw day       %8.1f s  %,d files, %.1f MB (not compared)%n",
        generateSeconds, files, bytes / 1e6);

    t = System.nanoTime();
    RunResult run = TelegramEtlJob.run(spark, JobArgs.forDay(raw.toString(), enriched.toString(), DAY));
    double etlSeconds = seconds(t);
    DayResult etl = run.single();
    out.printf(Locale.ROOT, "  ETL (TelegramEtlJob)   %8.1f s  %,10.0f updates/s  %s %s%n", etlSeconds,
        etl.updates() / etlSeconds, etl.status(), etl.rowsPerTable());

    long duckRows = -1;
    double duckSeconds = Double.NaN;
    if (!args.skipDuckdb()) {
      t = System.nanoTime();
      duckRows = duckdb(day, work.resolve("duckdb"), cores, DuckDbMode.FULL_SCHEMA);
      duckSeconds = seconds(t);
      out.printf(Locale.ROOT,
          "  DuckDB full schema     %8.1f s  %,10.0f updates/s  %,d rows (read_json → Parquet, lossless)%n",
          duckSeconds, duckRows / duckSeconds, duckRows);
    }
    double fastSeconds = Double.NaN;
    if (args.duckdbSampled()) {
      t = System.nanoTime();
      long fastRows = duckdb(day, work.resolve("duckdb"), cores, DuckDbMode.SAMPLED_LOSSY);
      fastSeconds = seconds(t);
      out.printf(Locale.ROOT, "  DuckDB sampled schema  %8.1f s  %,10.0f updates/s  %,d rows (drops keys outside the sample)%n",
          fastSeconds, fastRows / fastSeconds, fastRows);
    }

    Result result = new Result(args.updates(), files, bytes, generateSeconds, etl, etlSeconds, duckRows,
        duckSeconds, fastSeconds, work);
    if (!args.skipDuckdb()) {
      out.printf(Locale.ROOT, "  ratio ETL/DuckDB wall time: %.2f (issue target <= 0.50)%s%n", result.ratio(),
        args.duckdbSampled() ? String.format(Locale.ROOT, "; %.2f vs DuckDB sampled", etlSeconds / fastSeconds) : "");
    }
    if (!args.keep()) {
      deleteTree(work);
    } else {
      out.println("  kept " + work);
    }
    return result;
  }

  /** How DuckDB detects the columns. */
  enum DuckDbMode {
    /**
     * Detect from every object ({@code sample_size=-1, maximum_sample_files=-1}): the equivalent of the ETL, which
     * must not lose a field that only some objects carry. DuckDB's default (a sample of 32 files) fails on this
     * data with "unknown key" as soon as a later object has a field the sample did not.
     */
    FULL_SCHEMA(", sample_size = -1, maximum_sample_files = -1"),
    /** DuckDB's default sampling plus {@code ignore_errors=true}: fast, but drops what the sample did not see. */
    SAMPLED_LOSSY(", ignore_errors = true");

    final String options;

    DuckDbMode(String options) {
      this.options = options;
    }
  }

  /**
   * The baseline: every object read with DuckDB's JSON reader ({@code format='unstructured'} accepts any
   * whitespace layout) and written as one zstd Parquet file.
   *
   * @return rows written
   */
  static long duckdb(Path dayDir, Path outDir, int threads, DuckDbMode mode) {
    try {
      Files.createDirectories(outDir);
      Class.forName("org.duckdb.DuckDBDriver");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("org.duckdb:duckdb_jdbc is not on the classpath", e);
    }
    String glob = dayDir.toAbsolutePath() + "/*.json";
    String target = outDir.toAbsolutePath().resolve(mode.name().toLowerCase(Locale.ROOT) + ".parquet").toString();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute("SET threads TO " + threads);
      // DuckDB's default is 80% of RAM; its JSON reader keeps large per-file buffers, so cap it (shared machines).
      String limit = System.getenv().getOrDefault("TGLAKE_DUCKDB_MEMORY", "3GB");
      s.execute("SET memory_limit = " + quote(limit));
      s.execute("SET preserve_insertion_order = false");
      s.execute("SET temp_directory = " + quote(outDir.toAbsolutePath().resolve("tmp").toString()));
      s.execute("COPY (SELECT * FROM read_json(" + quote(glob) + ", format = 'unstructured'" + mode.options + ")) TO "
          + quote(target)
          + " (FORMAT parquet, COMPRESSION zstd)");
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet(" + quote(target) + ")")) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("DuckDB baseline failed: " + e.getMessage(), e);
    }
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static long sizeOf(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
