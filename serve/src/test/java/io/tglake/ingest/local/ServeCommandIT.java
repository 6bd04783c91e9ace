package io.tglake.ingest.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.ingest.Fixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/tglake serve} as a user runs it: ready line, a curl-style POST, --help and bad
 * options.
 */
class ServeCommandIT {
  private static final Path TGLAKE = Path.of("..", "bin", "tglake").toAbsolutePath().normalize();
  private static final Pattern READY =
      Pattern.compile("tglake serve: listening on (http://127\\.0\\.0\\.1:\\d+/telegram/webhook)");

  @TempDir Path raw;

  @org.junit.jupiter.api.BeforeAll
  static void markBuildFresh() throws IOException {
    // This Maven run has just compiled and packaged the module. The dependency plugin leaves an
    // unchanged
    // classpath.txt with its old timestamp, which would make bin/tglake rebuild the module under
    // the running test.
    Path classpath = Path.of("target", "classpath.txt");
    assertThat(classpath).as("written at package time by the parent pom").exists();
    Files.setLastModifiedTime(
        classpath, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
  }

  @Test
  void servesUntilStoppedAndStoresWhatIsPosted() throws Exception {
    Process serve =
        new ProcessBuilder(
                TGLAKE.toString(),
                "serve",
                "--port",
                "0",
                "--raw",
                raw.toString(),
                "--secret-token",
                "T0k3n")
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
      String url = null;
      for (String line; url == null && (line = out.readLine()) != null; ) {
        Matcher m = READY.matcher(line);
        if (m.find()) {
          url = m.group(1);
        }
      }
      assertThat(url).as("the ready line scripts wait for").isNotNull();
      HttpClient http = HttpClient.newHttpClient();
      byte[] body = Fixtures.update("private-text-message.json");
      HttpResponse<String> ok =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .header("X-Telegram-Bot-Api-Secret-Token", "T0k3n")
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEmpty();
      assertThat(raw.resolve("context_date=" + LocalDate.now(ZoneOffset.UTC) + "/500012345.json"))
          .hasBinaryContent(body);
      HttpResponse<String> wrong =
          http.send(
              HttpRequest.newBuilder(URI.create(url.replace("/telegram/webhook", "/x")))
                  .header("X-Telegram-Bot-Api-Secret-Token", "nope")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(wrong.statusCode()).as("any path, but the token is checked").isEqualTo(403);
      HttpResponse<String> get =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(get.statusCode()).isEqualTo(405);
      String logLine = out.readLine();
      assertThat(logLine)
          .as("JSON request log on stdout")
          .contains("\"outcome\":\"stored\"")
          .doesNotContain("T0k3n");
    } finally {
      serve.destroy();
      assertThat(serve.waitFor(20, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    }
  }

  @Test
  void helpExitsZeroAndBadOptionsExitTwo() throws Exception {
    assertThat(run("serve", "--help")).isZero();
    assertThat(run("serve", "--secret-token", "T", "--port", "eighty")).isEqualTo(2);
    assertThat(run("serve", "--raw", "somewhere")).as("no token anywhere").isEqualTo(2);
    assertThat(run("serve", "--secret-token", "T", "--allowed-source-cidrs", "10.0.0.1/8"))
        .isEqualTo(2);
  }

  private static int run(String... args) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(
                Stream.concat(Stream.of(TGLAKE.toString()), List.of(args).stream()).toList())
            .redirectErrorStream(true);
    pb.environment().remove("TELEGRAM_SECRET_TOKEN");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    if (List.of(args).contains("--help")) {
      // generated by picocli from the options, including the shared --raw / --s3-endpoint
      assertThat(output)
          .contains("Usage: tglake serve")
          .contains("--raw=URI")
          .contains("--s3-endpoint=URL")
          .contains("--allowed-source-cidrs")
          .contains("Exit codes")
          .doesNotContain("--enriched");
    }
    return p.exitValue();
  }
}
