package io.tglake.cli;

import io.tglake.contract.LakeLayout;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where the lake is: {@code --raw}, {@code --enriched}, {@code --s3-endpoint}, shared by every
 * command that reads or writes it. Add with {@code @Mixin LakeOptions lake;}.
 *
 * <p>The options are optional at parse time because some commands fill them from elsewhere (the EMR
 * submitter from stack outputs, the report needs only {@code --enriched}); a command that needs one
 * calls {@link #requireRaw()} / {@link #requireEnriched()}, which fail as usage errors (exit 2).
 */
public class LakeOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--raw",
      paramLabel = "URI",
      description =
          "raw layer: folder holding "
              + LakeLayout.ANY_DAY_PREFIX
              + "YYYY-MM-DD/ partitions (path, file://, s3a://, s3://)")
  String raw;

  @Option(
      names = "--enriched",
      paramLabel = "URI",
      description =
          "enriched lake root: <enriched>/<table>/" + LakeLayout.ANY_DAY_PREFIX + "YYYY-MM-DD/")
  String enriched;

  @Option(
      names = "--s3-endpoint",
      paramLabel = "URL",
      description =
          "S3-compatible endpoint for s3a:// URIs (path-style access); credentials from "
              + "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the default AWS chain")
  String s3Endpoint;

  /** {@code --raw} if given and not blank. */
  public Optional<String> raw() {
    return nonBlank(raw);
  }

  /** {@code --enriched} if given and not blank. */
  public Optional<String> enriched() {
    return nonBlank(enriched);
  }

  /** {@code --s3-endpoint} if given and not blank. */
  public Optional<String> s3Endpoint() {
    return nonBlank(s3Endpoint);
  }

  /** {@code --raw}, or a usage error naming the option. */
  public String requireRaw() {
    return raw().orElseThrow(() -> Usage.error(mixee, "--raw is required"));
  }

  /** {@code --enriched}, or a usage error naming the option. */
  public String requireEnriched() {
    return enriched().orElseThrow(() -> Usage.error(mixee, "--enriched is required"));
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }
}
