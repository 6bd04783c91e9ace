package io.tglake.etl;

import io.tglake.etl.lease.DayLease;
import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.ObjectStores;
import io.tglake.etl.store.S3Settings;
import io.tglake.etl.store.TestS3Settings;
import io.tglake.testkit.FaultProxy;
import io.tglake.testkit.S3ProxyServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Measurement harness (not a test; numbers only): the write phase of one day ({@link
 * TableWriter#writeAll}, five tables, N generated updates) to an {@code s3a://} lake on gaul
 * s3proxy behind {@link FaultProxy} adding a fixed latency to every request, with Spark's commit
 * (the path before the upload commit: FileOutputCommitter v1 and dynamic partition overwrite
 * through S3A) and with the upload commit, alternately, in one JVM. The tables are computed and
 * cached first, so only the writes are timed. Run: {@code java -cp <spark-etl test classpath>
 * io.tglake.etl.S3WriteBenchmark N LATENCY_MS RUNS}.
 */
public final class S3WriteBenchmark {

  private static final String ENRICHED = "s3a://lake/enriched";

  public static void main(String[] argv) throws Exception {
    int n = Integer.parseInt(argv[0]);
    int latency = Integer.parseInt(argv[1]);
    int runs = Integer.parseInt(argv[2]);
    try (S3ProxyServer server = S3ProxyServer.start("lake");
        FaultProxy proxy = new FaultProxy(server.port());
        ObjectStore lake =
            ObjectStores.open(
                ENRICHED,
                new S3Settings(
                    proxy.endpoint(),
                    S3ProxyServer.KEY,
                    S3ProxyServer.SECRET,
                    16,
                    S3Settings.DEFAULT_MAX_ATTEMPTS));
        ObjectStore direct = ObjectStores.open(ENRICHED, TestS3Settings.of(server))) {
      SparkSession spark =
          SparkSession.builder()
              .master("local[*]")
              .appName("s3-write-bench")
              .config("spark.ui.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
      EtlSession.configureSession(spark);
      var hadoop = spark.sparkContext().hadoopConfiguration();
      hadoop.set("fs.s3a.access.key", S3ProxyServer.KEY);
      hadoop.set("fs.s3a.secret.key", S3ProxyServer.SECRET);
      EtlSession.configureS3a(hadoop, proxy.endpoint());

      Map<String, Dataset<Row>> tables = tables(spark, n);
      proxy.latencyMillis(latency);
      Map<String, List<Double>> seconds = new LinkedHashMap<>();
      try (DayLease lease =
          DayLease.acquire(direct, Fixtures.DAY, "bench", Duration.ofHours(1), Duration.ZERO)) {
        for (int r = 0; r < runs; r++) {
          for (String path : List.of("spark", "upload")) {
            Optional<UploadCommit> upload =
                path.equals("upload") ? Optional.of(new UploadCommit(lake)) : Optional.empty();
            DayProgress progress = new DayProgress("bench", Instant.now(), false);
            proxy.reset();
            long t = System.nanoTime();
            TableWriter.Written w =
                new TableWriter(spark, hadoop, ENRICHED, upload, "bench", lease, progress, () -> {})
                    .writeAll(tables, Fixtures.DAY);
            double s = (System.nanoTime() - t) / 1e9;
            seconds.computeIfAbsent(path, k -> new ArrayList<>()).add(s);
            System.out.printf(
                Locale.ROOT,
                "%-6s commit %6.1f s  rows=%s  requests: copies %d, PUT %d, GET %d, HEAD %d,"
                    + " DELETE %d, POST %d; files %s%n",
                path,
                s,
                w.rows().values(),
                proxy.copies(),
                proxy.requests("PUT") - proxy.copies(),
                proxy.requests("GET"),
                proxy.requests("HEAD"),
                proxy.requests("DELETE"),
                proxy.requests("POST"),
                progress.written().values());
          }
        }
      }
      System.out.printf(
          Locale.ROOT,
          "SUMMARY write phase, n=%d updates, +%d ms per request, %d runs each%n",
          n,
          latency,
          runs);
      for (var e : seconds.entrySet()) {
        System.out.printf(
            Locale.ROOT,
            "  %-6s commit: median %.1f s, runs %s%n",
            e.getKey(),
            median(e.getValue()),
            e.getValue());
      }
      spark.stop();
    }
  }

  /**
   * The five tables of N generated updates (text, captioned photo, callback query), computed and
   * cached.
   */
  private static Map<String, Dataset<Row>> tables(SparkSession spark, int n) {
    String[] json = new String[n];
    for (int i = 0; i < n; i++) {
      json[i] = body(i, 700_000_000L + i);
    }
    Dataset<Row> updates = Fixtures.updates(spark, json).persist(StorageLevel.MEMORY_AND_DISK());
    Map<String, Dataset<Row>> tables = Tables.all(updates);
    tables.replaceAll((name, df) -> df.persist(StorageLevel.MEMORY_AND_DISK()));
    tables.forEach(
        (name, df) -> System.out.printf(Locale.ROOT, "table %s: %d rows%n", name, df.count()));
    return tables;
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int m = s.size() / 2;
    return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
  }

  /**
   * A small update of one of three shapes (callback, photo with caption, command text), as the
   * ingest stores them.
   */
  static String body(int i, long id) {
    String user =
        "{\"id\":"
            + (1000 + i % 500)
            + ",\"is_bot\":false,\"first_name\":\"User"
            + (i % 500)
            + "\",\"language_code\":\"pt-br\"}";
    String chat =
        "{\"id\":-100"
            + (i % 7)
            + ",\"type\":\"supergroup\",\"title\":\"Support "
            + (i % 7)
            + "\"}";
    return switch (i % 10) {
      case 0 ->
          "{\"update_id\":"
              + id
              + ",\"callback_query\":{\"id\":\"cq"
              + i
              + "\",\"from\":"
              + user
              + ",\"chat_instance\":\"1\",\"data\":\"helpful:yes\"}}";
      case 1 ->
          "{\n  \"update_id\": "
              + id
              + ",\n  \"message\": {\"message_id\": "
              + i
              + ", \"date\": 1772400000,"
              + " \"chat\": "
              + chat
              + ", \"from\": "
              + user
              + ", \"photo\": [{\"file_id\":\"p"
              + i
              + "\",\"file_unique_id\":"
              + "\"u"
              + i
              + "\",\"width\":90,\"height\":90}], \"caption\": \"screenshot of the error\"}\n}";
      default ->
          "{\"update_id\":"
              + id
              + ",\"message\":{\"message_id\":"
              + i
              + ",\"date\":"
              + (1772400000 + i)
              + ",\"chat\":"
              + chat
              + ",\"from\":"
              + user
              + ",\"text\":\"/start my order "
              + i
              + " is late 😀\","
              + "\"entities\":[{\"offset\":0,\"length\":6,\"type\":\"bot_command\"}]}}";
    };
  }
}
