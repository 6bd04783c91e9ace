package io.tglake.emr;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parsed command line of {@code bin/tglake emr submit|backfill|forget}.
 *
 * @param command      {@code submit}, {@code backfill} or {@code forget}
 * @param from         first day (submit: the day)
 * @param to           last day, inclusive (submit: the day)
 * @param parallel     concurrent runs of a backfill
 * @param flags        target values given as flags (nulls are read from the stack's outputs)
 * @param stackName    CloudFormation stack whose outputs complete the target
 * @param region       AWS region, or null for the SDK's default chain
 * @param endpointUrl  EMR Serverless endpoint override (a local stub), or null
 * @param sparkConf    extra {@code --conf} properties
 * @param attempt      client-token attempt number
 * @param pollSeconds  first poll interval; grows to {@link #MAX_POLL_SECONDS}
 * @param dryRun       print the requests, call nothing
 * @param erasure      the erasure request of {@code forget}, else null
 */
public record EmrArgs(
    String command,
    LocalDate from,
    LocalDate to,
    int parallel,
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

  /** Bad command line: the message is printed with the usage, exit code 2. */
  public static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
      super(message);
    }
  }

  /** Thrown for {@code --help}. */
  public static final class HelpRequested extends Exception {
    private static final long serialVersionUID = 1L;
  }

  public static final String USAGE = """
      Usage: bin/tglake emr submit   --date YYYY-MM-DD [options]
             bin/tglake emr backfill --from YYYY-MM-DD --to YYYY-MM-DD [--parallel N] [options]
             bin/tglake emr forget   --request-id ID --user-id U [--user-id U ...]
                                     [--from YYYY-MM-DD --to YYYY-MM-DD] [--job-dry-run] [options]

      Starts EMR Serverless job runs of the ETL (one run per UTC day), polls them until they end, prints
      per-day progress and the final status with log links. Exit 0 when every run succeeded, 1 otherwise,
      2 on bad options.

      forget runs the erasure job (io.tglake.etl.privacy.ForgetJob, same jar) once for the whole request:
        --request-id ID             the deletion request (ticket) id: names the audit record; the same id,
                                    people and days always map to the same run (idempotent resubmits)
        --user-id U                 Telegram user id to erase (repeatable)
        --from/--to YYYY-MM-DD      only these days (default: every day of the lake)
        --job-dry-run               the job lists what it would remove (driver log) and changes nothing

      Target (default: read from the CloudFormation outputs of the deployed stack):
        --stack-name NAME           stack to read outputs from (default Tglake)
        --application-id ID         EMR Serverless application id       (output EmrApplicationId)
        --execution-role-arn ARN    job execution role                  (output EmrJobRoleArn)
        --job-jar S3_URI            Spark job jar                       (output EmrJobJarUri)
        --raw S3_URI                raw layer, folder of context_date=  (output RawUri)
        --enriched S3_URI           enriched layer root                 (output EnrichedUri)
        --log-uri S3_URI            job log folder                      (output EmrLogUri)
        --region REGION             AWS region (default: the SDK's chain, e.g. AWS_REGION)

      Run:
        --parallel N                concurrent day runs of a backfill (default 2, max 16)
        --spark-conf KEY=VALUE      extra Spark property (repeatable), on top of the application defaults
        --attempt N                 client-token attempt (default 1); raise it to run a day again: the same
                                    day and attempt always map to the same run (idempotent resubmits)
        --poll-seconds N            first poll interval, growing to 60 s (default 10)
        --dry-run                   print the StartJobRun requests as JSON (aws emr-serverless start-job-run
                                    --cli-input-json format) and call nothing; unknown target values are
                                    shown as <OutputName> placeholders
        --endpoint-url URL          EMR Serverless endpoint override (local stubs)
        --help                      this text
      """;

  /**
   * Parses the arguments after {@code emr}.
   *
   * @throws UsageException with a message naming the problem
   * @throws HelpRequested for {@code --help} anywhere
   */
  public static EmrArgs parse(String[] args) throws UsageException, HelpRequested {
    for (String a : args) {
      if (a.equals("--help") || a.equals("-h")) {
        throw new HelpRequested();
      }
    }
    if (args.length == 0) {
      throw new UsageException("missing command: submit, backfill or forget");
    }
    String command = args[0];
    if (!command.equals("submit") && !command.equals("backfill") && !command.equals("forget")) {
      throw new UsageException("unknown command '" + command + "': expected submit, backfill or forget");
    }
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> sparkConf = new LinkedHashMap<>();
    List<String> userIds = new ArrayList<>();
    boolean dryRun = false;
    boolean jobDryRun = false;
    List<String> known = List.of("--date", "--from", "--to", "--parallel", "--stack-name", "--application-id",
        "--execution-role-arn", "--job-jar", "--raw", "--enriched", "--log-uri", "--region", "--spark-conf",
        "--attempt", "--poll-seconds", "--endpoint-url", "--user-id", "--request-id");
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--dry-run")) {
        dryRun = true;
        continue;
      }
      if (a.equals("--job-dry-run") && command.equals("forget")) {
        jobDryRun = true;
        continue;
      }
      String name = a;
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      if (!known.contains(name)) {
        throw new UsageException("unknown option '" + a + "'");
      }
      if (value == null) {
        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
          throw new UsageException(name + " needs a value");
        }
        value = args[++i];
      }
      if (name.equals("--spark-conf")) {
        int kv = value.indexOf('=');
        if (kv <= 0) {
          throw new UsageException("--spark-conf expects KEY=VALUE, got '" + value + "'");
        }
        sparkConf.put(value.substring(0, kv), value.substring(kv + 1));
      } else if (name.equals("--user-id")) {
        userIds.add(value);
      } else if (values.put(name, value) != null) {
        throw new UsageException(name + " given twice");
      }
    }

    LocalDate from;
    LocalDate to;
    int parallel = 1;
    Erasure erasure = null;
    if (!command.equals("forget")) {
      reject(values, command, "--request-id");
      if (!userIds.isEmpty()) {
        throw new UsageException("--user-id is not an option of " + command);
      }
    }
    if (command.equals("forget")) {
      reject(values, "forget", "--date", "--parallel");
      from = date(values, "--from", false);
      to = date(values, "--to", false);
      if (!values.containsKey("--request-id")) {
        throw new UsageException("missing --request-id: the id of the deletion request (it names the audit record)");
      }
      try {
        erasure = new Erasure(values.get("--request-id"), Erasure.parseUserIds(userIds), from, to, jobDryRun);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    } else if (command.equals("submit")) {
      reject(values, "submit", "--from", "--to", "--parallel");
      from = date(values, "--date", true);
      to = from;
    } else {
      reject(values, "backfill", "--date");
      from = date(values, "--from", true);
      to = date(values, "--to", true);
      try {
        JobRunRequests.days(from, to);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      parallel = integer(values, "--parallel", 2, 1, MAX_PARALLEL);
    }
    URI endpoint = null;
    if (values.containsKey("--endpoint-url")) {
      try {
        endpoint = URI.create(values.get("--endpoint-url"));
        if (endpoint.getScheme() == null || endpoint.getHost() == null) {
          throw new IllegalArgumentException();
        }
      } catch (IllegalArgumentException e) {
        throw new UsageException("--endpoint-url must be an http(s) URL, got '" + values.get("--endpoint-url") + "'");
      }
    }
    for (String uri : List.of("--job-jar", "--raw", "--enriched", "--log-uri")) {
      String v = values.get(uri);
      if (v != null && !v.startsWith("s3://")) {
        throw new UsageException(uri + " must be an s3:// URI, got '" + v + "'");
      }
    }
    JobTarget flags = new JobTarget(values.get("--application-id"), values.get("--execution-role-arn"),
        values.get("--job-jar"), values.get("--raw"), values.get("--enriched"), values.get("--log-uri"));
    return new EmrArgs(command, from, to, parallel, flags, values.getOrDefault("--stack-name", "Tglake"),
        values.get("--region"), endpoint, sparkConf, integer(values, "--attempt", 1, 1, 999),
        integer(values, "--poll-seconds", 10, 1, MAX_POLL_SECONDS), dryRun, erasure);
  }

  /** Every day this command runs, in order (submit and backfill). */
  public List<LocalDate> days() {
    return new ArrayList<>(JobRunRequests.days(from, to));
  }

  /** The StartJobRun requests of this command on a complete target: one per day, or the one erasure run. */
  public List<JobRunSpec> requests(JobTarget target) {
    return erasure != null ? List.of(new ForgetRequests(target, sparkConf, attempt).forErasure(erasure))
        : new JobRunRequests(target, sparkConf, attempt).forRange(from, to);
  }

  private static void reject(Map<String, String> values, String command, String... options) throws UsageException {
    for (String o : options) {
      if (values.containsKey(o)) {
        throw new UsageException(o + " is not an option of " + command);
      }
    }
  }

  private static LocalDate date(Map<String, String> values, String name, boolean required) throws UsageException {
    String v = values.get(name);
    if (v == null) {
      if (required) {
        throw new UsageException("missing " + name + " YYYY-MM-DD");
      }
      return null;
    }
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw new UsageException(name + " must be YYYY-MM-DD, got '" + v + "'");
    }
  }

  private static int integer(Map<String, String> values, String name, int dflt, int min, int max)
      throws UsageException {
    String v = values.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(name + " must be an integer in " + min + ".." + max + ", got '" + v + "'");
    }
  }
}
