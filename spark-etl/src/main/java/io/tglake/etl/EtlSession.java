package io.tglake.etl;

import io.tglake.etl.store.S3Settings;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/** The Spark and Hadoop settings every run needs, and how the job's own readers reach S3. */
final class EtlSession {

  private EtlSession() {}

  /**
   * Settings every run needs; runtime SQL confs, so they also apply to a caller's existing session.
   */
  static void configureSession(SparkSession spark) {
    var conf = spark.conf();
    conf.set("spark.sql.session.timeZone", "UTC");
    conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    conf.set("spark.sql.parquet.compression.codec", "zstd");
    // A day is tens of thousands of ~1 KB objects. The default open cost (4 MB) makes Spark plan
    // ~32 files
    // per task, i.e. thousands of tasks; a small open cost packs them into a few large tasks.
    conf.set("spark.sql.files.openCostInBytes", "8192");
    conf.set("spark.sql.files.maxPartitionBytes", String.valueOf(64L * 1024 * 1024));
    // Spark 4 lower-cases through ICU by default; its first use builds ICU's break-iterator data
    // (seconds of one
    // core per JVM), and the job lower-cases only bot commands, which are ASCII: the JVM's mapping
    // is the same.
    conf.set("spark.sql.icu.caseMappings.enabled", "false");
    // The day's cached frames are unique JSON texts and parsed structs: dictionary/RLE compression
    // cannot win
    // there, but gathering its statistics costs a hash of every value.
    conf.set("spark.sql.inMemoryColumnarStorage.compressed", "false");
    // Object stores and local disks have no locality worth a block-location lookup per tiny file.
    conf.set("spark.sql.sources.ignoreDataLocality", "true");
    // Dedup windows and unions are small; don't plan 200 shuffle partitions for them.
    if ("200".equals(conf.get("spark.sql.shuffle.partitions"))) {
      conf.set("spark.sql.shuffle.partitions", "8");
    }
    // The classic FileOutputCommitter (v1) behind Spark's dynamic partition overwrite: task output
    // is
    // staged under <table>/.spark-staging-<job>/ and only moved into the day partition at job
    // commit.
    spark
        .sparkContext()
        .hadoopConfiguration()
        .set("mapreduce.fileoutputcommitter.algorithm.version", "1");
  }

  /**
   * s3a:// against an S3-compatible endpoint: path-style addressing, region for request signing.
   */
  static void configureS3a(Configuration conf, String endpoint) {
    conf.set("fs.s3a.endpoint", endpoint);
    conf.set("fs.s3a.path.style.access", "true");
    conf.set("fs.s3a.connection.ssl.enabled", String.valueOf(endpoint.startsWith("https")));
    String region = S3Settings.region(System.getenv(), Optional.of(endpoint));
    conf.set("fs.s3a.endpoint.region", region);
    String key = System.getenv("AWS_ACCESS_KEY_ID");
    String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
    if (key != null && secret != null) {
      conf.set(
          "fs.s3a.aws.credentials.provider",
          "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
      conf.set("fs.s3a.access.key", key);
      conf.set("fs.s3a.secret.key", secret);
    }
  }

  /**
   * How the reader reaches S3: {@code --s3-endpoint}, and for s3a:// the static keys S3A itself
   * would use ({@code fs.s3a.access.key}/{@code secret.key} in the Hadoop configuration) when they
   * are set; otherwise the SDK's default chain (environment, EMR's job role).
   */
  static S3Settings s3Settings(JobArgs args, Configuration hadoop, String root) {
    S3Settings s = S3Settings.of(args.s3Endpoint()).withMaxConnections(args.readConcurrency());
    String key = hadoop.getTrimmed("fs.s3a.access.key");
    String secret = hadoop.getTrimmed("fs.s3a.secret.key");
    if (root.startsWith("s3a://")
        && key != null
        && !key.isEmpty()
        && secret != null
        && !secret.isEmpty()) {
      s = s.withCredentials(key, secret);
    }
    return s;
  }
}
