package io.tglake.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.contract.JobNames;
import io.tglake.contract.LakeLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One ETL run as a user starts it: {@code TelegramEtlJob --raw R --enriched E --date D
 * [--s3-endpoint URL]} in a process of its own, {@code bin/tglake etl} itself ({@link ChildJvm}),
 * timed from spawn to exit, so JVM start, Spark session start and stop are all inside the number.
 * What it did is read back from its run report ({@code E/}{@link LakeLayout#runReportKey}).
 */
public final class EtlProcess {

  static final String MAIN = JobNames.ETL_JOB;

  /**
   * The run report's figures.
   *
   * @param status SUCCEEDED, FAILED, ...
   * @param objectsRead raw objects read
   * @param updates updates written (after dedup)
   * @param rows rows per table
   */
  public record Report(String status, long objectsRead, long updates, Map<String, Long> rows) {

    public long rows(String table) {
      return rows.getOrDefault(table, 0L);
    }
  }

  /** A timed run: wall seconds spawn → exit, and the report. */
  record Run(double seconds, Report report) {}

  private final ChildJvm jvm;

  EtlProcess(ChildJvm jvm) {
    this.jvm = jvm;
  }

  /**
   * Runs the ETL for {@code day} into an emptied {@code enriched} folder; fails unless it exits 0
   * and reports SUCCEEDED.
   *
   * @param env extra environment (S3 credentials for an {@code s3a://} raw lake)
   */
  Run run(
      String raw,
      Path enriched,
      LocalDate day,
      Optional<String> s3Endpoint,
      Map<String, String> env,
      Path log) {
    BenchFiles.deleteTree(enriched);
    Map<String, String> all = new HashMap<>(jvm.etlEnv());
    all.putAll(env);
    double seconds =
        ChildJvm.run("the ETL", jvm.etlCommand(args(raw, enriched, day, s3Endpoint)), all, log);
    return new Run(seconds, succeeded(enriched, day, log));
  }

  /**
   * The untimed warm-up run before the timed ones: the ETL on {@code day} exactly as a timed run.
   * Through {@code bin/tglake etl} it also writes the class-data archive when that script finds
   * none up to date (its first run after a build does the same for a user), so every timed run maps
   * it; the script says so on stderr.
   *
   * @return wall seconds spawn to exit, and whether this run wrote the archive
   */
  WarmUp warmUp(String raw, Path enriched, LocalDate day, Path log) {
    BenchFiles.deleteTree(enriched);
    double seconds =
        ChildJvm.run(
            "the ETL's warm-up run",
            jvm.etlCommand(args(raw, enriched, day, Optional.empty())),
            jvm.etlEnv(),
            log);
    succeeded(enriched, day, log);
    try {
      return new WarmUp(seconds, Files.readString(log).contains(ARCHIVE_WRITTEN));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** bin/tglake's stderr line of a run that writes the class-data archive. */
  static final String ARCHIVE_WRITTEN = "no up-to-date class-data archive: this run also writes";

  /** The warm-up run: wall seconds spawn → exit, and whether it wrote the class-data archive. */
  record WarmUp(double seconds, boolean wroteArchive) {}

  private static List<String> args(
      String raw, Path enriched, LocalDate day, Optional<String> s3Endpoint) {
    List<String> args =
        new ArrayList<>(
            List.of("--raw", raw, "--enriched", enriched.toString(), "--date", day.toString()));
    s3Endpoint.ifPresent(e -> args.addAll(List.of("--s3-endpoint", e)));
    return args;
  }

  private static Report succeeded(Path enriched, LocalDate day, Path log) {
    Report report = report(enriched, day);
    if (!"SUCCEEDED".equals(report.status())) {
      throw new IllegalStateException("the ETL reported " + report.status() + " (log " + log + ")");
    }
    return report;
  }

  /** The single run report of {@code day} under {@code enriched}. */
  static Report report(Path enriched, LocalDate day) {
    Path dir = enriched.resolve(LakeLayout.runsPrefix(day));
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> reports =
          files
              .filter(
                  p ->
                      p.getFileName().toString().endsWith(".json")
                          && !p.getFileName().toString().startsWith("."))
              .toList();
      if (reports.size() != 1) {
        throw new IllegalStateException(
            "expected one run report in " + dir + ", found " + reports.size());
      }
      JsonNode json = new ObjectMapper().readTree(reports.get(0).toFile());
      Map<String, Long> rows = new LinkedHashMap<>();
      json.path("rows").fields().forEachRemaining(e -> rows.put(e.getKey(), e.getValue().asLong()));
      return new Report(
          json.path("status").asText(),
          json.path("objects_read").asLong(),
          json.path("updates").asLong(),
          rows);
    } catch (IOException e) {
      throw new UncheckedIOException("no readable run report in " + dir, e);
    }
  }
}
