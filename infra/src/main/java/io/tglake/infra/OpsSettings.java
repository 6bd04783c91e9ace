package io.tglake.infra;

import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Alarm thresholds and flood limits, CDK context keys (defaults in brackets; change with {@code cdk
 * deploy -c key=value}).
 *
 * @param freshnessHours {@code freshnessHours} [6]: alarm when no update was stored for this many
 *     hours
 * @param authFailures {@code authFailureThreshold} [20]: 401+403 answers per 15 minutes that raise
 *     the alarm
 * @param badRequests {@code badRequestThreshold} [20]: 400+413 answers per 15 minutes that raise
 *     the alarm
 * @param quarantinedFraction {@code quarantinedFractionThreshold} [0.01]: a day's quarantined/read
 *     above this alarms (the job fails the day only above {@code --max-bad-fraction}, 0.05)
 * @param rescuedFraction {@code rescuedFractionThreshold} [0.05]: a day's rescued/read above this
 *     alarms
 * @param updatesBand {@code updatesAnomalyBand} [3]: width (standard deviations) of the anomaly
 *     band under which a day's {@code EtlUpdates} alarms
 * @param reservedConcurrency {@code ingestReservedConcurrency} [0 = none]: reserved (= maximum)
 *     concurrency of the ingest function. Off by default because Lambda keeps 100 executions
 *     unreserved: reserving N needs an account concurrency quota of at least N + 100 (new accounts
 *     have 10)
 * @param routeRateLimit {@code webhookRateLimit} [100]: steady requests/s on the webhook route
 * @param routeBurstLimit {@code webhookBurstLimit} [200]: burst on the webhook route
 * @param sourceIpAllowList {@code sourceIpAllowList} [false]: pass {@code ALLOWED_SOURCE_CIDRS} to
 *     the function
 * @param allowedSourceCidrs {@code allowedSourceCidrs} [149.154.160.0/20,91.108.4.0/22]: Telegram's
 *     published ranges
 */
public record OpsSettings(
    int freshnessHours,
    int authFailures,
    int badRequests,
    double quarantinedFraction,
    double rescuedFraction,
    double updatesBand,
    int reservedConcurrency,
    int routeRateLimit,
    int routeBurstLimit,
    boolean sourceIpAllowList,
    String allowedSourceCidrs) {

  /** The webhook source ranges Telegram documents. */
  public static final String TELEGRAM_CIDRS = "149.154.160.0/20,91.108.4.0/22";

  private static final Pattern CIDRS =
      Pattern.compile("[0-9A-Fa-f:.]+/\\d{1,3}(,[0-9A-Fa-f:.]+/\\d{1,3})*");

  public OpsSettings {
    allowedSourceCidrs = allowedSourceCidrs.replace(" ", "");
    require(
        freshnessHours >= 1 && freshnessHours <= 24,
        "freshnessHours must be within 1..24 (alarm periods)");
    require(authFailures >= 1, "authFailureThreshold must be >= 1");
    require(badRequests >= 1, "badRequestThreshold must be >= 1");
    require(
        quarantinedFraction > 0 && quarantinedFraction < 1,
        "quarantinedFractionThreshold must be within (0, 1)");
    require(
        rescuedFraction > 0 && rescuedFraction < 1,
        "rescuedFractionThreshold must be within (0, 1)");
    require(updatesBand > 0, "updatesAnomalyBand must be > 0");
    require(reservedConcurrency >= 0, "ingestReservedConcurrency must be >= 0 (0 = none)");
    require(
        routeRateLimit >= 1 && routeBurstLimit >= 1,
        "webhookRateLimit/webhookBurstLimit must be >= 1");
    require(
        CIDRS.matcher(allowedSourceCidrs).matches(),
        "allowedSourceCidrs must be comma-separated CIDRs: " + allowedSourceCidrs);
  }

  static OpsSettings fromContext(Function<String, String> get) {
    return new OpsSettings(
        Integer.parseInt(or(get.apply("freshnessHours"), "6")),
        Integer.parseInt(or(get.apply("authFailureThreshold"), "20")),
        Integer.parseInt(or(get.apply("badRequestThreshold"), "20")),
        Double.parseDouble(or(get.apply("quarantinedFractionThreshold"), "0.01")),
        Double.parseDouble(or(get.apply("rescuedFractionThreshold"), "0.05")),
        Double.parseDouble(or(get.apply("updatesAnomalyBand"), "3")),
        Integer.parseInt(or(get.apply("ingestReservedConcurrency"), "0")),
        Integer.parseInt(or(get.apply("webhookRateLimit"), "100")),
        Integer.parseInt(or(get.apply("webhookBurstLimit"), "200")),
        Boolean.parseBoolean(or(get.apply("sourceIpAllowList"), "false")),
        or(get.apply("allowedSourceCidrs"), TELEGRAM_CIDRS));
  }

  static String or(String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : value;
  }

  static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
