package io.tglake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.testkit.S3ProxyServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the shaded Lambda jar (target/*-lambda.jar, exactly what gets deployed) in fresh JVMs
 * against a real S3-compatible server, configured only through the function's environment
 * variables. Proves the minimized jar works end to end, and prints cold-start and warm-latency
 * numbers (a benchmark: nothing here asserts on time). A delivery the handler answers with 503
 * because the local S3 server failed it is redelivered, as Telegram would, and counted; any other
 * non-200 answer fails the test.
 */
class LambdaColdStartIT {
  private static final String BUCKET = "tglake-raw";
  private static final String TOKEN = "cold-start-token";

  /**
   * Fresh JVMs per mode (median reported); more with -Dtglake.coldstart.runs=N for README numbers.
   */
  private static final int RUNS = Integer.getInteger("tglake.coldstart.runs", 2);

  private static final int WARM_REQUESTS = Integer.getInteger("tglake.coldstart.warm", 100);

  /**
   * Close to what Lambda's Java runtime starts the JVM with (client compiler only, serial GC, CDS
   * on).
   */
  private static final List<String> LAMBDA_LIKE_FLAGS =
      List.of(
          "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");

  /**
   * How the store reports the S3 server's own failure: a 5xx status, or no answer at all (the SDK's
   * client-side failure: timeout, reset). The only causes for which the probe may redeliver an
   * update; any other exception in the line (a bug in the store or the handler) fails the test.
   */
  private static final java.util.regex.Pattern S3_SERVER_FAULT =
      java.util.regex.Pattern.compile(
          "\"error\":\"StorageException: PutObject s3://[^\"]* failed(: HTTP 5\\d\\d[^\"]*)?\"");

  @RegisterExtension static final TestS3 S3 = new TestS3(BUCKET);

  @Test
  void shadedJarStoresUpdatesFromAFreshJvmAndReportsColdStart() throws Exception {
    Path jar = Fixtures.shadedJar();
    System.out.printf("lambda jar: %s, %,d bytes%n", jar.getFileName(), Files.size(jar));
    String crtJars =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(e -> new File(e).getName().startsWith("aws-crt"))
            .collect(Collectors.joining(File.pathSeparator));
    Map<String, List<long[]>> results = new LinkedHashMap<>();
    long nextId = 900_000_000L;
    for (int run = 0; run < RUNS; run++) {
      for (String mode : List.of("production", "primed", "crt")) {
        String cp =
            jar
                + File.pathSeparator
                + Path.of("target", "test-classes")
                + ("crt".equals(mode) ? File.pathSeparator + crtJars : "");
        long[] r = runProbe(cp, mode, nextId);
        results.computeIfAbsent(mode, k -> new ArrayList<>()).add(r);
        String key =
            "telegram/context_date=" + LocalDate.now(ZoneOffset.UTC) + "/" + nextId + ".json";
        assertThat(S3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String())
            .as("the shaded jar (%s) stored the first update byte-for-byte under %s", mode, key)
            .isEqualTo(ColdStartProbe.body(nextId));
        nextId += 10_000;
      }
    }
    System.out.println(
        "cold start, median of "
            + RUNS
            + " fresh JVMs ("
            + Runtime.version()
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " CPUs, flags "
            + LAMBDA_LIKE_FLAGS
            + ")");
    results.forEach(
        (mode, runs) ->
            System.out.printf(
                "  %-10s spawn->first response %5d ms | handler init %4d ms | first request %4d ms | warm p50 %5d us p99 %6d us%n",
                mode,
                median(runs, 0),
                median(runs, 1),
                median(runs, 2),
                median(runs, 3),
                median(runs, 4)));
  }

  /** Returns {wall ms to first response, init ms, first request ms, warm p50 us, warm p99 us}. */
  private static long[] runProbe(String classpath, String mode, long firstId)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(LAMBDA_LIKE_FLAGS);
    cmd.addAll(
        List.of(
            "-cp",
            classpath,
            ColdStartProbe.class.getName(),
            mode,
            String.valueOf(WARM_REQUESTS),
            String.valueOf(firstId)));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.keySet()
        .removeIf(
            k ->
                k.startsWith("AWS_")
                    || k.startsWith("TELEGRAM_")
                    || k.equals("RAW_PREFIX")
                    || k.equals("ALLOWED_CHAT_IDS"));
    env.put("RAW_BUCKET", BUCKET);
    env.put(IngestConfig.TELEGRAM_SECRET_TOKEN, TOKEN);
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_ENDPOINT_URL_S3", S3.server().endpoint());
    env.put("AWS_ACCESS_KEY_ID", S3ProxyServer.KEY);
    env.put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET);
    long start = System.nanoTime();
    Process p = pb.start();
    long firstMs = -1;
    Map<String, Long> values = new LinkedHashMap<>();
    List<String> output = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        output.add(line);
        if (line.startsWith("FIRST ")) {
          firstMs = (System.nanoTime() - start) / 1_000_000;
        }
        if (line.startsWith("FIRST ") || line.startsWith("WARM ")) {
          for (String kv : line.substring(line.indexOf(' ') + 1).split(" ")) {
            String[] parts = kv.split("=");
            String name =
                line.startsWith("WARM ") && parts[0].equals("retries") ? "retries_warm" : parts[0];
            values.put(name, Long.parseLong(parts[1]));
          }
        }
      }
    }
    assertThat(p.waitFor())
        .as("probe %s exit code; output:%n%s", mode, String.join("\n", output))
        .isZero();
    List<String> requestLines =
        output.stream().filter(l -> l.contains("\"event\":\"webhook\"")).toList();
    List<String> failed = requestLines.stream().filter(l -> !l.contains("\"status\":200")).toList();
    assertThat(values.get("status"))
        .as(
            "first update of %s answered 200 (after redeliveries, if any); output:%n%s",
            mode, String.join("\n", output))
        .isEqualTo(200L);
    assertThat(values.get("ok"))
        .as(
            "every warm update of %s answered 200; the other request lines:%n%s",
            mode, String.join("\n", failed))
        .isEqualTo((long) WARM_REQUESTS);
    // A redelivery is only for the local S3 server's own transient failure; anything else is the
    // handler's error.
    assertThat(failed)
        .as("every non-200 answer of %s was a storage failure caused by the S3 server", mode)
        .allMatch(
            l ->
                l.contains("\"outcome\":\"storage_failed\"")
                    && l.contains("\"status\":503")
                    && S3_SERVER_FAULT.matcher(l).find());
    long retries = values.get("retries") + values.getOrDefault("retries_warm", 0L);
    assertThat((long) failed.size())
        .as("each redelivery of %s follows exactly one failed answer", mode)
        .isEqualTo(retries);
    if (retries > 0) {
      System.out.printf(
          "  %s: %d deliveries redelivered after the local S3 server failed them:%n    %s%n",
          mode, retries, String.join("\n    ", failed));
    }
    assertThat(requestLines)
        .as("one JSON log line per delivery, never the message text or the token")
        .hasSize(WARM_REQUESTS + 1 + (int) retries)
        .noneMatch(l -> l.contains("cold start") || l.contains(TOKEN));
    return new long[] {
      firstMs,
      values.get("init_ms"),
      values.get("first_ms"),
      values.get("p50_us"),
      values.get("p99_us")
    };
  }

  private static long median(List<long[]> runs, int index) {
    return runs.stream().mapToLong(r -> r[index]).sorted().toArray()[runs.size() / 2];
  }
}
