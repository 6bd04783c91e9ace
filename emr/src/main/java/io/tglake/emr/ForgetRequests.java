package io.tglake.emr;

import io.tglake.contract.JobNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the StartJobRun request of the erasure job: one run per erasure request, with the same job
 * jar, application, role and log folder as the ETL. Pure: no AWS calls.
 *
 * <p>The job is idempotent and resumable per request id (it skips what it already removed), so one
 * run covers every day; a run that failed half-way is finished by running the same request again
 * with {@code --attempt 2}.
 */
public final class ForgetRequests {

  /** The erasure job's main class (in the ETL job jar). */
  public static final String MAIN_CLASS = JobNames.FORGET_JOB;

  /**
   * Server-side limit of one erasure run: it may rewrite every enriched day of the lake (minutes
   * each); a run cut off by the limit is finished by the next attempt.
   */
  public static final int EXECUTION_TIMEOUT_MINUTES = 720;

  /** Characters of the request id kept in the client token (64 at most in all). */
  static final int TOKEN_REQUEST_ID_CHARS = 24;

  private final JobTarget target;
  private final Map<String, String> sparkConf;
  private final int attempt;

  /**
   * @param target complete target (see {@link JobTarget#missing()})
   * @param sparkConf extra {@code --conf} properties on top of the application's spark-defaults
   * @param attempt 1 for the first run of a request; raise it to run the request again (a new
   *     client token)
   */
  public ForgetRequests(JobTarget target, Map<String, String> sparkConf, int attempt) {
    JobRunRequests.requireSubmittable(target, attempt);
    this.target = target;
    this.sparkConf = Map.copyOf(sparkConf);
    this.attempt = attempt;
  }

  /** The request running one erasure. */
  public JobRunSpec forErasure(Erasure erasure) {
    String name =
        "tglake-forget-"
            + erasure.requestId()
            + (erasure.jobDryRun() ? "-dry-run" : "")
            + (attempt > 1 ? "-attempt-" + attempt : "");
    return new JobRunSpec(
        "forget " + erasure.requestId(),
        null,
        target.applicationId(),
        target.executionRoleArn(),
        clientToken(erasure),
        name,
        target.jobJar(),
        jobArguments(erasure),
        sparkSubmitParameters(),
        target.logUri(),
        EXECUTION_TIMEOUT_MINUTES);
  }

  /**
   * The erasure job's own options: {@code --raw --enriched --request-id}, one {@code --user-id} per
   * person in ascending order, then {@code --from/--to}, {@code --pseudonymize
   * --pseudonym-key-secret-id} and {@code --dry-run} when given.
   */
  public List<String> jobArguments(Erasure erasure) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--raw",
                target.raw(),
                "--enriched",
                target.enriched(),
                "--request-id",
                erasure.requestId()));
    for (long id : erasure.userIds()) {
      args.add("--user-id");
      args.add(Long.toString(id));
    }
    if (erasure.from() != null) {
      args.addAll(List.of("--from", erasure.from().toString(), "--to", erasure.to().toString()));
    }
    if (erasure.pseudonymKeySecretId() != null) {
      args.addAll(
          List.of("--pseudonymize", "--pseudonym-key-secret-id", erasure.pseudonymKeySecretId()));
    }
    if (erasure.jobDryRun()) {
      args.add("--dry-run");
    }
    return args;
  }

  /**
   * {@code --class io.tglake.etl.erasure.ForgetJob} then the extra {@code --conf k=v} in key order.
   */
  public String sparkSubmitParameters() {
    return JobRunRequests.sparkSubmitParameters(MAIN_CLASS, sparkConf);
  }

  /**
   * {@code tglake-forget-<request id>-a<attempt>-<hash>}: the same request (id, people, days, dry
   * run) on the same target and attempt always gives the same token, so a retried or doubled
   * command starts one run. The hash covers the user ids, so a corrected request under the same id
   * is a new run; the ids themselves never appear in the token. At most 64 characters of {@code
   * [A-Za-z0-9-]}.
   */
  public String clientToken(Erasure erasure) {
    String identity =
        String.join(
            "\n",
            target.applicationId(),
            target.executionRoleArn(),
            target.jobJar(),
            target.raw(),
            target.enriched(),
            erasure.requestId(),
            erasure.userIds().stream().map(String::valueOf).collect(Collectors.joining(",")),
            String.valueOf(erasure.from()),
            String.valueOf(erasure.to()),
            String.valueOf(erasure.jobDryRun()),
            String.valueOf(erasure.pseudonymKeySecretId()),
            String.valueOf(attempt),
            sparkSubmitParameters());
    String id = erasure.requestId().replaceAll("[^A-Za-z0-9-]", "-");
    if (id.length() > TOKEN_REQUEST_ID_CHARS) {
      id = id.substring(0, TOKEN_REQUEST_ID_CHARS);
    }
    return "tglake-forget-"
        + id
        + "-a"
        + attempt
        + "-"
        + JobRunRequests.sha256(identity).substring(0, 16);
  }
}
