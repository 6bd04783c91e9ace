package io.tglake.emr;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.emrserverless.model.JobRun;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunResponse;

/**
 * Starts job runs and polls them until they end, printing one line per state change. Polling backs
 * off from the first interval by 1.5x up to a maximum: a run spends minutes in RUNNING, and
 * GetJobRun is rate-limited per account. API throttling itself is retried by the SDK (standard
 * retry mode).
 */
public final class JobRunner {

  /** Terminal job-run states. */
  public static final Set<String> TERMINAL = Set.of("SUCCESS", "FAILED", "CANCELLED");

  /** Pauses between polls; tests pass a no-op. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /**
   * Outcome of one run.
   *
   * @param label the run's {@link JobRunSpec#label()} (the day of a one-day ETL run, {@code
   *     from..to} of a backfill chunk read in one pass)
   * @param jobRunId the run, or null if it never started
   * @param state a job-run state, {@code NOT_STARTED} (StartJobRun failed) or {@code UNKNOWN}
   *     (polling failed; the run may still be going)
   * @param details the service's state details or the error message, maybe empty
   * @param elapsed wall time from submit to the last poll
   * @param links dashboard URL, S3 log locations, console page
   */
  public record RunResult(
      String label,
      String jobRunId,
      String state,
      String details,
      Duration elapsed,
      List<String> links) {

    /** True only for SUCCESS. */
    public boolean succeeded() {
      return "SUCCESS".equals(state);
    }
  }

  private final EmrServerlessClient emr;
  private final Sleeper sleeper;
  private final PrintStream out;
  private final Clock clock;
  private final Duration firstPoll;
  private final Duration maxPoll;

  public JobRunner(
      EmrServerlessClient emr,
      Sleeper sleeper,
      PrintStream out,
      Clock clock,
      Duration firstPoll,
      Duration maxPoll) {
    this.emr = emr;
    this.sleeper = sleeper;
    this.out = out;
    this.clock = clock;
    this.firstPoll = firstPoll;
    this.maxPoll = maxPoll;
  }

  /** Runs the requests with at most {@code parallel} runs in flight; results in request order. */
  public List<RunResult> runAll(List<JobRunSpec> specs, int parallel) throws InterruptedException {
    if (parallel <= 1 || specs.size() <= 1) {
      List<RunResult> results = new ArrayList<>();
      for (JobRunSpec spec : specs) {
        results.add(run(spec));
      }
      return results;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, specs.size()));
    try {
      List<Future<RunResult>> futures = new ArrayList<>();
      for (JobRunSpec spec : specs) {
        futures.add(pool.submit(() -> run(spec)));
      }
      List<RunResult> results = new ArrayList<>();
      for (Future<RunResult> f : futures) {
        try {
          results.add(f.get());
        } catch (ExecutionException e) {
          throw new IllegalStateException("unexpected failure in a job run", e.getCause());
        }
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Starts one run and waits for it to end. */
  public RunResult run(JobRunSpec spec) throws InterruptedException {
    Instant started = clock.instant();
    String runId;
    try {
      StartJobRunResponse response = emr.startJobRun(spec.toRequest());
      runId = response.jobRunId();
    } catch (SdkException e) {
      print(spec.label(), "NOT_STARTED", e.getMessage());
      return new RunResult(
          spec.label(),
          null,
          "NOT_STARTED",
          String.valueOf(e.getMessage()),
          Duration.ZERO,
          List.of());
    }
    print(spec.label(), "SUBMITTED", "run " + runId + " (" + spec.name() + ")");

    String last = "SUBMITTED";
    Duration pause = firstPoll;
    JobRun run;
    while (true) {
      try {
        run = emr.getJobRun(r -> r.applicationId(spec.applicationId()).jobRunId(runId)).jobRun();
      } catch (SdkException e) {
        print(spec.label(), "UNKNOWN", "polling run " + runId + " failed: " + e.getMessage());
        return new RunResult(
            spec.label(),
            runId,
            "UNKNOWN",
            String.valueOf(e.getMessage()),
            Duration.between(started, clock.instant()),
            links(spec, runId));
      }
      String state = run.stateAsString();
      if (!state.equals(last)) {
        print(spec.label(), state, "after " + format(Duration.between(started, clock.instant())));
        last = state;
      }
      if (TERMINAL.contains(state)) {
        break;
      }
      sleeper.sleep(pause);
      pause = min(Duration.ofMillis((long) (pause.toMillis() * 1.5)), maxPoll);
    }
    String details = run.stateDetails() == null ? "" : run.stateDetails();
    return new RunResult(
        spec.label(),
        runId,
        last,
        details,
        Duration.between(started, clock.instant()),
        links(spec, runId));
  }

  /** Where to look: the live Spark UI / history dashboard, the S3 logs, the console. */
  private List<String> links(JobRunSpec spec, String runId) {
    List<String> links = new ArrayList<>();
    try {
      String url =
          emr.getDashboardForJobRun(r -> r.applicationId(spec.applicationId()).jobRunId(runId))
              .url();
      if (url != null) {
        links.add("dashboard: " + url);
      }
    } catch (SdkException e) {
      // The dashboard is a convenience (it needs emr-serverless:GetDashboardForJobRun); S3 links
      // follow.
    }
    if (spec.logUri() != null) {
      String base = spec.logUri().endsWith("/") ? spec.logUri() : spec.logUri() + "/";
      String driver =
          base + "applications/" + spec.applicationId() + "/jobs/" + runId + "/SPARK_DRIVER/";
      links.add("driver log: " + driver + "stderr.gz");
      links.add("job output: " + driver + "stdout.gz");
    }
    String region =
        emr.serviceClientConfiguration().region() == null
            ? null
            : emr.serviceClientConfiguration().region().id();
    if (region != null) {
      links.add(
          "console: https://"
              + region
              + ".console.aws.amazon.com/emr/home?region="
              + region
              + "#/serverless-applications/"
              + spec.applicationId());
    }
    return links;
  }

  private synchronized void print(String label, String state, String message) {
    out.printf("%s  %-11s %s%n", label, state, message == null ? "" : message);
    out.flush();
  }

  static String format(Duration d) {
    long s = d.toSeconds();
    return s >= 60 ? (s / 60) + "m" + String.format("%02d", s % 60) + "s" : s + "s";
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
