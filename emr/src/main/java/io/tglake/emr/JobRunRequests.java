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
 * Builds the StartJobRun requests of the ETL: one run per UTC day (a backfill is split into days so
 * each day is retried, reported and overwritten on its own; dynamic partition overwrite only
 * touches that day). Pure: no AWS calls.
 */
public final class JobRunRequests {

  /** The job's main class. */
  public static final String MAIN_CLASS = JobNames.ETL_JOB;

  /** Server-side limit of one day's run: a day of a support bot takes minutes. */
  public static final int EXECUTION_TIMEOUT_MINUTES = 120;

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

  /** One request per day of {@code from..to}, both inclusive, in date order. */
  public List<JobRunSpec> forRange(LocalDate from, LocalDate to) {
    return days(from, to).stream().map(this::forDay).toList();
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
