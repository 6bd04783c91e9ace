package io.tglake.sample;

import org.apache.spark.sql.SparkSession;

/** The one local SparkSession of the test JVM (starting Spark costs seconds; every test class shares it). */
public final class SharedSpark {

  private static SparkSession session;

  private SharedSpark() {}

  /** The test JVM's shared local[2] session, started on first use. */
  public static synchronized SparkSession get() {
    if (session == null) {
      session = SparkSession.builder()
          .master("local[2]")
          .appName("tglake-sample-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.default.parallelism", "2")
          .config("spark.sql.session.timeZone", "UTC")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.adaptive.enabled", "true")
          .getOrCreate();
    }
    return session;
  }
}
