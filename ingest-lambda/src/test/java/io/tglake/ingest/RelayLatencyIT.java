package io.tglake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import io.tglake.ingest.relay.BotRelay;
import io.tglake.ingest.relay.RelaySettings;
import io.tglake.ingest.relay.StandIn;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark behind README Performance's relay and pass-through lines: warm per-request latency
 * through the Lambda handler (local-directory store, bot and Telegram stand-ins on 127.0.0.1
 * answering at once), 3 runs of {@link #REQUESTS} after {@link #WARMUP} warm-up requests each.
 * Prints p50/p99 per run; asserts only that every request succeeded (the numbers are for the
 * README, not a pass/fail threshold on a shared machine).
 */
class RelayLatencyIT {
  // Small by default so the suite stays short (the bot stand-in's own answer takes ~45 ms); the
  // README's figures were
  // taken with -Dtglake.relayBench.warmup=300 -Dtglake.relayBench.requests=1000.
  private static final int WARMUP = Integer.getInteger("tglake.relayBench.warmup", 50);
  private static final int REQUESTS = Integer.getInteger("tglake.relayBench.requests", 150);
  private static final String TOKEN = "6123456789:AAE-benchToken_0123456789abcdefghijk";

  @TempDir Path dir;

  @Test
  void relayAndPassThroughAddedLatency() throws Exception {
    byte[] answer =
        "{\"method\":\"sendMessage\",\"chat_id\":1,\"text\":\"ok\"}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] sent =
        "{\"ok\":true,\"result\":{\"message_id\":1,\"date\":1}}".getBytes(StandardCharsets.UTF_8);
    try (StandIn bot = new StandIn(StandIn.with(200, "application/json", answer));
        StandIn telegram = new StandIn(StandIn.with(200, "application/json", sent))) {
      IngestConfig config =
          new IngestConfig("b", "telegram", "s", null, Set.of(), "sa-east-1", null, null);
      HttpClient http = BotRelay.newHttpClient(Duration.ofSeconds(2));
      JsonLog quiet = JsonLog.discard(new JsonFactory());
      for (int run = 1; run <= 3; run++) {
        Path root = dir.resolve("run" + run);
        WebhookHandler passive =
            new WebhookHandler(
                config,
                new LocalDirRawUpdateStore(root.resolve("p")),
                "s",
                quiet,
                Clock.systemUTC());
        WebhookHandler relay =
            new WebhookHandler(
                config,
                new LocalDirRawUpdateStore(root.resolve("r")),
                "s",
                quiet,
                Clock.systemUTC(),
                new RelaySettings(
                    bot.url("/hook"),
                    null,
                    Duration.ofSeconds(5),
                    6123456789L,
                    "outgoing",
                    Set.of(6123456789L),
                    telegram.url(""),
                    Duration.ofSeconds(5)),
                new LocalDirRawUpdateStore(root.resolve("o")),
                http);
        long[] p = time(passive, run, false);
        long[] r = time(relay, run, false);
        long[] api = time(relay, run, true);
        long[] direct = direct(http, telegram.url("/bot" + TOKEN + "/sendMessage"));
        System.out.printf(
            "relay-bench run %d: passive p50 %.2f p99 %.2f ms | relay p50 %.2f p99 %.2f ms "
                + "(added p50 %.2f ms) | pass-through p50 %.2f p99 %.2f ms vs direct p50 %.2f p99 %.2f ms "
                + "(added p50 %.2f ms)%n",
            run,
            ms(p, 50),
            ms(p, 99),
            ms(r, 50),
            ms(r, 99),
            ms(r, 50) - ms(p, 50),
            ms(api, 50),
            ms(api, 99),
            ms(direct, 50),
            ms(direct, 99),
            ms(api, 50) - ms(direct, 50));
      }
    }
  }

  private static long[] time(WebhookHandler h, int run, boolean passThrough) throws Exception {
    long[] t = new long[REQUESTS];
    for (int i = -WARMUP; i < REQUESTS; i++) {
      long id = run * 10_000_000L + (passThrough ? 5_000_000L : 0) + i + WARMUP;
      String body =
          passThrough
              ? "{\"chat_id\":1,\"text\":\"n" + id + "\"}"
              : "{\"update_id\":"
                  + id
                  + ",\"message\":{\"message_id\":1,\"date\":0,\"chat\":{\"id\":1,\"type\":"
                  + "\"private\"},\"text\":\"x\"}}";
      String event =
          "{\"version\":\"2.0\",\"rawPath\":\""
              + (passThrough ? "/bot" + TOKEN + "/sendMessage" : "/telegram/webhook")
              + "\",\"headers\":{\"x-telegram-bot-api-secret-token\":\"s\",\"content-type\":"
              + "\"application/json\"},\"requestContext\":{\"http\":{\"method\":\"POST\"}},\"body\":\""
              + Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8))
              + "\",\"isBase64Encoded\":true}";
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long start = System.nanoTime();
      h.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
      long took = System.nanoTime() - start;
      assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("{\"statusCode\":200");
      if (i >= 0) {
        t[i] = took;
      }
    }
    Arrays.sort(t);
    return t;
  }

  private static long[] direct(HttpClient http, URI url) throws Exception {
    long[] t = new long[REQUESTS];
    for (int i = -WARMUP; i < REQUESTS; i++) {
      long start = System.nanoTime();
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(url)
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"chat_id\":1,\"text\":\"d" + i + "\"}"))
                  .header("Content-Type", "application/json")
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      long took = System.nanoTime() - start;
      assertThat(r.statusCode()).isEqualTo(200);
      if (i >= 0) {
        t[i] = took;
      }
    }
    Arrays.sort(t);
    return t;
  }

  private static double ms(long[] sorted, int percentile) {
    int idx = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
    return sorted[idx] / 1e6;
  }
}
