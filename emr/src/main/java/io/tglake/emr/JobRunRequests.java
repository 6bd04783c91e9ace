package io.tglake.emr;

import io.tglake.contract.JobNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Builds the StartJobRun requests of the ETL: one run for a UTC day ({@code submit}), one run per
 * chunk of {@code --chunk-days} days for a range ({@code backfill}). A chunk run reads its days in
 * one pass and still judges, commits and reports each day on its own (spark-etl's "Ranges in one
 * pass"), so a range no longer pays the job's fixed cost once per day. Pure: no AWS calls.
 */
public final class JobRunRequests {

  /** The job's main class. */
  public static final String MAIN_CLASS = JobNames.ETL_JOB;

  /** Server-side limit of one day's run: a day of a support bot takes minutes. */
  public static final int EXECUTION_TIMEOUT_MINUTES = 120;

  /**
   * Extra server-side minutes per further day of a chunk: the fixed cost is paid once per chunk and
   * a day's own work is minutes, so 31 days get 420 minutes; the limit only bounds a hung run.
   */
  public static final int EXECUTION_TIMEOUT_MINUTES_PER_EXTRA_DAY = 10;

  /** Ceiling of a chunk's limit: EMR Serverless's own default for a job run (12 hours). */
  public static final int MAX_EXECUTION_TIMEOUT_MINUTES = 720;

  /** Default {@code --chunk-days} of a backfill: the job's own default pass (a month). */
  public static final int DEFAULT_CHUNK_DAYS = 31;

  /**
   * Longest range one backfill accepts (a typo like 2024 instead of 2026 should not start 700
   * runs).
   */
  public static final int MAX_BACKFILL_DAYS = 400;

  private final JobTarget target;
  private final Map<String, String> sparkConf;
  private final int attempt;

  /**
   * @param target complete target (see {@link JobTarget#missing()})
   * @param sparkConf extra {@code --conf} properties on top of the application's spark-defaults
   * @param attempt 1 for the first run of a day; raise it to run a day again (a new client token)
   */
  public JobRunRequests(JobTarget target, Map<String, String> sparkConf, int attempt) {
    requireSubmittable(target, attempt);
    this.target = target;
    this.sparkConf = Map.copyOf(sparkConf);
    this.attempt = attempt;
  }

  /** The request processing one UTC day. */
  public JobRunSpec forDay(LocalDate date) {
    List<String> args =
        List.of("--raw", target.raw(), "--enriched", target.enriched(), "--date", date.toString());
    String token = clientToken(date);
    return new JobRunSpec(
        date.toString(),
        date,
        target.applicationId(),
        target.executionRoleArn(),
        token,
        "tglake-etl-" + date + (attempt > 1 ? "-attempt-" + attempt : ""),
        target.jobJar(),
        args,
        sparkSubmitParameters(),
        target.logUri(),
        EXECUTION_TIMEOUT_MINUTES);
  }

  /**
   * A run can only be requested for a complete target and an attempt of 1 or more; shared with
   * {@link ForgetRequests}.
   */
  static void requireSubmittable(JobTarget target, int attempt) {
    if (!target.missing().isEmpty()) {
      throw new IllegalArgumentException("incomplete job target, missing " + target.missing());
    }
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1");
    }
  }

  /**
   * {@code --class <main>} then the extra {@code --conf k=v} in key order (stable for the client
   * token).
   */
  public String sparkSubmitParameters() {
    return sparkSubmitParameters(MAIN_CLASS, sparkConf);
  }

  /**
   * {@code --class <mainClass>} then {@code --conf k=v} in key order; shared with {@link
   * ForgetRequests}.
   */
  static String sparkSubmitParameters(String mainClass, Map<String, String> sparkConf) {
    StringBuilder submit = new StringBuilder("--class ").append(mainClass);
    sparkConf.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> submit.append(" --conf ").append(e.getKey()).append('=').append(e.getValue()));
    return submit.toString();
  }

  /**
   * One request per chunk of {@code from..to} (both inclusive), in date order: each chunk holds at
   * most {@code chunkDays} consecutive days and runs as {@code --from --to --chunk-days --run-kind
   * backfill}.
   */
  public List<JobRunSpec> forRange(LocalDate from, LocalDate to, int chunkDays) {
    return chunks(from, to, chunkDays).stream()
        .map(c -> forChunk(c.get(0), c.get(1), chunkDays))
        .toList();
  }

  /**
   * The request processing {@code from..to} in one job run. The run kind is given, not implied: the
   * job reads a one-day {@code --from/--to} (a range's last chunk can be one day) as a manual run,
   * and a backfill's figures must not count as one.
   */
  JobRunSpec forChunk(LocalDate from, LocalDate to, int chunkDays) {
    List<String> args =
        List.of(
            "--raw",
            target.raw(),
            "--enriched",
            target.enriched(),
            "--from",
            from.toString(),
            "--to",
            to.toString(),
            "--chunk-days",
            String.valueOf(chunkDays),
            "--run-kind",
            "backfill");
    String label = from + ".." + to;
    return new JobRunSpec(
        label,
        null,
        target.applicationId(),
        target.executionRoleArn(),
        clientToken(from, to, args),
        "tglake-etl-" + from + "-to-" + to + (attempt > 1 ? "-attempt-" + attempt : ""),
        target.jobJar(),
        args,
        sparkSubmitParameters(),
        target.logUri(),
        chunkTimeoutMinutes(from, to));
  }

  /** The server-side limit of a chunk run: a day's limit, more per further day, at most 12 h. */
  static int chunkTimeoutMinutes(LocalDate from, LocalDate to) {
    long extraDays = ChronoUnit.DAYS.between(from, to);
    return (int)
        Math.min(
            MAX_EXECUTION_TIMEOUT_MINUTES,
            EXECUTION_TIMEOUT_MINUTES + EXECUTION_TIMEOUT_MINUTES_PER_EXTRA_DAY * extraDays);
  }

  /**
   * {@code from..to} cut into consecutive chunks of at most {@code chunkDays} days, each as {@code
   * [first, last]}.
   *
   * @throws IllegalArgumentException for a bad range (see {@link #days}) or {@code chunkDays < 1}
   */
  public static List<List<LocalDate>> chunks(LocalDate from, LocalDate to, int chunkDays) {
    if (chunkDays < 1) {
      throw new IllegalArgumentException("--chunk-days must be >= 1, got " + chunkDays);
    }
    List<LocalDate> days = days(from, to);
    List<List<LocalDate>> out = new ArrayList<>();
    for (int i = 0; i < days.size(); i += chunkDays) {
      out.add(List.of(days.get(i), days.get(Math.min(i + chunkDays, days.size()) - 1)));
    }
    return out;
  }

  /**
   * The days of an inclusive range.
   *
   * @throws IllegalArgumentException if {@code from} is after {@code to} or the range exceeds
   *     {@link #MAX_BACKFILL_DAYS}
   */
  public static List<LocalDate> days(LocalDate from, LocalDate to) {
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("--from " + from + " is after --to " + to);
    }
    long count = ChronoUnit.DAYS.between(from, to) + 1;
    if (count > MAX_BACKFILL_DAYS) {
      throw new IllegalArgumentException(
          "range of " + count + " days exceeds " + MAX_BACKFILL_DAYS + "; split the backfill");
    }
    List<LocalDate> out = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      out.add(d);
    }
    return out;
  }

  /**
   * {@code tglake-<date>-a<attempt>-<hash>}: the same day, attempt, application, job jar and
   * locations always give the same token, so submitting twice (a retried CLI call, two people)
   * starts the run once. The hash makes a new jar or a different target a different run. At most 64
   * characters, as the API requires.
   */
  public String clientToken(LocalDate date) {
    String identity =
        String.join(
            "\n",
            target.applicationId(),
            target.executionRoleArn(),
            target.jobJar(),
            target.raw(),
            target.enriched(),
            date.toString(),
            String.valueOf(attempt),
            sparkSubmitParameters());
    return "tglake-" + date + "-a" + attempt + "-" + sha256(identity).substring(0, 16);
  }

  /**
   * {@code tglake-<from>-<to>-a<attempt>-<hash>} (at most 50 characters of {@code [A-Za-z0-9-]}):
   * the token of one chunk run, with the day token's rules: the same chunk, attempt, target, Spark
   * parameters and job arguments (so also {@code --chunk-days}) always give the same token, so a
   * retried or doubled backfill starts each chunk once.
   */
  String clientToken(LocalDate from, LocalDate to, List<String> args) {
    String identity =
        String.join(
            "\n",
            target.applicationId(),
            target.executionRoleArn(),
            target.jobJar(),
            String.join("\u0000", args),
            String.valueOf(attempt),
            sparkSubmitParameters());
    return "tglake-" + from + "-" + to + "-a" + attempt + "-" + sha256(identity).substring(0, 16);
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
