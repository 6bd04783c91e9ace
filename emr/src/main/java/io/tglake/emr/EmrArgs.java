package io.tglake.emr;

import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parsed, validated command line of {@code bin/tglake emr submit|backfill|forget} (options: {@link
 * EmrCli}).
 *
 * @param command {@code submit}, {@code backfill} or {@code forget}
 * @param from first day (submit: the day; forget: null for every day)
 * @param to last day, inclusive (submit: the day; forget: null for every day)
 * @param parallel concurrent runs of a backfill
 * @param chunkDays most days of one backfill run ({@code --chunk-days}); 1 for submit and forget
 * @param flags target values given as flags (nulls are read from the stack's outputs)
 * @param stackName CloudFormation stack whose outputs complete the target
 * @param region AWS region, or null for the SDK's default chain
 * @param endpointUrl EMR Serverless endpoint override (a local stub), or null
 * @param sparkConf extra {@code --conf} properties
 * @param attempt client-token attempt number
 * @param pollSeconds first poll interval; grows to {@link #MAX_POLL_SECONDS}
 * @param dryRun print the requests, call nothing
 * @param erasure the erasure request of {@code forget}, else null
 */
public record EmrArgs(
    String command,
    LocalDate from,
    LocalDate to,
    int parallel,
    int chunkDays,
    JobTarget flags,
    String stackName,
    String region,
    URI endpointUrl,
    Map<String, String> sparkConf,
    int attempt,
    int pollSeconds,
    boolean dryRun,
    Erasure erasure) {

  /** Longest pause between two GetJobRun calls. */
  public static final int MAX_POLL_SECONDS = 60;

  /** Upper bound of {@code --parallel}: the application's maximum capacity is the real limit. */
  public static final int MAX_PARALLEL = 16;

  public EmrArgs {
    sparkConf = Map.copyOf(sparkConf);
  }

  /** Every day this command runs, in order (submit and backfill). */
  public List<LocalDate> days() {
    return new ArrayList<>(JobRunRequests.days(from, to));
  }

  /**
   * The stack output with this command's execution role: erasure runs use their own role, the only
   * one that may delete raw objects; the ETL's role cannot.
   */
  public String roleOutput() {
    return erasure != null ? StackOutputs.ERASURE_ROLE : StackOutputs.JOB_ROLE;
  }

  /**
   * The StartJobRun requests of this command on a complete target: the day's run (submit), one run
   * per chunk of {@link #chunkDays} days (backfill), or the one erasure run.
   */
  public List<JobRunSpec> requests(JobTarget target) {
    return erasure != null
        ? List.of(new ForgetRequests(target, sparkConf, attempt).forErasure(erasure))
        : command.equals("backfill")
            ? new JobRunRequests(target, sparkConf, attempt).forRange(from, to, chunkDays)
            : List.of(new JobRunRequests(target, sparkConf, attempt).forDay(from));
  }
}
