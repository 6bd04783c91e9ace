package io.tglake.infra;

import io.tglake.contract.LakeLayout;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Everything a deployment may tune, read from CDK context ({@code cdk deploy -c key=value} or the
 * {@code context} block of {@code cdk.json}); every key has a default, so a plain {@code cdk
 * deploy} works.
 *
 * @param rawPrefix folder of the raw layer inside the raw bucket ({@code rawPrefix}, default {@code
 *     telegram})
 * @param enrichedPrefix folder of the enriched layer inside the lake bucket ({@code
 *     enrichedPrefix}, {@code enriched})
 * @param database Glue database name ({@code database}, {@code tglake})
 * @param localTz zone of the local-time view ({@code localTz}, {@code America/Sao_Paulo})
 * @param scheduleCron EventBridge Scheduler expression of the daily ETL ({@code scheduleCron},
 *     {@code cron(30 1 * * ? *)}); it must fire after 00:00 UTC of the day to process the UTC day
 *     before, because the job processes the UTC day before the scheduled time
 * @param scheduleTimezone zone the cron is evaluated in ({@code scheduleTimezone}, {@code UTC})
 * @param intradayMinutes minutes between intraday refreshes of today's partitions ({@code
 *     intradayRefreshMinutes}, 60; 0 = no intraday schedule), see {@link IntradayEtl}
 * @param allowedChatIds comma-separated chat ids stored by the webhook; empty = all ({@code
 *     allowedChatIds})
 * @param alertEmail optional e-mail subscribed to the alerts topic ({@code alertEmail})
 * @param maxCpu EMR Serverless maximum capacity, vCPU ({@code emrMaxCpu}, {@code 16 vCPU})
 * @param maxMemory EMR Serverless maximum capacity, memory ({@code emrMaxMemory}, {@code 64 GB})
 * @param athenaBytesCutoff per-query bytes-scanned limit of the workgroup ({@code
 *     athenaBytesCutoff}, 10 GiB)
 * @param lambdaMemoryMb ingest function memory ({@code lambdaMemoryMb}, 1024)
 * @param secretGeneration bump after changing the webhook secret's value ({@code
 *     webhookSecretGeneration}, 1): the function reads the secret at init, which SnapStart
 *     snapshots, so a new value needs a new published version; changing this publishes one
 * @param ops alarm thresholds and flood limits ({@link OpsSettings})
 * @param data retention and pseudonymization ({@link DataSettings})
 * @param bot relay mode and Bot API pass-through ({@link BotSettings}; off by default)
 * @param assetsDir folder holding {@code tglake-ingest-lambda-lambda.jar} and {@code
 *     tglake-spark-etl.jar} ({@code assetsDir}, {@code target/assets}, filled by {@code mvn
 *     package})
 */
public record StackConfig(
    String rawPrefix,
    String enrichedPrefix,
    String database,
    String localTz,
    String scheduleCron,
    String scheduleTimezone,
    int intradayMinutes,
    String allowedChatIds,
    String alertEmail,
    String maxCpu,
    String maxMemory,
    long athenaBytesCutoff,
    int lambdaMemoryMb,
    int secretGeneration,
    Path assetsDir,
    OpsSettings ops,
    DataSettings data,
    BotSettings bot) {

  /** File name of the shaded Lambda jar inside {@link #assetsDir}. */
  public static final String LAMBDA_JAR = "tglake-ingest-lambda-lambda.jar";

  /** File name of the Spark job jar inside {@link #assetsDir}. */
  public static final String JOB_JAR = "tglake-spark-etl.jar";

  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");
  private static final Pattern DATABASE = Pattern.compile("[a-z_][a-z0-9_]*");
  private static final Pattern CHAT_IDS = Pattern.compile("\\s*(-?\\d+\\s*(,\\s*-?\\d+\\s*)*)?");

  public StackConfig {
    require(
        PREFIX.matcher(rawPrefix).matches(),
        "rawPrefix must be a folder without surrounding slashes: " + rawPrefix);
    require(
        PREFIX.matcher(enrichedPrefix).matches(),
        "enrichedPrefix must be a folder without surrounding slashes: " + enrichedPrefix);
    require(
        DATABASE.matcher(database).matches(), "database must match [a-z_][a-z0-9_]*: " + database);
    zone("localTz", localTz);
    zone("scheduleTimezone", scheduleTimezone);
    require(
        scheduleCron.startsWith("cron(") && scheduleCron.endsWith(")"),
        "scheduleCron must be an EventBridge Scheduler cron(...) expression: " + scheduleCron);
    require(
        intradayMinutes == 0
            || (intradayMinutes >= IntradayEtl.MIN_MINUTES && intradayMinutes <= 720),
        "intradayRefreshMinutes must be 0 (off) or within "
            + IntradayEtl.MIN_MINUTES
            + "..720: "
            + intradayMinutes);
    require(
        CHAT_IDS.matcher(allowedChatIds).matches(),
        "allowedChatIds must be comma-separated integers: " + allowedChatIds);
    require(
        athenaBytesCutoff >= 10L * 1024 * 1024,
        "athenaBytesCutoff must be at least 10 MB (Athena's minimum)");
    require(secretGeneration >= 1, "webhookSecretGeneration must be >= 1");
    require(
        lambdaMemoryMb >= 512 && lambdaMemoryMb <= 10240,
        "lambdaMemoryMb must be within 512..10240");
  }

  /** The defaults, with artifacts read from {@code assetsDir}. */
  public static StackConfig defaults(Path assetsDir) {
    return fromContext(key -> null, assetsDir);
  }

  /**
   * Reads the context keys named on the record components; absent keys take their defaults.
   *
   * @param context a context lookup, e.g. {@code key -> node.tryGetContext(key)}
   * @param defaultAssetsDir used when {@code assetsDir} is not in the context
   */
  public static StackConfig fromContext(Function<String, Object> context, Path defaultAssetsDir) {
    Function<String, String> get =
        key -> {
          Object v = context.apply(key);
          if (v instanceof Number n) {
            // cdk.json numbers arrive through jsii as doubles; "1.073741824E10" would not parse as
            // a long.
            return n.doubleValue() == Math.rint(n.doubleValue())
                ? String.valueOf(n.longValue())
                : String.valueOf(n);
          }
          return v == null ? null : String.valueOf(v).strip();
        };
    String assets = get.apply("assetsDir");
    return new StackConfig(
        or(get.apply("rawPrefix"), LakeLayout.DEFAULT_RAW_PREFIX),
        or(get.apply("enrichedPrefix"), LakeLayout.DEFAULT_ENRICHED_PREFIX),
        or(get.apply("database"), "tglake"),
        or(get.apply("localTz"), "America/Sao_Paulo"),
        or(get.apply("scheduleCron"), "cron(30 1 * * ? *)"),
        or(get.apply("scheduleTimezone"), "UTC"),
        Integer.parseInt(or(get.apply("intradayRefreshMinutes"), "60")),
        or(get.apply("allowedChatIds"), ""),
        or(get.apply("alertEmail"), ""),
        or(get.apply("emrMaxCpu"), "16 vCPU"),
        or(get.apply("emrMaxMemory"), "64 GB"),
        Long.parseLong(
            or(get.apply("athenaBytesCutoff"), String.valueOf(10L * 1024 * 1024 * 1024))),
        Integer.parseInt(or(get.apply("lambdaMemoryMb"), "1024")),
        Integer.parseInt(or(get.apply("webhookSecretGeneration"), "1")),
        assets == null ? defaultAssetsDir : Path.of(assets),
        OpsSettings.fromContext(get),
        DataSettings.fromContext(get),
        BotSettings.fromContext(get));
  }

  /** The shaded ingest jar. */
  public Path lambdaJar() {
    return assetsDir.resolve(LAMBDA_JAR);
  }

  /** The Spark job jar. */
  public Path jobJar() {
    return assetsDir.resolve(JOB_JAR);
  }

  private static String or(String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : value;
  }

  private static void zone(String key, String value) {
    try {
      ZoneId.of(value);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(key + " is not an IANA time zone: " + value, e);
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
