package io.tglake.testkit;

import org.apache.spark.sql.SparkSession;

/**
 * The test JVMs' local Spark settings, in one place, and the one shared session of a test JVM
 * (starting Spark costs seconds; every test class shares it). Spark's {@code provided} here: the
 * calling module brings its own.
 */
public final class SharedSpark {

  private static SparkSession session;

  private SharedSpark() {}

  /**
   * The test JVM's shared {@code local[2]} session, started on first use and never stopped (the JVM
   * ends it).
   */
  public static synchronized SparkSession get() {
    if (session == null) {
      session = builder("tglake-tests").getOrCreate();
    }
    return session;
  }

  /**
   * A builder with the test settings, for a test that needs a session of its own shape (Hive
   * support, a warehouse directory): {@code local[2]}, no UI, UTC, two shuffle partitions, driver
   * bound to 127.0.0.1. Note that {@code getOrCreate} returns the shared session if one is already
   * running in this JVM.
   */
  public static SparkSession.Builder builder(String appName) {
    return SparkSession.builder()
        .master("local[2]")
        .appName(appName)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.adaptive.enabled", "true");
  }
}
