package io.tglake.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleTrafficCommandTest {

  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void defaultsEndTheSimulationToday() throws Exception {
    SampleTrafficCommand.Args a =
        SampleTrafficCommand.parse(new String[] {"--raw", "x"}, NOW, null);
    assertThat(a.spec().startDate()).isEqualTo(LocalDate.of(2026, 11, 21));
    assertThat(a.spec().endDate())
        .as("three days ending today UTC")
        .isEqualTo(LocalDate.of(2026, 11, 23));
    assertThat(a.spec().updatesPerDay()).isEqualTo(2000);
  }

  @Test
  void rejectsBadOptionsWithAMessage() {
    assertThatThrownBy(() -> SampleTrafficCommand.parse(new String[] {}, NOW, null))
        .hasMessageContaining("--post URL or --raw DIR");
    assertThatThrownBy(
            () ->
                SampleTrafficCommand.parse(
                    new String[] {"--raw", "a", "--post", "http://x"}, NOW, "t"))
        .hasMessageContaining("exactly one");
    assertThatThrownBy(
            () -> SampleTrafficCommand.parse(new String[] {"--post", "http://x"}, NOW, null))
        .hasMessageContaining("--secret-token");
    assertThatThrownBy(
            () -> SampleTrafficCommand.parse(new String[] {"--raw", "a", "--days", "0"}, NOW, null))
        .hasMessageContaining("--days");
    assertThatThrownBy(
            () ->
                SampleTrafficCommand.parse(
                    new String[] {"--raw", "a", "--start-date", "23/11"}, NOW, null))
        .hasMessageContaining("YYYY-MM-DD");
    assertThatThrownBy(
            () ->
                SampleTrafficCommand.parse(new String[] {"--raw", "a", "--bogus", "1"}, NOW, null))
        .hasMessageContaining("Unknown option")
        .hasMessageContaining("'--bogus'");
  }

  @Test
  void rawModeWritesTheIngestLayoutCreateOnlyWithArrivalAsFileTime(@TempDir Path tmp)
      throws Exception {
    SampleTrafficCommand.Args a =
        SampleTrafficCommand.parse(
            new String[] {
              "--raw",
              tmp.toString(),
              "--days",
              "2",
              "--start-date",
              "2026-11-20",
              "--updates-per-day",
              "200",
              "--seed",
              "3"
            },
            NOW,
            null);
    assertThat(SampleTrafficCommand.run(a)).isTrue();

    List<Delivery> expected = new ArrayList<>();
    new SupportBotTraffic(a.spec()).generate(expected::add);
    Map<String, Delivery> firstByKey = new ConcurrentHashMap<>();
    expected.forEach(d -> firstByKey.putIfAbsent(d.rawKey(), d));
    List<Path> files;
    try (Stream<Path> s = Files.walk(tmp)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    assertThat(files)
        .as("one object per distinct (arrival day, update_id)")
        .hasSize(firstByKey.size());
    assertThat(firstByKey.size())
        .as("2 x 200 updates plus the redelivery across midnight")
        .isEqualTo(401);
    for (Path f : files) {
      String key = tmp.relativize(f).toString();
      Delivery d = firstByKey.get(key);
      assertThat(d).as("key %s follows context_date=D/<update_id>.json", key).isNotNull();
      assertThat(Files.readAllBytes(f)).as("body byte-for-byte").isEqualTo(d.body());
      assertThat(Files.getLastModifiedTime(f).toInstant())
          .as("file time = arrival")
          .isEqualTo(d.arrival());
    }

    Path one = files.get(0);
    Files.writeString(one, "{\"update_id\": 1}");
    assertThat(SampleTrafficCommand.run(a)).isTrue();
    assertThat(Files.readString(one))
        .as("create-only: a rerun never overwrites, like the ingest")
        .isEqualTo("{\"update_id\": 1}");
  }

  @Test
  void arrivalToKeepsOnlyDeliveriesThatArriveByThatDay(@TempDir Path tmp) throws Exception {
    SampleTrafficCommand.Args a =
        SampleTrafficCommand.parse(
            new String[] {
              "--raw",
              tmp.toString(),
              "--days",
              "3",
              "--start-date",
              "2026-11-20",
              "--updates-per-day",
              "50",
              "--arrival-to",
              "2026-11-21"
            },
            NOW,
            null);
    assertThat(SampleTrafficCommand.run(a)).isTrue();

    List<String> expected = new ArrayList<>();
    new SupportBotTraffic(a.spec())
        .generate(
            d -> {
              if (!d.arrivalDate().isAfter(LocalDate.of(2026, 11, 21))) {
                expected.add(d.rawKey());
              }
            });
    List<String> written;
    try (Stream<Path> s = Files.walk(tmp)) {
      written = s.filter(Files::isRegularFile).map(f -> tmp.relativize(f).toString()).toList();
    }
    assertThat(written)
        .as("the deliveries arriving on or before --arrival-to, none after")
        .containsExactlyInAnyOrderElementsOf(expected.stream().distinct().toList())
        .noneMatch(k -> k.startsWith("context_date=2026-11-22/"));
    assertThat(expected).as("the third day was generated and left out").hasSizeLessThan(3 * 50);
    assertThatThrownBy(
            () ->
                SampleTrafficCommand.parse(
                    new String[] {
                      "--raw", "a", "--arrival-from", "2026-11-22", "--arrival-to", "2026-11-21"
                    },
                    NOW,
                    null))
        .hasMessageContaining("--arrival-to 2026-11-21 is before");
  }

  @Test
  void postModeSendsTheSecretHeaderRetries5xxAndFiltersByArrivalDay() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    List<String> tokens = new CopyOnWriteArrayList<>();
    List<String> bodies = new CopyOnWriteArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    server.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          tokens.add(exchange.getRequestHeaders().getFirst(WebhookPoster.SECRET_TOKEN_HEADER));
          // The first call fails like a throttled Lambda; Telegram (and the poster) must try again.
          int status = calls.incrementAndGet() == 1 ? 503 : 200;
          if (status == 200) {
            bodies.add(new String(body, java.nio.charset.StandardCharsets.UTF_8));
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
      SampleTrafficCommand.Args a =
          SampleTrafficCommand.parse(
              new String[] {
                "--post",
                url,
                "--days",
                "2",
                "--start-date",
                "2026-11-22",
                "--updates-per-day",
                "100",
                "--arrival-from",
                "2026-11-23",
                "--concurrency",
                "4"
              },
              NOW,
              "s3cr3t");
      assertThat(SampleTrafficCommand.run(a)).isTrue();

      List<Delivery> expected = new ArrayList<>();
      new SupportBotTraffic(a.spec())
          .generate(
              d -> {
                if (d.arrivalDate().equals(LocalDate.of(2026, 11, 23))) {
                  expected.add(d);
                }
              });
      assertThat(bodies)
          .as("only today's arrivals, each answered 200 once")
          .containsExactlyInAnyOrderElementsOf(expected.stream().map(Delivery::bodyText).toList());
      assertThat(calls.get()).as("one retry after the 503").isEqualTo(expected.size() + 1);
      assertThat(tokens).as("secret-token header on every request").containsOnly("s3cr3t");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void postModeReportsFailureWhenTheWebhookRejects(@TempDir Path tmp) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(403, -1);
          exchange.close();
        });
    server.start();
    try {
      SampleTrafficCommand.Args a =
          SampleTrafficCommand.parse(
              new String[] {
                "--post",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/",
                "--days",
                "1",
                "--updates-per-day",
                "5"
              },
              NOW,
              "wrong");
      assertThat(SampleTrafficCommand.run(a)).as("403 is a failure, not retried").isFalse();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void helpIsGeneratedAndBadOptionsExitTwo() {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    assertThat(
            io.tglake.cli.Cli.of(new SampleTrafficCommand(NOW, null))
                .out(new java.io.PrintWriter(out, true))
                .execute("--help"))
        .isZero();
    assertThat(out.toString())
        .startsWith("Usage: tglake generate")
        .contains(
            "--raw=DIR",
            "--post=URL",
            "--secret-token=T",
            "--arrival-from=YYYY-MM-DD",
            "Exit codes:");
    assertThat(
            io.tglake.cli.Cli.of(new SampleTrafficCommand(NOW, null))
                .err(new java.io.PrintWriter(err, true))
                .execute("--post", "http://127.0.0.1:1/"))
        .as("--post without a token")
        .isEqualTo(2);
    assertThat(err.toString()).contains("tglake generate: --post needs --secret-token");
  }
}
