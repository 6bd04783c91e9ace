package io.tglake.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.ingest.JsonLog;
import io.tglake.ingest.LocalDirRawUpdateStore;
import io.tglake.ingest.WebhookService;
import io.tglake.ingest.WebhookSettings;
import io.tglake.ingest.local.LocalServer;
import io.tglake.ingest.local.ServeLimits;
import io.tglake.ingest.relay.BotApiPassThrough;
import io.tglake.ingest.relay.BotRelay;
import io.tglake.ingest.relay.OutgoingRecorder;
import io.tglake.ingest.relay.RelayingWebhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's simulated bot behind tglake's real relay and pass-through (serve's {@link
 * LocalServer}): a day of generated traffic POSTed as Telegram would, and what tglake records is
 * exactly what the generator scripts the bot to say — every message a {@code bot_api} record with
 * the scripted message as Telegram's result, every callback answer a {@code webhook_response}
 * record of its update.
 */
class DemoBotIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TrafficSpec SPEC =
      new TrafficSpec(LocalDate.parse("2026-11-22"), 1, 300, 7, TrafficSpec.DEFAULT_ZONE);

  @TempDir Path dir;

  @Test
  void whatTheRelayAndThePassThroughRecordIsExactlyWhatTheScriptHasTheBotSay() throws Exception {
    List<Delivery> deliveries = new ArrayList<>();
    List<String> expectedMessages = new ArrayList<>();
    List<String> expectedCallbackAnswers = new ArrayList<>();
    new SupportBotTraffic(SPEC)
        .generate(
            deliveries::add,
            r -> {
              JsonNode n = read(r.body());
              if (n.get("method").asText().equals("answerCallbackQuery")) {
                expectedCallbackAnswers.add(
                    n.get("in_response_to_update_id") + " " + n.get("request"));
              } else {
                expectedMessages.add(
                    n.get("method").asText() + " " + n.get("request") + " " + r.message());
              }
            });
    assertThat(expectedMessages).as("the day has bot messages").hasSizeGreaterThan(20);
    assertThat(expectedCallbackAnswers).as("and callback answers").hasSizeGreaterThan(3);

    List<String> log = new CopyOnWriteArrayList<>();
    JsonFactory json = new JsonFactory();
    JsonLog jsonLog = new JsonLog(json, log::add);
    Clock clock = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
    HttpClient http = BotRelay.newHttpClient(Duration.ofSeconds(2));
    OutgoingRecorder recorder =
        new OutgoingRecorder(new LocalDirRawUpdateStore(dir.resolve("outgoing")), json, jsonLog);
    try (DemoBot bot = new DemoBot(SPEC, Optional.empty(), Optional.empty(), "bot-secret")) {
      WebhookService service =
          new WebhookService(
              new WebhookSettings(
                  "tglake-secret", Set.of(), WebhookSettings.DEFAULT_MAX_BODY_BYTES),
              new LocalDirRawUpdateStore(dir.resolve("raw")),
              jsonLog,
              json);
      RelayingWebhook webhook =
          new RelayingWebhook(
              service,
              new BotRelay(http, bot.webhookUrl(), "bot-secret", Duration.ofSeconds(10), 1 << 20),
              recorder,
              SupportBotTraffic.BOT_ID,
              jsonLog,
              clock);
      BotApiPassThrough pass =
          new BotApiPassThrough(
              http,
              bot.telegramUrl(),
              Set.of(SupportBotTraffic.BOT_ID),
              Duration.ofSeconds(10),
              recorder,
              json,
              jsonLog,
              clock);
      try (LocalServer tglake =
          new LocalServer(
              "127.0.0.1",
              0,
              webhook,
              pass,
              WebhookSettings.DEFAULT_MAX_BODY_BYTES,
              clock,
              ServeLimits.DEFAULTS,
              jsonLog)) {
        HttpResponse<Void> setup =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(bot.webhookUrl().resolve(DemoBot.API_ROOT_PATH))
                        .header("X-Telegram-Bot-Api-Secret-Token", "bot-secret")
                        .POST(
                            HttpRequest.BodyPublishers.ofString(
                                "http://127.0.0.1:" + tglake.port()))
                        .build(),
                    HttpResponse.BodyHandlers.discarding());
        assertThat(setup.statusCode())
            .as("the bot takes serve's URL as its API root")
            .isEqualTo(200);
        WebhookPoster poster =
            new WebhookPoster(
                HttpClient.newHttpClient(), URI.create(tglake.url()), "tglake-secret", 8);
        deliveries.forEach(poster);
        poster.close();
        assertThat(poster.failed())
            .as("every delivery answered 200 (log: %s)", log.stream().limit(5).toList())
            .isZero();
        assertThat(bot.summary())
            .as("the bot's own count")
            .endsWith(
                expectedCallbackAnswers.size()
                    + " answered in the webhook response, "
                    + expectedMessages.size()
                    + " messages sent through the Bot API pass-through, 0 failed");
      }
    }

    List<String> messages = new ArrayList<>();
    List<String> callbackAnswers = new ArrayList<>();
    for (Path f : files(dir.resolve("outgoing"))) {
      JsonNode n = JSON.readTree(f.toFile());
      assertThat(f.toString()).as("captured on tglake's day").contains("/context_date=2026-11-22/");
      if (n.get("source").asText().equals("bot_api")) {
        assertThat(n.get("ok").asBoolean()).as("Telegram stand-in accepted %s", f).isTrue();
        messages.add(n.get("method").asText() + " " + n.get("request") + " " + n.get("result"));
      } else {
        assertThat(n.get("source").asText()).isEqualTo("webhook_response");
        assertThat(n.get("method").asText()).isEqualTo("answerCallbackQuery");
        callbackAnswers.add(n.get("in_response_to_update_id") + " " + n.get("request"));
      }
    }
    assertThat(messages)
        .as("every scripted message, sent once through the pass-through with Telegram's date")
        .containsExactlyInAnyOrderElementsOf(expectedMessages);
    assertThat(callbackAnswers)
        .as("every callback answered in the webhook response to its update, once")
        .containsExactlyInAnyOrderElementsOf(expectedCallbackAnswers);
  }

  private static JsonNode read(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Path> files(Path root) throws java.io.IOException {
    try (Stream<Path> s = Files.walk(root)) {
      // Hidden names are the store's temp files before the record's link exists: not records yet.
      return s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    }
  }
}
