package io.tglake.ingest.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.ingest.Fixtures;
import io.tglake.ingest.JsonLog;
import io.tglake.ingest.LocalDirRawUpdateStore;
import io.tglake.ingest.RawUpdateStore;
import io.tglake.ingest.WebhookRequest;
import io.tglake.ingest.WebhookResponse;
import io.tglake.ingest.WebhookService;
import io.tglake.ingest.WebhookSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relay mode against a real bot stand-in (HTTP on 127.0.0.1) and a real local-directory raw store:
 * every failure of the decision table in {@link BotRelay} / {@link RelayingWebhook}, with exact
 * statuses and exact stored objects.
 */
class RelayIT {
  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String TOKEN = "tglake-secret";
  private static final Instant NOW = Instant.parse("2026-11-22T10:15:30.123Z");
  private static final byte[] UPDATE = Fixtures.update("private-text-message.json");
  private static final String RAW_KEY = "context_date=2026-11-22/500012345.json";
  private static final String WR_KEY = "context_date=2026-11-22/wr-500012345.json";
  private static final byte[] ANSWER =
      "{\"method\":\"sendMessage\",\"chat_id\":7391200458,\"text\":\"Oi! Já vejo.\"}"
          .getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private StandIn bot;
  private final List<String> log = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startBot() throws IOException {
    bot = new StandIn(StandIn.with(200, "application/json", ANSWER));
  }

  @AfterEach
  void stopBot() {
    bot.close();
  }

  private RelayingWebhook relay(
      Path raw, Path outgoing, Set<Long> allowedChats, URI botUrl, Duration timeout) {
    JsonLog jsonLog = new JsonLog(JSON, log::add);
    WebhookService service =
        new WebhookService(
            new WebhookSettings(TOKEN, allowedChats, WebhookSettings.DEFAULT_MAX_BODY_BYTES),
            new LocalDirRawUpdateStore(raw),
            jsonLog,
            JSON);
    BotRelay botRelay =
        new BotRelay(
            BotRelay.newHttpClient(Duration.ofSeconds(2)),
            botUrl,
            "bot-own-secret",
            timeout,
            RelaySettings.MAX_BOT_ANSWER_BYTES);
    RawUpdateStore out = new LocalDirRawUpdateStore(outgoing);
    return new RelayingWebhook(
        service,
        botRelay,
        new OutgoingRecorder(out, JSON, jsonLog),
        777000111L,
        jsonLog,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private RelayingWebhook relay() {
    return relay(
        dir.resolve("telegram"),
        dir.resolve("outgoing"),
        Set.of(),
        bot.url("/hook"),
        Duration.ofSeconds(5));
  }

  private static WebhookRequest delivery(String secret, byte[] body) {
    return new WebhookRequest(
        "POST",
        Map.of(
            "x-telegram-bot-api-secret-token",
            List.of(secret),
            "content-type",
            List.of("application/json")),
        body,
        NOW);
  }

  private List<String> files() throws IOException {
    List<String> all = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(Files::isRegularFile).forEach(p -> all.add(dir.relativize(p).toString()));
    }
    all.sort(null);
    return all;
  }

  private List<JsonNode> logLines(String event) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : log) {
      JsonNode n = MAPPER.readTree(line);
      if (event.equals(n.path("event").asText())) {
        lines.add(n);
      }
    }
    return lines;
  }

  @Test
  void forwardsTheExactBodyAfterStoringAndAnswersTelegramWithTheBotsAnswer() throws IOException {
    WebhookResponse r = relay().handle(delivery(TOKEN, UPDATE));

    assertThat(r.status()).as("the bot's status").isEqualTo(200);
    assertThat(r.contentType()).as("the bot's content type").isEqualTo("application/json");
    assertThat(r.body()).as("the bot's bytes, so Telegram executes its method").isEqualTo(ANSWER);
    assertThat(bot.received).as("one forward").hasSize(1);
    assertThat(bot.received.get(0).body()).as("exact update bytes").isEqualTo(UPDATE);
    assertThat(bot.received.get(0).headers().getFirst("X-telegram-bot-api-secret-token"))
        .as("the bot's own secret, not tglake's")
        .isEqualTo("bot-own-secret");
    assertThat(bot.received.get(0).headers().getFirst("Content-type"))
        .isEqualTo("application/json");
    assertThat(files())
        .as("update stored, method recorded")
        .containsExactly("outgoing/" + WR_KEY, "telegram/" + RAW_KEY);
    assertThat(Files.readAllBytes(dir.resolve("telegram/" + RAW_KEY))).isEqualTo(UPDATE);
    assertThat(Files.readString(dir.resolve("outgoing/" + WR_KEY)))
        .as("the shared outgoing record shape")
        .isEqualTo(
            "{\"record_version\":1,\"source\":\"webhook_response\",\"bot_id\":777000111,"
                + "\"method\":\"sendMessage\",\"in_response_to_update_id\":500012345,"
                + "\"captured_at\":\"2026-11-22T10:15:30.123Z\","
                + "\"request\":{\"chat_id\":7391200458,\"text\":\"Oi! Já vejo.\"},\"ok\":null,\"result\":null,"
                + "\"error_code\":null,\"description\":null}");
    JsonNode line = logLines("relay").get(0);
    assertThat(line.path("relay").asText()).isEqualTo("answered");
    assertThat(line.path("Outcome").asText()).as("EMF dimension").isEqualTo("answered");
    assertThat(line.path("RelayRequests").asInt()).isEqualTo(1);
  }

  @Test
  void storageDownAnswers503AndNeverForwards() throws IOException {
    Path notADir =
        Files.writeString(dir.resolve("blocked"), "a file where the raw folder should be");
    WebhookResponse r =
        relay(
                notADir.resolve("telegram"),
                dir.resolve("outgoing"),
                Set.of(),
                bot.url("/hook"),
                Duration.ofSeconds(5))
            .handle(delivery(TOKEN, UPDATE));

    assertThat(r.status()).as("Telegram retries").isEqualTo(503);
    assertThat(bot.received).as("an update that is not stored never reaches the bot").isEmpty();
    assertThat(files()).containsExactly("blocked");
  }

  @Test
  void botDownAnswers502AndTheRetryFindsTheUpdateStoredAndForwardsAgain() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    RelayingWebhook down =
        relay(
            dir.resolve("telegram"),
            dir.resolve("outgoing"),
            Set.of(),
            URI.create("http://127.0.0.1:" + closedPort + "/hook"),
            Duration.ofSeconds(5));
    assertThat(down.handle(delivery(TOKEN, UPDATE)).status())
        .as("bot unreachable: Telegram retries")
        .isEqualTo(502);
    assertThat(files()).as("stored before forwarding").containsExactly("telegram/" + RAW_KEY);

    WebhookResponse retry = relay().handle(delivery(TOKEN, UPDATE));
    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.body()).isEqualTo(ANSWER);
    assertThat(bot.received).as("the retry is forwarded although already stored").hasSize(1);
    assertThat(files()).containsExactly("outgoing/" + WR_KEY, "telegram/" + RAW_KEY);
    assertThat(logLines("webhook").get(1).path("outcome").asText()).isEqualTo("duplicate");
  }

  @Test
  void bot5xxAndOther4xxArePassedOnSoTelegramRetries() throws IOException {
    bot.answer = StandIn.with(500, "text/plain", "boom".getBytes(StandardCharsets.UTF_8));
    WebhookResponse r = relay().handle(delivery(TOKEN, UPDATE));
    assertThat(r.status()).isEqualTo(500);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("boom");
    bot.answer = StandIn.with(429, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(relay().handle(delivery(TOKEN, UPDATE)).status()).isEqualTo(429);
    assertThat(files())
        .as("stored once, nothing recorded for failed answers")
        .containsExactly("telegram/" + RAW_KEY);
    assertThat(logLines("relay"))
        .extracting(n -> n.path("Outcome").asText())
        .containsExactly("bot_5xx", "bot_4xx");
  }

  @Test
  void botSlowerThanTheRelayTimeoutAnswers504() throws IOException {
    bot.answer =
        (ex, req) -> {
          try {
            Thread.sleep(3_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          StandIn.with(200, "application/json", ANSWER).answer(ex, req);
        };
    long start = System.nanoTime();
    WebhookResponse r =
        relay(
                dir.resolve("telegram"),
                dir.resolve("outgoing"),
                Set.of(),
                bot.url("/hook"),
                Duration.ofMillis(400))
            .handle(delivery(TOKEN, UPDATE));
    assertThat(r.status()).isEqualTo(504);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("the deadline holds")
        .isLessThan(Duration.ofSeconds(2));
    assertThat(files()).containsExactly("telegram/" + RAW_KEY);
  }

  @Test
  void botRedirectIsNotFollowedAndAnswered502() throws IOException {
    try (StandIn elsewhere = new StandIn(StandIn.with(200, "application/json", ANSWER))) {
      bot.answer =
          (ex, req) -> {
            ex.getResponseHeaders().set("Location", elsewhere.url("/stolen").toString());
            ex.sendResponseHeaders(307, -1);
          };
      WebhookResponse r = relay().handle(delivery(TOKEN, UPDATE));
      assertThat(r.status()).isEqualTo(502);
      assertThat(elsewhere.received).as("redirects are never followed").isEmpty();
    }
  }

  @Test
  void bot410IsNeverPassedOnToTelegram() {
    bot.answer = StandIn.with(410, "text/plain", "gone".getBytes(StandardCharsets.UTF_8));
    assertThat(relay().handle(delivery(TOKEN, UPDATE)).status())
        .as("410 would make Telegram drop the webhook for a day")
        .isEqualTo(502);
  }

  @Test
  void botAnswerOverTheBoundIsRefusedWith502() throws IOException {
    byte[] huge = new byte[RelaySettings.MAX_BOT_ANSWER_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) ' ');
    bot.answer = StandIn.with(200, "application/json", huge);
    assertThat(relay().handle(delivery(TOKEN, UPDATE)).status()).isEqualTo(502);
    bot.answer =
        StandIn.with(200, "application/json", java.util.Arrays.copyOf(huge, huge.length - 1));
    assertThat(relay().handle(delivery(TOKEN, UPDATE)).status())
        .as("exactly the bound is fine")
        .isEqualTo(200);
    assertThat(logLines("relay"))
        .extracting(n -> n.path("Outcome").asText())
        .containsExactly("bot_too_large", "answered");
  }

  @Test
  void otherChatsAreForwardedButNeitherTheUpdateNorTheAnswerIsStored() throws IOException {
    WebhookResponse r =
        relay(
                dir.resolve("telegram"),
                dir.resolve("outgoing"),
                Set.of(-100L),
                bot.url("/hook"),
                Duration.ofSeconds(5))
            .handle(delivery(TOKEN, UPDATE));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).as("the bot keeps working for everyone").isEqualTo(ANSWER);
    assertThat(bot.received).hasSize(1);
    assertThat(files()).as("private chat outside the allow-list: nothing kept").isEmpty();
  }

  @Test
  void wrongSecretIsRefusedWithoutForwarding() throws IOException {
    assertThat(relay().handle(delivery("wrong", UPDATE)).status()).isEqualTo(403);
    assertThat(bot.received).isEmpty();
    assertThat(files()).isEmpty();
  }

  @Test
  void outgoingRecordFailureIsLoggedAndTheBotsAnswerStillReturned() throws IOException {
    Path notADir = Files.writeString(dir.resolve("blocked"), "x");
    WebhookResponse r =
        relay(
                dir.resolve("telegram"),
                notADir.resolve("outgoing"),
                Set.of(),
                bot.url("/hook"),
                Duration.ofSeconds(5))
            .handle(delivery(TOKEN, UPDATE));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(ANSWER);
    JsonNode failure = logLines("outgoing_record_failed").get(0);
    assertThat(failure.path("OutgoingRecordFailures").asInt())
        .as("metric for the alarm")
        .isEqualTo(1);
    assertThat(failure.path("Source").asText()).isEqualTo("webhook_response");
    assertThat(logLines("relay").get(0).path("recorded").asBoolean(true)).isFalse();
  }

  @Test
  void plainTwoHundredWithoutAMethodIsPassedOnAndNotRecorded() throws IOException {
    bot.answer = StandIn.with(200, null, new byte[0]);
    WebhookResponse r = relay().handle(delivery(TOKEN, UPDATE));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertThat(files()).containsExactly("telegram/" + RAW_KEY);
  }
}
