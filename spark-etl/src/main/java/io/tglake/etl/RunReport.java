package io.tglake.etl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tglake.contract.LakeLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The run report of one day: {@code <enriched>/}{@link LakeLayout#runReportKey} (the run id starts
 * with the run's start time, {@code yyyyMMddTHHmmss.SSSZ-<random>}, so names sort by time), the
 * JSON form of a {@link DayResult} (snake_case keys) with the run's inputs and what it wrote
 * ({@link DayProgress}).
 */
final class RunReport {

  static final DateTimeFormatter RUN_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private RunReport() {}

  /**
   * A new run id: the start time and 6 random hex digits (two runs in the same millisecond still
   * differ).
   */
  static String newRunId(Instant now) {
    return RUN_STAMP.format(now) + "-" + String.format("%06x", new SecureRandom().nextInt(1 << 24));
  }

  /** Status of a report written while the run is still going (a crash leaves it so). */
  /** The summary line's fields, the same for a single day and a range's day. */
  static String summary(DayResult r, String runId) {
    return String.format(
        "status=%s objects=%d updates=%d rows=%s duplicates_dropped=%d quarantined=%d seconds=%.1f run=%s",
        r.status(),
        r.objectsRead(),
        r.updates(),
        r.rowsPerTable(),
        r.duplicatesDropped(),
        r.quarantined(),
        r.seconds(),
        runId);
  }

  static final String RUNNING = "RUNNING";

  /**
   * The report's content (see class doc); {@code status} overrides the result's (e.g. {@link
   * #RUNNING}).
   */
  static Map<String, Object> json(DayResult r, JobArgs args, DayProgress progress, String status) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("context_date", r.date().toString());
    json.put("run_id", progress.runId());
    json.put("run_started_at", progress.startedAt().toString());
    json.put("status", status);
    json.put("tables_written", progress.tablesWritten());
    json.put("raw", args.raw());
    json.put("enriched", args.enriched());
    json.put("objects_read", r.objectsRead());
    json.put("updates", r.updates());
    json.put("rows", r.rowsPerTable());
    json.put("duplicates_dropped", r.duplicatesDropped());
    json.put("quarantined", r.quarantined());
    json.put("unreadable", r.unreadable().size());
    json.put("unreadable_objects", r.unreadable());
    DayQuality q = r.quality();
    json.put("rescued", q.rescued());
    json.put("rescued_paths", q.rescuedPaths());
    json.put("drift_paths", q.driftPaths());
    json.put("other_messages", q.otherMessages());
    json.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
    json.put("error", r.error().orElse(null));
    json.put("files", progress.written());
    // Erasure rebuilds days with the ETL: it must know a day was written pseudonymized (never
    // rebuild in clear).
    json.put("pseudonymized", progress.pseudonymized());
    return json;
  }

  /** Writes (or replaces) the report of {@code r} for the run of {@code progress}. */
  static void write(Configuration hadoop, JobArgs args, DayResult r, DayProgress progress)
      throws IOException {
    write(hadoop, args, r, progress, r.status().name());
  }

  /**
   * Writes (or replaces) the report of a run that is still going: status {@code RUNNING}, tables so
   * far.
   */
  static void writeRunning(Configuration hadoop, JobArgs args, LocalDate day, DayProgress progress)
      throws IOException {
    DayResult none = DayResult.stopped(day, DayResult.Status.FAILED, 0, Optional.empty());
    write(hadoop, args, none, progress, RUNNING);
  }

  private static void write(
      Configuration hadoop, JobArgs args, DayResult r, DayProgress progress, String status)
      throws IOException {
    Path file = LakePaths.of(args.enriched(), LakeLayout.runReportKey(r.date(), progress.runId()));
    byte[] body =
        new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsBytes(json(r, args, progress, status));
    FileSystem fs = file.getFileSystem(hadoop);
    try (OutputStream out = fs.create(file, true)) {
      out.write(body);
      out.write("\n".getBytes(StandardCharsets.UTF_8));
    }
  }
}
