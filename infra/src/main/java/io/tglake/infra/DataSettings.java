package io.tglake.infra;

import static io.tglake.infra.OpsSettings.or;
import static io.tglake.infra.OpsSettings.require;

import java.util.function.Function;

/**
 * Retention and privacy settings, CDK context keys (defaults in brackets).
 *
 * @param rawRetentionDays {@code rawRetentionDays} [400]: raw objects expire this many days after
 *     they were stored; 0 = keep forever
 * @param enrichedRetentionDays {@code enrichedRetentionDays} [400]: enriched files expire this many
 *     days after they were written (a rerun or backfill rewrites them, which restarts the clock); 0
 *     = keep
 * @param rawNoncurrentDays {@code rawNoncurrentVersionDays} [30]: overwritten/deleted raw versions
 *     kept this long
 * @param lakeNoncurrentDays {@code lakeNoncurrentVersionDays} [7]: overwritten/deleted lake
 *     versions kept this long
 * @param pseudonymize {@code pseudonymize} [false]: the scheduled job writes keyed-hash ids and
 *     masked text (key: a generated Secrets Manager secret only the job role may read)
 */
public record DataSettings(
    int rawRetentionDays,
    int enrichedRetentionDays,
    int rawNoncurrentDays,
    int lakeNoncurrentDays,
    boolean pseudonymize) {

  public DataSettings {
    require(
        rawRetentionDays >= 0 && enrichedRetentionDays >= 0,
        "retention days must be >= 0 (0 = keep)");
    require(
        rawNoncurrentDays >= 1 && lakeNoncurrentDays >= 1, "noncurrent version days must be >= 1");
  }

  static DataSettings fromContext(Function<String, String> get) {
    return new DataSettings(
        Integer.parseInt(or(get.apply("rawRetentionDays"), "400")),
        Integer.parseInt(or(get.apply("enrichedRetentionDays"), "400")),
        Integer.parseInt(or(get.apply("rawNoncurrentVersionDays"), "30")),
        Integer.parseInt(or(get.apply("lakeNoncurrentVersionDays"), "7")),
        Boolean.parseBoolean(or(get.apply("pseudonymize"), "false")));
  }
}
