package io.tglake.bench;

import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.ObjectStores;
import io.tglake.etl.store.S3ObjectStore;
import io.tglake.etl.store.S3Settings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The local-s3 child JVM ({@code io.tglake.locals3.LocalS3Server}: gaul s3proxy over its in-memory
 * store, behind a proxy adding a fixed latency to each request) on the local-s3 module's own
 * classpath, which s3proxy 4.x needs (Jetty 12 ee10, Servlet 6, jackson-annotations 2.20+) and
 * Spark's jars would clash with. The benchmark uploads the raw day to it through the S3 API
 * (straight to s3proxy, no latency), and the ETL reads it through the proxy.
 */
final class LocalS3 implements AutoCloseable {

  static final String MAIN = "io.tglake.locals3.LocalS3Server";
  static final String BUCKET = "tglake-bench";

  /**
   * Throwaway credentials of the local server; the ETL child gets them the way it reads them, from
   * the env.
   */
  static final Map<String, String> ENV =
      Map.of(
          "AWS_ACCESS_KEY_ID",
          "bench-access-key",
          "AWS_SECRET_ACCESS_KEY",
          "bench-secret-key",
          "AWS_REGION",
          "us-east-1");

  /**
   * Objects are held in the server's heap (~1 KB each with overhead); enough for 10^5–10^6 small
   * objects.
   */
  private static final String HEAP = "-Xmx2g";

  private final Process process;
  private final BufferedReader stdout;
  private final PrintWriter stdin;
  private final String s3proxyEndpoint;
  private final String proxyEndpoint;

  private LocalS3(
      Process process, BufferedReader stdout, String s3proxyEndpoint, String proxyEndpoint) {
    this.process = process;
    this.stdout = stdout;
    this.stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    this.s3proxyEndpoint = s3proxyEndpoint;
    this.proxyEndpoint = proxyEndpoint;
  }

  /** Starts the server and waits for its {@code ready} line; its log goes to {@code log}. */
  static LocalS3 start(ChildJvm jvm, int latencyMs, Path log) {
    String classpath =
        jvm.localS3Classpath()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "--s3-latency-ms needs the local-s3 module built (bin/tglake bench builds it; or "
                            + "./mvnw -pl local-s3 -am package -DskipTests)"));
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder pb =
          new ProcessBuilder(
                  jvm.command(
                      List.of(HEAP),
                      classpath,
                      MAIN,
                      List.of("--latency-ms", String.valueOf(latencyMs))))
              .redirectError(log.toFile());
      pb.environment().putAll(ENV);
      Process p = pb.start();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String ready = out.readLine();
      if (ready == null || !ready.startsWith("ready ")) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "local-s3 did not start (log " + log + "):\n" + ChildJvm.tail(log, 25));
      }
      String s3proxy = ready.replaceAll(".*s3proxy=(\\S+).*", "$1");
      String proxy = ready.replaceAll(".*proxy=(\\S+)$", "$1");
      return new LocalS3(p, out, s3proxy, proxy);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long pid() {
    return process.pid();
  }

  /** Where the ETL reads: the latency proxy. */
  String proxyEndpoint() {
    return proxyEndpoint;
  }

  /** The raw lake's root in the bucket. */
  static String rawUri() {
    return "s3a://" + BUCKET + "/raw";
  }

  /**
   * CPU the server process (s3proxy and the proxy) has used so far: user + system time of {@code
   * /proc/<pid>/stat}, which is what the JDK reports for a live process on Linux.
   */
  double cpuSeconds() {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L) / 1e9;
  }

  /** Request bursts the proxy has forwarded so far (about one per request). */
  long requests() {
    try {
      stdin.println("stats");
      String line = stdout.readLine();
      if (line == null || !line.startsWith("stats bursts=")) {
        throw new IllegalStateException("local-s3 answered " + line);
      }
      return Long.parseLong(line.substring("stats bursts=".length()).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Creates the bucket and PUTs every {@code *.json} of {@code dayDir} under {@code raw/<dayDir
   * name>/}, 32 at a time, through the S3 API straight to s3proxy (the latency is for the ETL's
   * reads).
   *
   * @return objects uploaded
   */
  long upload(Path dayDir) {
    S3Settings settings =
        new S3Settings(
            s3proxyEndpoint,
            ENV.get("AWS_ACCESS_KEY_ID"),
            ENV.get("AWS_SECRET_ACCESS_KEY"),
            32,
            S3Settings.DEFAULT_MAX_ATTEMPTS);
    try (S3Client s3 = S3ObjectStore.client(settings)) {
      s3.createBucket(r -> r.bucket(BUCKET));
    }
    String prefix = dayDir.getFileName() + "/";
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try (ObjectStore store = ObjectStores.open(rawUri(), settings);
        Stream<Path> files = Files.list(dayDir)) {
      List<Future<?>> pending = new ArrayList<>();
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
        pending.add(
            pool.submit(
                () -> {
                  store.put(prefix + f.getFileName(), f);
                  return null;
                }));
      }
      for (Future<?> f : pending) {
        f.get();
      }
      return pending.size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("upload to local-s3 failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Ends the server (end of its stdin), or kills it after 10 s. */
  @Override
  public void close() {
    stdin.close();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
