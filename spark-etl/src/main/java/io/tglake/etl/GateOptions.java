package io.tglake.etl;

import io.tglake.cli.Usage;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The ETL's quality-gate and lease options for commands that run the ETL on a day they did not
 * schedule ({@code forget} rebuilds): the same names, defaults and checks as {@code tglake etl}'s.
 */
public final class GateOptions {

  @Option(
      names = "--max-bad-fraction",
      paramLabel = "F",
      description = "fail a day if quarantined/read > F, 0..1 (default ${DEFAULT-VALUE})")
  double maxBadFraction = JobArgs.DEFAULT_MAX_BAD_FRACTION;

  @Option(
      names = "--max-rescued-fraction",
      paramLabel = "F",
      description =
          "fail a day if objects with a value of the wrong type / read > F, 0..1 (default "
              + "${DEFAULT-VALUE})")
  double maxRescuedFraction = SafetyOptions.DEFAULT_MAX_RESCUED_FRACTION;

  @Option(
      names = "--lease-wait",
      paramLabel = "SECONDS",
      description =
          "wait this long for another run of the same day to finish before giving up with exit "
              + "code 3 (default ${DEFAULT-VALUE})")
  long leaseWaitSeconds = SafetyOptions.DEFAULT_LEASE_WAIT.toSeconds();

  /** The checked values (usage errors name the option). */
  public Values values(CommandSpec spec) {
    if (!(maxBadFraction >= 0 && maxBadFraction <= 1)) {
      throw Usage.error(spec, "--max-bad-fraction must be between 0 and 1, got " + maxBadFraction);
    }
    if (!(maxRescuedFraction >= 0 && maxRescuedFraction <= 1)) {
      throw Usage.error(
          spec, "--max-rescued-fraction must be between 0 and 1, got " + maxRescuedFraction);
    }
    if (leaseWaitSeconds < 0) {
      throw Usage.error(spec, "--lease-wait must be >= 0, got " + leaseWaitSeconds);
    }
    return new Values(
        maxBadFraction,
        SafetyOptions.DEFAULTS
            .withMaxRescuedFraction(maxRescuedFraction)
            .withLeaseWait(Duration.ofSeconds(leaseWaitSeconds)));
  }

  /**
   * @param maxBadFraction {@code --max-bad-fraction}
   * @param safety {@code --max-rescued-fraction}, {@code --lease-wait} and the lease TTL
   */
  public record Values(double maxBadFraction, SafetyOptions safety) {

    /** The ETL's defaults. */
    public static final Values DEFAULTS =
        new Values(JobArgs.DEFAULT_MAX_BAD_FRACTION, SafetyOptions.DEFAULTS);

    /** {@code job} with these values. */
    public JobArgs applyTo(JobArgs job) {
      // through the with-methods, so that every other option of the job (outgoing folder, run kind,
      // ...) stays
      return job.withMaxBadFraction(maxBadFraction).withSafety(safety);
    }
  }
}
