package io.tglake.emr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tglake.cli.Cli;
import io.tglake.cli.ExitCode;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClientBuilder;

/**
 * {@code bin/tglake emr submit|backfill|forget}: EMR Serverless job runs of the ETL for one day or
 * a range, or of the erasure job for one deletion request. Outline: parse options → complete the
 * target from the stack's outputs → build one request per day → run (or print, with {@code
 * --dry-run}) → summary → exit code.
 */
public final class EmrCommand {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Function<EmrArgs, EmrServerlessClient> emrClients;
  private final Function<EmrArgs, CloudFormationClient> cloudFormationClients;
  private final JobRunner.Sleeper sleeper;
  private final PrintStream out;
  private final PrintStream err;
  private final Function<VerifyCommand.Target, DeployVerifier.Clouds> verifyClouds;

  /**
   * @param emrClients builds the EMR Serverless client for the parsed options (region, endpoint)
   * @param cloudFormationClients builds the CloudFormation client (only called when flags leave
   *     gaps)
   * @param sleeper pause between polls
   */
  public EmrCommand(
      Function<EmrArgs, EmrServerlessClient> emrClients,
      Function<EmrArgs, CloudFormationClient> cloudFormationClients,
      JobRunner.Sleeper sleeper,
      PrintStream out,
      PrintStream err) {
    this(emrClients, cloudFormationClients, sleeper, out, err, null);
  }

  /**
   * As above; {@code verifyClouds} builds the clouds of {@code verify} (null: the real AWS
   * clients).
   */
  EmrCommand(
      Function<EmrArgs, EmrServerlessClient> emrClients,
      Function<EmrArgs, CloudFormationClient> cloudFormationClients,
      JobRunner.Sleeper sleeper,
      PrintStream out,
      PrintStream err,
      Function<VerifyCommand.Target, DeployVerifier.Clouds> verifyClouds) {
    this.verifyClouds =
        verifyClouds != null ? verifyClouds : t -> VerifyCommand.awsClouds(t, sleeper);
    this.emrClients = emrClients;
    this.cloudFormationClients = cloudFormationClients;
    this.sleeper = sleeper;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    EmrCommand command =
        new EmrCommand(
            EmrCommand::defaultEmrClient,
            EmrCommand::defaultCloudFormationClient,
            d -> Thread.sleep(d.toMillis()),
            System.out,
            System.err);
    System.exit(command.run(args));
  }

  /** Runs the command; returns the exit code (0 all succeeded, 1 a run failed, 2 bad options). */
  public int run(String[] args) {
    VerifyCommand verify = new VerifyCommand(verifyClouds, System.getenv(), sleeper, out);
    return Cli.of(EmrCli.withVerify(this::execute, verify))
        .out(new PrintWriter(out, true))
        .err(new PrintWriter(err, true))
        .execute(args);
  }

  /**
   * Runs a parsed command: complete the target, build the requests, run or print them, summarize.
   */
  int execute(EmrArgs parsed) {
    if (parsed.dryRun()) {
      // Never calls AWS: gaps are shown as the stack output that would fill them.
      JobTarget target =
          parsed
              .flags()
              .orElse(
                  new JobTarget(
                      "<EmrApplicationId>",
                      "<" + parsed.roleOutput() + ">",
                      "s3://<EmrJobJarUri>",
                      "s3://<RawUri>",
                      "s3://<EnrichedUri>",
                      null));
      return printRequests(parsed.requests(target));
    }

    JobTarget target = parsed.flags();
    if (!target.missing().isEmpty() || target.logUri() == null) {
      try (CloudFormationClient cfn = cloudFormationClients.apply(parsed)) {
        target = target.orElse(new StackOutputs(cfn).read(parsed.stackName(), parsed.roleOutput()));
      } catch (SdkException e) {
        if (!target.missing().isEmpty()) {
          err.println(
              "tglake emr: cannot read the outputs of stack '"
                  + parsed.stackName()
                  + "' ("
                  + e.getMessage()
                  + "); deploy infra/ or pass "
                  + String.join(", ", target.missing()));
          return ExitCode.USAGE;
        }
      }
    }
    if (!target.missing().isEmpty()) {
      err.println(
          "tglake emr: stack '" + parsed.stackName() + "' lacks values for " + target.missing());
      return ExitCode.USAGE;
    }

    List<JobRunSpec> specs = parsed.requests(target);
    if (parsed.erasure() != null) {
      Erasure e = parsed.erasure();
      // User ids are personal data: the count goes to the terminal, the ids only into the job's
      // arguments.
      out.printf(
          "tglake emr forget: request %s, %d user id(s), %s on application %s%s%n",
          e.requestId(),
          e.userIds().size(),
          e.from() == null ? "every day" : e.from() + ".." + e.to(),
          target.applicationId(),
          e.jobDryRun() ? " (job dry run: nothing is removed)" : "");
    } else {
      out.printf(
          "tglake emr %s: %d day(s) %s..%s in %d run(s) on application %s (parallel %d)%n",
          parsed.command(),
          parsed.days().size(),
          parsed.from(),
          parsed.to(),
          specs.size(),
          target.applicationId(),
          parsed.parallel());
    }
    List<JobRunner.RunResult> results;
    try (EmrServerlessClient emr = emrClients.apply(parsed)) {
      JobRunner runner =
          new JobRunner(
              emr,
              sleeper,
              out,
              Clock.systemUTC(),
              Duration.ofSeconds(parsed.pollSeconds()),
              Duration.ofSeconds(EmrArgs.MAX_POLL_SECONDS));
      results = runner.runAll(specs, parsed.parallel());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("tglake emr: interrupted; runs already started keep running (see the console)");
      return ExitCode.FAILED;
    }
    return summarize(results, parsed.command().equals("submit") ? "day(s)" : "run(s)");
  }

  private int printRequests(List<JobRunSpec> specs) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    specs.forEach(s -> array.add(s.toJson()));
    try {
      out.println(JSON.writeValueAsString(array));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JSON of plain strings cannot fail", e);
    }
    return ExitCode.OK;
  }

  private int summarize(List<JobRunner.RunResult> results, String unit) {
    long ok = results.stream().filter(JobRunner.RunResult::succeeded).count();
    out.println();
    out.printf("Summary: %d of %d %s succeeded%n", ok, results.size(), unit);
    for (JobRunner.RunResult r : results) {
      out.printf(
          "  %s  %-11s %-22s %s%s%n",
          r.label(),
          r.state(),
          r.jobRunId() == null ? "-" : r.jobRunId(),
          JobRunner.format(r.elapsed()),
          r.details().isEmpty() ? "" : "  " + abbreviate(r.details(), 200));
      r.links().forEach(l -> out.println("      " + l));
    }
    if (ok < results.size()) {
      if (results.stream()
          .anyMatch(r -> r.state().equals("FAILED") || r.state().equals("CANCELLED"))) {
        // The same token would return the finished run: a real re-run needs a new one.
        out.println(
            "Re-run FAILED/CANCELLED "
                + unit
                + " with --attempt N+1 (a new client token) after fixing the cause.");
      }
      if (results.stream()
          .anyMatch(r -> r.state().equals("NOT_STARTED") || r.state().equals("UNKNOWN"))) {
        out.println(
            "NOT_STARTED/UNKNOWN "
                + unit
                + ": fix the cause and run the same command again (same tokens, no duplicates).");
      }
      return ExitCode.FAILED;
    }
    return ExitCode.OK;
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }

  private static EmrServerlessClient defaultEmrClient(EmrArgs args) {
    return emrClientBuilder(args).build();
  }

  /**
   * The EMR Serverless client configuration (credentials from the SDK's default chain unless the
   * caller sets them): region and endpoint from the options, standard retry mode, which retries
   * throttling (HTTP 429, ThrottlingException) and 5xx with exponential backoff and jitter before
   * an error reaches the poll loop.
   */
  static EmrServerlessClientBuilder emrClientBuilder(EmrArgs args) {
    EmrServerlessClientBuilder b =
        EmrServerlessClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD));
    if (args.region() != null) {
      b.region(Region.of(args.region()));
    }
    if (args.endpointUrl() != null) {
      b.endpointOverride(args.endpointUrl());
    }
    return b;
  }

  private static CloudFormationClient defaultCloudFormationClient(EmrArgs args) {
    var b = CloudFormationClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
    if (args.region() != null) {
      b.region(Region.of(args.region()));
    }
    return b.build();
  }
}
