package io.tglake.infra;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.emrserverless.CfnApplication;
import software.constructs.Construct;

/**
 * The EMR Serverless application the ETL runs on ({@code tglake-etl}): release, architecture, auto
 * start/stop, the capacity cap, and the Spark properties every run gets (application defaults, so
 * the daily schedule and the CLI's submits and backfills behave the same).
 */
final class EtlApplication extends Construct implements Concern {

  /** The EMR Serverless release of the application. */
  static final String EMR_RELEASE = "emr-spark-8.0.0";

  /**
   * Spark properties of every job run (application defaults, so the daily schedule and the CLI's
   * submits/backfills behave the same).
   */
  static final Map<String, String> SPARK_DEFAULTS = sparkDefaults();

  private final CfnApplication application;

  /**
   * @param logUri where EMR Serverless writes driver/executor logs
   */
  EtlApplication(Construct scope, String id, StackConfig config, String logUri) {
    super(scope, id);
    application = emrApplication(config, logUri);
  }

  CfnApplication application() {
    return application;
  }

  private CfnApplication emrApplication(StackConfig config, String logUri) {
    return CfnApplication.Builder.create(this, "EtlApplication")
        .name("tglake-etl")
        .releaseLabel(EMR_RELEASE)
        .type("SPARK")
        // Graviton: about 20% cheaper per vCPU-hour; the job is pure JVM bytecode.
        .architecture("ARM64")
        .autoStartConfiguration(
            CfnApplication.AutoStartConfigurationProperty.builder().enabled(true).build())
        // One run a day: release the workers soon after a run (no idle billing).
        .autoStopConfiguration(
            CfnApplication.AutoStopConfigurationProperty.builder()
                .enabled(true)
                .idleTimeoutMinutes(15)
                .build())
        // Caps what a runaway backfill can cost.
        .maximumCapacity(
            CfnApplication.MaximumAllowedResourcesProperty.builder()
                .cpu(config.maxCpu())
                .memory(config.maxMemory())
                .disk("400 GB")
                .build())
        .runtimeConfiguration(
            List.of(
                CfnApplication.ConfigurationObjectProperty.builder()
                    .classification("spark-defaults")
                    .properties(withRegion(SPARK_DEFAULTS))
                    .build()))
        .monitoringConfiguration(
            CfnApplication.MonitoringConfigurationProperty.builder()
                .s3MonitoringConfiguration(
                    CfnApplication.S3MonitoringConfigurationProperty.builder()
                        .logUri(logUri)
                        .build())
                // The driver's stdout carries the ETL's per-day EMF lines; Alerts turns them into
                // metrics.
                .cloudWatchLoggingConfiguration(
                    CfnApplication.CloudWatchLoggingConfigurationProperty.builder()
                        .enabled(true)
                        .logGroupName(DailyEtl.JOB_LOG_GROUP)
                        .logTypeMap(
                            List.of(
                                CfnApplication.LogTypeMapKeyValuePairProperty.builder()
                                    .key("SPARK_DRIVER")
                                    .value(List.of("STDOUT", "STDERR"))
                                    .build()))
                        .build())
                .build())
        .build();
  }

  /**
   * The stack's Region as {@code AWS_REGION} in the driver's and every executor's environment, for
   * every run of the application (scheduled, {@code emr submit}, erasure): the job's S3 clients
   * take their Region from it and refuse to start without one, rather than relying on what the EMR
   * Serverless containers happen to set.
   */
  private Map<String, String> withRegion(Map<String, String> defaults) {
    Map<String, String> p = new LinkedHashMap<>(defaults);
    String region = Stack.of(this).getRegion();
    p.put("spark.emr-serverless.driverEnv.AWS_REGION", region);
    p.put("spark.executorEnv.AWS_REGION", region);
    return p;
  }

  private static Map<String, String> sparkDefaults() {
    Map<String, String> p = new LinkedHashMap<>();
    // Rewrites exactly the days a run produced, so re-running a day (or a backfill) never touches
    // others.
    p.put("spark.sql.sources.partitionOverwriteMode", "dynamic");
    // Partitions and timestamps are UTC by contract, whatever the worker's zone.
    p.put("spark.sql.session.timeZone", "UTC");
    p.put("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    // The job addresses files by path; an in-memory catalog means no Glue calls (and no Glue
    // permissions).
    p.put("spark.sql.catalogImplementation", "in-memory");
    // A day of a support bot is tens of MB: small workers, few of them (sizes and the cap check:
    // EtlCapacity).
    EtlCapacity c = EtlCapacity.DEFAULT;
    p.put("spark.driver.cores", String.valueOf(c.driverCores()));
    p.put("spark.driver.memory", c.driverMemoryGb() + "g");
    p.put("spark.executor.cores", String.valueOf(c.executorCores()));
    p.put("spark.executor.memory", c.executorMemoryGb() + "g");
    p.put("spark.dynamicAllocation.enabled", "true");
    p.put("spark.dynamicAllocation.minExecutors", "1");
    p.put("spark.dynamicAllocation.maxExecutors", String.valueOf(c.maxExecutors()));
    p.put("spark.sql.adaptive.enabled", "true");
    return Collections.unmodifiableMap(p);
  }
}
