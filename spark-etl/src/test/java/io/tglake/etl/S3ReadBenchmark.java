package io.tglake.etl;

import io.tglake.etl.store.FaultProxy;
import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.ObjectStores;
import io.tglake.etl.store.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.SparkSession;

/**
 * Measurement harness (not a test; numbers only): one day of N raw objects read by the job from local disk and
 * from gaul s3proxy behind {@link FaultProxy} adding a fixed latency to every request, the same objects uploaded
 * through the S3 API. Lives with the tests because s3proxy 4.x needs the test classpath (Servlet 6, Jackson
 * annotations 2.20+). Run:
 * {@code java -cp <spark-etl test classpath> io.tglake.etl.S3ReadBenchmark N LATENCY_MS RUNS [s3-enriched]}.
 */
public final class S3ReadBenchmark {

  private static final LocalDate DAY = LocalDate.parse("2026-03-02");

  public static void main(String[] argv) throws Exception {
    int n = Integer.parseInt(argv[0]);
    int latency = Integer.parseInt(argv[1]);
    int runs = Integer.parseInt(argv[2]);
    boolean s3Enriched = argv.length > 3 && argv[3].equals("s3-enriched");
    Path work = Files.createTempDirectory("tglake-s3bench-");
    try (S3ProxyServer server = S3ProxyServer.start("raw", "lake");
        FaultProxy proxy = new FaultProxy(server.port())) {
      Path localRaw = work.resolve("raw");
      long t0 = System.nanoTime();
      write(n, localRaw, server);
      System.out.printf(Locale.ROOT, "generated %d objects (local + uploaded through the S3 API) in %.1f s%n", n,
          (System.nanoTime() - t0) / 1e9);
      proxy.latencyMillis(latency);

      long s0 = System.nanoTime();
      SparkSession spark = SparkSession.builder().master("local[*]").appName("s3-read-bench")
          .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
      double session = (System.nanoTime() - s0) / 1e9;
      spark.sparkContext().hadoopConfiguration().set("fs.s3a.access.key", S3ProxyServer.KEY);
      spark.sparkContext().hadoopConfiguration().set("fs.s3a.secret.key", S3ProxyServer.SECRET);
      System.out.printf(Locale.ROOT, "spark session start %.1f s (once per JVM)%n", session);

      List<Double> local = new ArrayList<>();
      List<Double> s3 = new ArrayList<>();
      for (int r = 0; r < runs; r++) {
        local.add(run(spark, JobArgs.forDay(localRaw.toString(), work.resolve("enriched-local").toString(), DAY),
            "local disk", n));
        String enriched = s3Enriched ? "s3a://lake/enriched" : work.resolve("enriched-s3").toString();
        int gets = proxy.requests("GET");
        s3.add(run(spark, JobArgs.forDay("s3a://raw/telegram", enriched, DAY).withS3Endpoint(proxy.endpoint()),
            "s3 +" + latency + " ms", n));
        System.out.printf(Locale.ROOT, "  requests through the proxy this run: GET %d, HEAD %d (cumulative)%n",
            proxy.requests("GET") - gets, proxy.requests("HEAD"));
      }
      System.out.printf(Locale.ROOT, "SUMMARY n=%d latency=%dms runs=%d session=%.1fs%n", n, latency, runs, session);
      System.out.printf(Locale.ROOT, "  local disk : %s%n", stats(local));
      System.out.printf(Locale.ROOT, "  s3 +%d ms  : %s%n", latency, stats(s3));
      System.out.printf(Locale.ROOT, "  ratio of medians s3/local: %.2f (with session start added to both: %.2f)%n",
          median(s3) / median(local), (median(s3) + session) / (median(local) + session));
      spark.stop();
    }
  }

  private static double run(SparkSession spark, JobArgs args, String label, int n) {
    long t = System.nanoTime();
    DayResult day = TelegramEtlJob.run(spark, args).single();
    double s = (System.nanoTime() - t) / 1e9;
    if (day.status() != DayResult.Status.SUCCEEDED || day.objectsRead() != n) {
      throw new IllegalStateException(label + ": " + day);
    }
    System.out.printf(Locale.ROOT, "%-12s %6.1f s  objects=%d updates=%d%n", label, s, day.objectsRead(),
        day.updates());
    return s;
  }

  private static String stats(List<Double> xs) {
    List<Double> sorted = new ArrayList<>(xs);
    Collections.sort(sorted);
    return String.format(Locale.ROOT, "median %.1f s, min %.1f s, max %.1f s, runs %s", median(xs),
        sorted.get(0), sorted.get(sorted.size() - 1), xs);
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int m = s.size() / 2;
    return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
  }

  /** N updates of mixed kinds (text, captioned photo, callback query), one object each, as the ingest stores them. */
  private static void write(int n, Path localRaw, S3ProxyServer server) throws Exception {
    Path dir = localRaw.resolve("context_date=" + DAY);
    Files.createDirectories(dir);
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try (ObjectStore s3 = ObjectStores.open("s3a://raw/telegram", server.settings().withMaxConnections(32))) {
      List<Future<?>> pending = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        long id = 700_000_000L + i;
        String body = body(i, id);
        String key = "context_date=" + DAY + "/" + id + ".json";
        Files.writeString(dir.resolve(id + ".json"), body);
        pending.add(pool.submit(() -> {
          s3.put(key, body.getBytes(StandardCharsets.UTF_8));
          return null;
        }));
      }
      for (Future<?> f : pending) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static String body(int i, long id) {
    String user = "{\"id\":" + (1000 + i % 500) + ",\"is_bot\":false,\"first_name\":\"User" + (i % 500)
        + "\",\"language_code\":\"pt-br\"}";
    String chat = "{\"id\":-100" + (i % 7) + ",\"type\":\"supergroup\",\"title\":\"Support " + (i % 7) + "\"}";
    return switch (i % 10) {
      case 0 -> "{\"update_id\":" + id + ",\"callback_query\":{\"id\":\"cq" + i + "\",\"from\":" + user
          + ",\"chat_instance\":\"1\",\"data\":\"helpful:yes\"}}";
      case 1 -> "{\n  \"update_id\": " + id + ",\n  \"message\": {\"message_id\": " + i + ", \"date\": 1772400000,"
          + " \"chat\": " + chat + ", \"from\": " + user + ", \"photo\": [{\"file_id\":\"p" + i + "\",\"file_unique_id\":"
          + "\"u" + i + "\",\"width\":90,\"height\":90}], \"caption\": \"screenshot of the error\"}\n}";
      default -> "{\"update_id\":" + id + ",\"message\":{\"message_id\":" + i + ",\"date\":" + (1772400000 + i)
          + ",\"chat\":" + chat + ",\"from\":" + user + ",\"text\":\"/start my order " + i + " is late 😀\","
          + "\"entities\":[{\"offset\":0,\"length\":6,\"type\":\"bot_command\"}]}}";
    };
  }
}
