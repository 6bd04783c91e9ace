package io.tglake.emr;

import io.tglake.cli.DayOptions;
import io.tglake.cli.LakeOptions;
import io.tglake.cli.Usage;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What the EMR run subcommands ({@link SubmitCommand}, {@link BackfillCommand}, {@link
 * ForgetCommand}) share: the option mixins, validation into {@link EmrArgs}, the action.
 */
abstract class EmrSubcommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LakeOptions lake;
  @Mixin DayOptions days;
  @Mixin TargetOptions target;
  @Mixin RunOptions run;

  private final ToIntFunction<EmrArgs> action;

  EmrSubcommand(ToIntFunction<EmrArgs> action) {
    this.action = action;
  }

  @Override
  public Integer call() {
    return action.applyAsInt(toArgs());
  }

  /**
   * The validated options; a {@link picocli.CommandLine.ParameterException} (exit 2) names what is
   * wrong.
   */
  abstract EmrArgs toArgs();

  EmrArgs args(LocalDate from, LocalDate to, int parallel, int chunkDays, Erasure erasure) {
    for (var uri :
        List.of(
            Map.entry("--job-jar", nullToEmpty(target.jobJar)),
            Map.entry("--raw", lake.raw().orElse("")),
            Map.entry("--enriched", lake.enriched().orElse("")),
            Map.entry("--log-uri", nullToEmpty(target.logUri)))) {
      if (!uri.getValue().isEmpty() && !uri.getValue().startsWith("s3://")) {
        throw Usage.error(
            spec, uri.getKey() + " must be an s3:// URI, got '" + uri.getValue() + "'");
      }
    }
    URI endpoint = null;
    if (target.endpointUrl != null) {
      try {
        endpoint = URI.create(target.endpointUrl);
      } catch (IllegalArgumentException e) {
        endpoint = null;
      }
      if (endpoint == null || endpoint.getScheme() == null || endpoint.getHost() == null) {
        throw Usage.error(
            spec, "--endpoint-url must be an http(s) URL, got '" + target.endpointUrl + "'");
      }
    }
    JobTarget flags =
        new JobTarget(
            target.applicationId,
            target.executionRoleArn,
            target.jobJar,
            lake.raw().orElse(null),
            lake.enriched().orElse(null),
            target.logUri);
    return new EmrArgs(
        spec.name(),
        from,
        to,
        parallel,
        chunkDays,
        flags,
        target.stackName,
        target.region,
        endpoint,
        run.sparkConf,
        range("--attempt", run.attempt, 1, 999),
        range("--poll-seconds", run.pollSeconds, 1, EmrArgs.MAX_POLL_SECONDS),
        run.dryRun,
        erasure);
  }

  int range(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw Usage.error(
          spec, name + " must be an integer in " + min + ".." + max + ", got '" + value + "'");
    }
    return value;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** Shown under every subcommand's options. */
  static final String TARGET_FOOTER =
      "%nTarget values not given as options (--application-id, --execution-role-arn, "
          + "--job-jar, --raw, --enriched, --log-uri; all URIs s3://) come from the outputs of the CloudFormation stack "
          + "--stack-name (EmrApplicationId, EmrJobRoleArn - EmrErasureRoleArn for forget -, EmrJobJarUri, RawUri, "
          + "EnrichedUri, EmrLogUri). AWS "
          + "credentials: the SDK's default chain.%nExit codes: 0 every run succeeded, 1 a run failed or could not be "
          + "started or polled, 2 bad options or an incomplete target.";
}
