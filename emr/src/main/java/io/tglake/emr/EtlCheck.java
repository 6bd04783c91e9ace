package io.tglake.emr;

import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;

/** Step 5 of {@link DeployVerifier}, EMR Serverless: the ETL runs for the posted day. */
final class EtlCheck {

  private final Supplier<EmrServerlessClient> emrClients;
  private final Clock clock;
  private final JobRunner.Sleeper sleeper;
  private final PrintStream out;

  EtlCheck(
      Supplier<EmrServerlessClient> emrClients,
      Clock clock,
      JobRunner.Sleeper sleeper,
      PrintStream out) {
    this.emrClients = emrClients;
    this.clock = clock;
    this.sleeper = sleeper;
    this.out = out;
  }

  /** Step 5: a one-day ETL run on EMR Serverless for the posted day ends in SUCCESS. */
  String runEtl(Map<String, String> outputs, LocalDate day, DeployVerifier.Options options)
      throws InterruptedException {
    JobTarget target = StackOutputs.fromOutputs(outputs);
    JobRunner.RunResult result;
    try (EmrServerlessClient emr = emrClients.get()) {
      JobRunner runner =
          new JobRunner(emr, sleeper, out, clock, options.firstPoll(), options.maxPoll());
      // Attempt from the second of the day: each verify is a new run (a new client token), never
      // the finished
      // run of an earlier verify, whose token would hand back a run without this update.
      int attempt = 1000 + (int) (clock.instant().getEpochSecond() % 86_400);
      result = runner.run(new JobRunRequests(target, Map.of(), attempt).forDay(day));
    }
    if (!result.succeeded()) {
      throw new DeployVerifier.StepFailed(
          "etl",
          "run "
              + result.jobRunId()
              + " for "
              + day
              + " ended "
              + result.state()
              + (result.details().isEmpty() ? "" : " (" + result.details() + ")")
              + (result.links().isEmpty() ? "" : "; " + String.join("; ", result.links())),
          "verify-etl");
    }
    return "ETL run " + result.jobRunId() + " for " + day + " ended SUCCESS";
  }
}
