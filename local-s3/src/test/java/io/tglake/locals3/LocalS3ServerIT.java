package io.tglake.locals3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code tglake-local-s3 --latency-ms N} as the bench starts it: its own JVM, credentials from the
 * environment, the ready line on stdout, stopped by closing stdin. Requests through the proxy pay N
 * ms; the s3proxy behind it not.
 */
class LocalS3ServerIT {

  private static final Pattern READY =
      Pattern.compile(
          "ready s3proxy=(http://127\\.0\\.0\\.1:\\d+) " + "proxy=(http://127\\.0\\.0\\.1:\\d+)");
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private static Process start(String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LocalS3Server.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("AWS_ACCESS_KEY_ID", "local-s3-it");
    pb.environment().put("AWS_SECRET_ACCESS_KEY", "local-s3-it-secret");
    return pb.start();
  }

  /**
   * The fastest of three anonymous GETs (any status: s3proxy refuses them; only the time counts).
   */
  private long fastestMillis(String endpoint) throws Exception {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(endpoint + "/"))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("an S3 answer").isBetween(200, 499);
      best = Math.min(best, (System.nanoTime() - t0) / 1_000_000);
    }
    return best;
  }

  @Test
  void latencyMsIsAddedToEveryRequestThroughTheProxyOnly() throws Exception {
    Process p = start("--latency-ms", "700");
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).as("ready line").isNotNull();
      Matcher m = READY.matcher(line);
      assertThat(m.matches()).as("ready line: %s", line).isTrue();

      long direct = fastestMillis(m.group(1));
      long proxied = fastestMillis(m.group(2));
      System.out.printf(
          "local-s3 --latency-ms 700: direct %d ms, through the proxy %d ms%n", direct, proxied);

      assertThat(proxied)
          .as("every request through the proxy waits --latency-ms")
          .isGreaterThanOrEqualTo(700);
      assertThat(proxied - direct)
          .as("the wait is the proxy's, not the server's")
          .isGreaterThanOrEqualTo(600);
      p.getOutputStream().close(); // end of stdin: the documented way to stop it
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped at end of stdin").isTrue();
      assertThat(p.exitValue()).isZero();
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void aNegativeLatencyIsAUsageError() throws Exception {
    Process p = start("--latency-ms", "-5");
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as("exit code").isEqualTo(2);
    } finally {
      p.destroyForcibly();
    }
  }
}
