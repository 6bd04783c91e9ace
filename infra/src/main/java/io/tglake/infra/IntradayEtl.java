package io.tglake.infra;

import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.constructs.Construct;

/**
 * Today so far: an EventBridge Scheduler schedule that runs the daily job every {@code intradayRefreshMinutes}
 * for the UTC day of its fire time ({@code --intraday-time}, run kind {@code intraday}), on the same application
 * and job role as {@link DailyEtl}. Nothing new reads raw: the job replaces today's partitions exactly as a rerun
 * does, so Athena and the query library see today with the same tables and queries, and the nightly run of the day
 * replaces them once more as the final word.
 *
 * <p>Why a refresh and not a table over raw: raw objects are stored byte for byte as Telegram sends them, usually
 * {@code {"update_id":N,} and the update on a second line, while Athena's JSON SerDes read one document per line.
 * What keeps a refresh from interfering: it takes the day's lease like any run (a second run of the day waits, then
 * the refresh ends without writing), never the scheduled-start marker (run kind intraday is not scheduled), its
 * metrics carry {@code RunKind=intraday}, which no alarm reads, and it exits 0 when the day could not be refreshed
 * (the job run does not show as FAILED, which {@link Alerts} pages on). Its execution timeout is at most the cadence
 * and at most 60 minutes, so a refresh of a day has ended long before the nightly run of that day starts (01:30).
 * {@code intradayRefreshMinutes=0} creates nothing.
 */
public final class IntradayEtl extends Construct implements Concern {

  /**
   * Shortest cadence: an EMR Serverless run of a small day takes a few minutes from start to
   * commit.
   */
  public static final int MIN_MINUTES = 15;

  /**
   * StartJobRun's idempotency token: one run per invocation, whatever the scheduler's retries (see
   * DailyEtl).
   */
  public static final String CLIENT_TOKEN = "tglake-intraday-" + DailySchedule.EXECUTION_ID;

  private final CfnSchedule schedule;

  /**
   * @param etl the daily ETL whose application, job role and jar the refresh runs with
   * @param rawUri the job's {@code --raw}
   * @param extraJobArgs appended to the run's arguments, the same as the nightly run's
   *     (pseudonymization)
   */
  public IntradayEtl(
      Construct scope,
      String id,
      StackConfig config,
      DailyEtl etl,
      String rawUri,
      List<String> extraJobArgs) {
    super(scope, id);
    schedule =
        config.intradayMinutes() == 0
            ? null
            : intradaySchedule(config.intradayMinutes(), etl, rawUri, extraJobArgs);
  }

  /** The schedule, absent when the refresh is off. */
  public Optional<CfnSchedule> schedule() {
    return Optional.ofNullable(schedule);
  }

  private CfnSchedule intradaySchedule(
      int minutes, DailyEtl etl, String rawUri, List<String> extraJobArgs) {
    JobRunTarget run = new JobRunTarget(etl.application(), etl.jobRole(), etl.jobJar());
    Role role =
        run.schedulerRole(
            this,
            "IntradaySchedulerRole",
            "tglake EventBridge Scheduler: start the intraday refresh of today's partitions");

    List<String> args =
        JobRunTarget.jobArgs(rawUri, etl.enrichedUri(), "--intraday-time", extraJobArgs);

    return CfnSchedule.Builder.create(this, "IntradayEtlSchedule")
        .description(
            "tglake: intraday refresh of today's (UTC) partitions; the nightly run is the final word")
        .scheduleExpression("rate(" + minutes + " minutes)")
        .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder().mode("OFF").build())
        .state("ENABLED")
        .target(
            run.target(
                    role,
                    CLIENT_TOKEN,
                    "tglake-intraday-" + DailySchedule.SCHEDULED_TIME,
                    args,
                    Math.min(minutes, 60))
                // A refresh that cannot start is superseded by the next one: retry within one
                // cadence only, and no dead-letter queue (the nightly schedule has one; a missed
                // refresh needs no one's attention).
                .retryPolicy(
                    CfnSchedule.RetryPolicyProperty.builder()
                        .maximumRetryAttempts(2)
                        .maximumEventAgeInSeconds(Math.max(60, minutes * 60))
                        .build())
                .build())
        .build();
  }
}
