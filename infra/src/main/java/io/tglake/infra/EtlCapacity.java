package io.tglake.infra;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Worker sizes of one ETL job run (driver + dynamically allocated executors) and the check that its
 * peak fits the EMR Serverless application's maximum capacity. A run whose peak exceeds the cap is
 * not rejected by EMR: it silently runs with fewer executors than configured, so the cap and the
 * Spark defaults must agree.
 *
 * @param driverCores {@code spark.driver.cores}
 * @param driverMemoryGb {@code spark.driver.memory}, GB
 * @param executorCores {@code spark.executor.cores}
 * @param executorMemoryGb {@code spark.executor.memory}, GB
 * @param maxExecutors {@code spark.dynamicAllocation.maxExecutors}
 */
public record EtlCapacity(
    int driverCores,
    int driverMemoryGb,
    int executorCores,
    int executorMemoryGb,
    int maxExecutors) {

  /**
   * The defaults: 2 + 3 × 4 = 14 vCPU, within the default 16 vCPU cap (4 executors would ask for
   * 18). A day of a support bot is tens of MB, so three executors are plenty; a backfill is one job
   * run per chunk of up to {@code --chunk-days} days, read in one pass by these same executors
   * (memory bounded by the chunk, not the range).
   */
  public static final EtlCapacity DEFAULT = new EtlCapacity(2, 4, 4, 8, 3);

  private static final Pattern CPU =
      Pattern.compile("\\s*(\\d+)\\s*vCPU\\s*", Pattern.CASE_INSENSITIVE);
  private static final Pattern MEMORY =
      Pattern.compile("\\s*(\\d+)\\s*GB\\s*", Pattern.CASE_INSENSITIVE);

  public EtlCapacity {
    if (driverCores < 1
        || executorCores < 1
        || driverMemoryGb < 1
        || executorMemoryGb < 1
        || maxExecutors < 1) {
      throw new IllegalArgumentException("EMR worker sizes must be positive: " + this);
    }
  }

  /** vCPU of the driver plus every executor dynamic allocation may start. */
  public int peakCpu() {
    return driverCores + maxExecutors * executorCores;
  }

  /**
   * Memory of the driver plus every executor, each with Spark's default overhead (10 %, at least
   * 384 MB) and rounded up to whole GB, since a worker is sized as memory + overhead on a supported
   * step.
   */
  public int peakMemoryGb() {
    return withOverhead(driverMemoryGb) + maxExecutors * withOverhead(executorMemoryGb);
  }

  /**
   * Throws unless the peak fits the application's maximum capacity.
   *
   * @param maxCpu e.g. {@code "16 vCPU"}
   * @param maxMemory e.g. {@code "64 GB"}
   */
  public void requireFits(String maxCpu, String maxMemory) {
    int cpu = parse(CPU, maxCpu, "emrMaxCpu");
    int memory = parse(MEMORY, maxMemory, "emrMaxMemory");
    if (peakCpu() > cpu) {
      throw new IllegalArgumentException(
          "driver + max executors need "
              + peakCpu()
              + " vCPU ("
              + driverCores
              + " + "
              + maxExecutors
              + " x "
              + executorCores
              + ") but emrMaxCpu is "
              + maxCpu);
    }
    if (peakMemoryGb() > memory) {
      throw new IllegalArgumentException(
          "driver + max executors need "
              + peakMemoryGb()
              + " GB including overhead but emrMaxMemory is "
              + maxMemory);
    }
  }

  private static int withOverhead(int gb) {
    double overheadGb = Math.max(0.384, gb * 0.10);
    return (int) Math.ceil(gb + overheadGb);
  }

  private static int parse(Pattern pattern, String value, String key) {
    Matcher m = pattern.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          key + " must look like " + (pattern == CPU ? "\"16 vCPU\"" : "\"64 GB\"") + ": " + value);
    }
    return Integer.parseInt(m.group(1));
  }
}
