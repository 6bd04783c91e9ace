package io.tglake.bench;

import io.tglake.bench.DuckDbBaseline.Mode;
import io.tglake.contract.LakeLayout;
import io.tglake.sample.RawDirectorySink;
import io.tglake.sample.SupportBotTraffic;
import io.tglake.sample.TrafficSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code bin/tglake bench etl}: the ETL on one generated day of N tiny one-update objects, against
 * DuckDB writing the same day's messages from the same files, and optionally the same ETL reading
 * the day from a local S3 server with a fixed latency per request. Every measurement is a child
 * process timed from spawn to exit (the ETL as {@code bin/tglake etl} starts it, so JVM and Spark
 * session start are included); each is repeated {@code --runs} times, round-robin so that a load
 * spike on the shared machine hits every mode alike, and reported with median and min–max. The ETL
 * runs map {@code bin/tglake etl}'s class-data archive when {@code bin/tglake} passes it; when it
 * is missing or stale, one untimed ETL run writes it first, so that no timed run pays for that.
 * Numbers only: nothing about time is asserted. The command line is {@link EtlBenchmarkCommand};
 * the printed table is {@link BenchTable}.
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
   * @param runs runs per mode (medians and spreads over these)
   * @param duckdb DuckDB modes to time; empty times the ETL only
   * @param s3LatencyMs also run the ETL on the day in local S3 with this latency per request
   */
  public record Args(
      int updates,
      Optional<Path> workDir,
      boolean keep,
      long seed,
      int runs,
      Set<Mode> duckdb,
      OptionalInt s3LatencyMs) {

    public Args {
      duckdb = duckdb.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(duckdb));
    }
  }

  /**
   * One DuckDB mode's runs.
   *
   * @param seconds wall times, child JVM spawn to exit
   * @param rows rows written (the same every run)
   */
  public record DuckDbRuns(Timings seconds, long rows) {}

  /**
   * The ETL's runs over S3.
   *
   * @param latencyMs latency added per request
   * @param seconds wall times, spawn to exit
   * @param report the last run's report
   * @param serverCpuSeconds CPU the local S3 server (s3proxy + proxy) used during each run
   * @param requests requests through the proxy during the last run
   */
  public record S3Runs(
      int latencyMs,
      Timings seconds,
      EtlProcess.Report report,
      Timings serverCpuSeconds,
      long requests) {}

  /**
   * Measured numbers.
   *
   * @param files raw objects generated
   * @param rawBytes their total size
   * @param generateSeconds time to write the raw day (once; compared with nothing)
   * @param etl the ETL's wall times on local disk
   * @param etlReport the last local run's report
   * @param duckdb the DuckDB modes run
   * @param s3 the S3 runs, if asked for
   * @param workDir where the files are
   */
  public record Result(
      long files,
      long rawBytes,
      double generateSeconds,
      Timings etl,
      EtlProcess.Report etlReport,
      Map<Mode, DuckDbRuns> duckdb,
      Optional<S3Runs> s3,
      Path workDir,
      Optional<MessagesDiff> messagesDiff) {

    /** Median ETL wall time over median DuckDB {@code mode} wall time. */
    public double ratio(Mode mode) {
      return etl.median() / duckdb.get(mode).seconds().median();
    }

    /**
     * Whether DuckDB's declared run wrote exactly the ETL's messages rows, counted and value by
     * value on the shared columns (true when it did not run).
     */
    public boolean messagesMatch() {
      return !duckdb.containsKey(Mode.DECLARED)
          || duckdb.get(Mode.DECLARED).rows() == etlReport.rows("messages")
              && messagesDiff.map(MessagesDiff::equal).orElse(false);
    }
  }

  private final PrintStream out;
  private final ChildJvm jvm;

  /**
   * @param out where progress and results go
   * @param jvm how the child processes are started
   */
  public EtlBenchmark(PrintStream out, ChildJvm jvm) {
    this.out = out;
    this.jvm = jvm;
  }

  /**
   * Generates the day once, runs every mode {@code runs} times, prints the table; deletes the work
   * folder unless kept.
   */
  public Result run(Args args) {
    Path work = workDir(args);
    Path raw = work.resolve("raw");
    Path day = raw.resolve(LakeLayout.dayDir(DAY));
    Path logs = work.resolve("logs");
    int cores = Runtime.getRuntime().availableProcessors();
    out.printf(
        Locale.ROOT,
        "bench etl: %,d updates on %s, %d run(s) per mode, %d cores, load average %s, work dir %s%n",
        args.updates(),
        DAY,
        args.runs(),
        cores,
        loadAverage(),
        work);
    out.printf(
        Locale.ROOT,
        "  every time below is a child process from spawn to exit (the ETL with %s)%n",
        String.join(" ", jvm.options().stream().filter(o -> o.startsWith("-Xm")).toList()));
    out.println(
        "  the ETL: "
            + jvm.tglake()
                .map(
                    t ->
                        "bash "
                            + t
                            + " etl (its JVM options, classpath and class-data "
                            + "archive; an untimed warm-up run first)")
                .orElse("this JVM's classpath (no checkout: no bin/tglake)"));

    long t = System.nanoTime();
    long files;
    try (RawDirectorySink sink = new RawDirectorySink(raw, 4)) {
      new SupportBotTraffic(
              new TrafficSpec(DAY, 1, args.updates(), args.seed(), TrafficSpec.DEFAULT_ZONE))
          .generate(sink);
      sink.close();
      files = sink.written();
    }
    double generateSeconds = seconds(t);
    long bytes = BenchFiles.sizeOf(day);
    out.printf(
        Locale.ROOT,
        "  generated the raw day once: %,d files, %.1f MB in %.1f s%n",
        files,
        bytes / 1e6,
        generateSeconds);

    EtlProcess etl = new EtlProcess(jvm);
    EtlProcess.WarmUp w =
        etl.warmUp(raw.toString(), work.resolve("enriched"), DAY, logs.resolve("etl-warm-up.log"));
    out.printf(
        Locale.ROOT,
        w.wroteArchive()
            ? "  untimed warm-up ETL run: %.1f s, and it wrote bin/tglake etl's class-data archive (as a user's first run "
                + "after a build does); the timed runs map it%n"
            : "  untimed warm-up ETL run: %.1f s (class-data archive already up to date, or off)%n",
        w.seconds());
    List<Double> etlSeconds = new ArrayList<>();
    EtlProcess.Report etlReport = null;
    Map<Mode, List<Double>> duckSeconds = new EnumMap<>(Mode.class);
    Map<Mode, Long> duckRows = new EnumMap<>(Mode.class);
    List<Double> s3Seconds = new ArrayList<>();
    List<Double> s3Cpu = new ArrayList<>();
    EtlProcess.Report s3Report = null;
    long s3Requests = 0;
    try (LocalS3 s3 =
        args.s3LatencyMs().isPresent() ? startS3(args.s3LatencyMs().getAsInt(), day, logs) : null) {
      for (int r = 1; r <= args.runs(); r++) {
        String run = String.format(Locale.ROOT, "  run %d/%d  ", r, args.runs());
        EtlProcess.Run local =
            etl.run(
                raw.toString(),
                work.resolve("enriched"),
                DAY,
                Optional.empty(),
                Map.of(),
                logs.resolve("etl-local-" + r + ".log"));
        etlReport = checked(local.report(), files, "local disk");
        etlSeconds.add(local.seconds());
        out.printf(
            Locale.ROOT,
            "%s%-26s %7.1f s  %s, %,d objects, rows %s%n",
            run,
            "ETL, local disk",
            local.seconds(),
            etlReport.status(),
            etlReport.objectsRead(),
            etlReport.rows());

        if (s3 != null) {
          double cpu0 = s3.cpuSeconds();
          long requests0 = s3.requests();
          EtlProcess.Run remote =
              etl.run(
                  LocalS3.rawUri(),
                  work.resolve("enriched-s3"),
                  DAY,
                  Optional.of(s3.proxyEndpoint()),
                  LocalS3.ENV,
                  logs.resolve("etl-s3-" + r + ".log"));
          s3Report = checked(remote.report(), files, "S3");
          if (!s3Report.rows().equals(etlReport.rows())) {
            throw new IllegalStateException(
                "S3 run wrote " + s3Report.rows() + ", local " + etlReport.rows());
          }
          s3Seconds.add(remote.seconds());
          s3Cpu.add(s3.cpuSeconds() - cpu0);
          s3Requests = s3.requests() - requests0;
          out.printf(
              Locale.ROOT,
              "%s%-26s %7.1f s  %s, %,d requests; local S3 server CPU %.1f s%n",
              run,
              "ETL, S3 +" + args.s3LatencyMs().getAsInt() + " ms/request",
              remote.seconds(),
              s3Report.status(),
              s3Requests,
              s3Cpu.get(s3Cpu.size() - 1));
        }

        for (Mode mode : args.duckdb()) {
          double s =
              duckdb(
                  mode,
                  day,
                  work.resolve("duckdb"),
                  cores,
                  logs.resolve("duckdb-" + mode + "-" + r + ".log"));
          long rows = duckRows(logs.resolve("duckdb-" + mode + "-" + r + ".log"));
          duckSeconds.computeIfAbsent(mode, m -> new ArrayList<>()).add(s);
          duckRows.put(mode, rows);
          out.printf(
              Locale.ROOT, "%s%-26s %7.1f s  %,d rows%n", run, "DuckDB " + mode.shortName, s, rows);
        }
      }
    }

    Map<Mode, DuckDbRuns> duck = new EnumMap<>(Mode.class);
    duckSeconds.forEach((m, s) -> duck.put(m, new DuckDbRuns(new Timings(s), duckRows.get(m))));
    Optional<S3Runs> s3Runs =
        args.s3LatencyMs().isPresent()
            ? Optional.of(
                new S3Runs(
                    args.s3LatencyMs().getAsInt(),
                    new Timings(s3Seconds),
                    s3Report,
                    new Timings(s3Cpu),
                    s3Requests))
            : Optional.empty();
    // The last runs' outputs, before the work folder goes: DuckDB's file against the ETL's messages
    // partition.
    Optional<MessagesDiff> diff =
        duck.containsKey(Mode.DECLARED)
            ? Optional.of(
                MessagesDiff.compare(
                    DuckDbBaseline.target(work.resolve("duckdb"), Mode.DECLARED),
                    work.resolve("enriched").resolve("messages").resolve(LakeLayout.dayDir(DAY))))
            : Optional.empty();
    Result result =
        new Result(
            files,
            bytes,
            generateSeconds,
            new Timings(etlSeconds),
            etlReport,
            duck,
            s3Runs,
            work,
            diff);
    new BenchTable(out, cores).print(result);
    out.println("  load average at the end: " + loadAverage());
    if (!args.keep()) {
      BenchFiles.deleteTree(work);
    } else {
      out.println("  kept " + work);
    }
    return result;
  }

  private LocalS3 startS3(int latencyMs, Path day, Path logs) {
    long t = System.nanoTime();
    LocalS3 s3 = LocalS3.start(jvm, latencyMs, logs.resolve("local-s3.log"));
    double started = seconds(t);
    try {
      t = System.nanoTime();
      long uploaded = s3.upload(day);
      out.printf(
          Locale.ROOT,
          "  local S3: s3proxy (in-memory store) behind a proxy adding %d ms per request, one JVM "
              + "(pid %d, ready in %.1f s); %,d objects uploaded through the S3 API in %.1f s%n",
          latencyMs,
          s3.pid(),
          started,
          uploaded,
          seconds(t));
      return s3;
    } catch (RuntimeException e) {
      s3.close();
      throw e;
    }
  }

  /** One DuckDB run in a child JVM; wall seconds. */
  private double duckdb(Mode mode, Path day, Path outDir, int threads, Path log) {
    List<String> args =
        List.of(
            mode.name(),
            day.toString(),
            outDir.toString(),
            String.valueOf(threads),
            DAY.toString());
    return ChildJvm.run(
        "DuckDB " + mode,
        jvm.command(jvm.options(), jvm.ownClasspath(), DuckDbBaseline.class.getName(), args),
        Map.of(),
        log);
  }

  private static long duckRows(Path log) {
    try {
      return Files.readAllLines(log).stream()
          .filter(l -> l.startsWith("duckdb rows="))
          .findFirst()
          .map(l -> Long.parseLong(l.substring("duckdb rows=".length()).trim()))
          .orElseThrow(() -> new IllegalStateException("no row count in " + log));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The run must have read every generated object. */
  private static EtlProcess.Report checked(EtlProcess.Report report, long files, String where) {
    if (report.objectsRead() != files) {
      throw new IllegalStateException(
          "the ETL (" + where + ") read " + report.objectsRead() + " of " + files + " objects");
    }
    return report;
  }

  private static Path workDir(Args args) {
    try {
      Path work =
          args.workDir().isPresent()
              ? Files.createDirectories(args.workDir().get())
              : Files.createTempDirectory("tglake-bench-");
      for (String sub : new String[] {"raw", "enriched", "enriched-s3", "duckdb", "logs"}) {
        BenchFiles.deleteTree(work.resolve(sub));
      }
      return work;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The 1, 5 and 15 minute load averages (the machine is shared: say how busy it was), or "?" off
   * Linux.
   */
  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
