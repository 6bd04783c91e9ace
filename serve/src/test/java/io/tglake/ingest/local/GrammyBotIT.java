package io.tglake.ingest.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.ingest.JsonLog;
import io.tglake.ingest.LocalDirRawUpdateStore;
import io.tglake.ingest.WebhookService;
import io.tglake.ingest.WebhookSettings;
import io.tglake.ingest.relay.BotApiPassThrough;
import io.tglake.ingest.relay.BotRelay;
import io.tglake.ingest.relay.OutgoingRecorder;
import io.tglake.ingest.relay.RelayingWebhook;
import io.tglake.ingest.relay.StandIn;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real bot on grammY (npm, run with node) behind {@code serve} in relay mode, its API root pointed at the
 * pass-through, and a local stand-in for api.telegram.org: the bot answers the first message through its webhook
 * response and everything else through the Bot API; tglake stores the updates and both kinds of outgoing records.
 */
class GrammyBotIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory JSON = new JsonFactory();
  private static final Instant NOW = Instant.parse("2026-11-22T10:15:30.123Z");
  private static final long BOT_ID = 6123456789L;
  private static final String TOKEN = BOT_ID + ":AAE-grammyIntegrationToken_0123456789abcd";
  private static final String TEXT_UPDATE = "{\"update_id\":500020001,\"message\":{\"message_id\":1012,"
      + "\"from\":{\"id\":7391200458,\"is_bot\":false,\"first_name\":\"Mariana\"},\"chat\":{\"id\":7391200458,"
      + "\"first_name\":\"Mariana\",\"type\":\"private\"},\"date\":1795400112,\"text\":\"Meu pedido não chegou\"}}";
  private static final String CALLBACK_UPDATE = "{\"update_id\":500020002,\"callback_query\":{\"id\":\"4382bfdwdsb323b2d9\","
      + "\"from\":{\"id\":7391200458,\"is_bot\":false,\"first_name\":\"Mariana\"},\"message\":{\"message_id\":5002,"
      + "\"from\":{\"id\":6123456789,\"is_bot\":true,\"first_name\":\"Suporte\"},\"chat\":{\"id\":7391200458,"
      + "\"type\":\"private\"},\"date\":1795400113,\"text\":\"Um atendente responde em breve.\"},"
      + "\"chat_instance\":\"-1234\",\"data\":\"help:yes\"}}";

  @TempDir
  Path dir;
  private final List<String> log = new CopyOnWriteArrayList<>();

  @Test
  void grammyBotKeepsWorkingBehindTheRelayAndEverythingItSaysIsRecorded() throws Exception {
    Path botDir = installBot();
    AtomicInteger messageIds = new AtomicInteger(5001);
    StandIn telegram = new StandIn((ex, req) -> {
      String path = req.pathAndQuery();
      String answer;
      if (path.endsWith("/getMe")) {
        answer = "{\"ok\":true,\"result\":{\"id\":6123456789,\"is_bot\":true,\"first_name\":\"Suporte\","
            + "\"username\":\"suporte_bot\",\"can_join_groups\":true,\"can_read_all_group_messages\":false,"
            + "\"supports_inline_queries\":false}}";
      } else if (path.endsWith("/sendMessage")) {
        JsonNode sent = MAPPER.readTree(req.body());
        answer = "{\"ok\":true,\"result\":{\"message_id\":" + messageIds.incrementAndGet() + ",\"from\":{\"id\":"
            + BOT_ID + ",\"is_bot\":true,\"first_name\":\"Suporte\"},\"chat\":{\"id\":" + sent.path("chat_id")
            + ",\"type\":\"private\"},\"date\":1795400113,\"text\":" + sent.path("text") + "}}";
      } else if (path.endsWith("/answerCallbackQuery")) {
        answer = "{\"ok\":true,\"result\":true}";
      } else {
        answer = "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}";
      }
      StandIn.with(200, "application/json", answer.getBytes(StandardCharsets.UTF_8)).answer(ex, req);
    });
    int botPort;
    try (ServerSocket s = new ServerSocket(0)) {
      botPort = s.getLocalPort();
    }
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    JsonLog jsonLog = new JsonLog(JSON, log::add);
    HttpClient http = BotRelay.newHttpClient(Duration.ofSeconds(2));
    OutgoingRecorder recorder = new OutgoingRecorder(new LocalDirRawUpdateStore(dir.resolve("outgoing")), JSON,
        jsonLog);
    WebhookService service = new WebhookService(new WebhookSettings("tglake-secret", Set.of(),
        WebhookSettings.DEFAULT_MAX_BODY_BYTES), new LocalDirRawUpdateStore(dir.resolve("raw")), jsonLog, JSON);
    RelayingWebhook webhook = new RelayingWebhook(service, new BotRelay(http,
        URI.create("http://127.0.0.1:" + botPort + "/"), "bot-own-secret", Duration.ofSeconds(10), 1 << 20),
        recorder, BOT_ID, jsonLog, clock);
    BotApiPassThrough pass = new BotApiPassThrough(http, telegram.url(""), Set.of(BOT_ID), Duration.ofSeconds(10),
        recorder, JSON, jsonLog, clock);
    Process node = null;
    try (LocalServer tglake = new LocalServer("127.0.0.1", 0, webhook, pass, WebhookSettings.DEFAULT_MAX_BODY_BYTES,
        clock, ServeLimits.DEFAULTS, jsonLog)) {
      ProcessBuilder pb = new ProcessBuilder("node", "bot.js").directory(botDir.toFile()).redirectErrorStream(true);
      pb.environment().put("BOT_TOKEN", TOKEN);
      pb.environment().put("API_ROOT", "http://127.0.0.1:" + tglake.port());
      pb.environment().put("BOT_SECRET", "bot-own-secret");
      pb.environment().put("PORT", String.valueOf(botPort));
      node = pb.start();
      List<String> botOutput = new CopyOnWriteArrayList<>();
      BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      assertThat(first).as("the bot started").startsWith("bot listening on");
      Thread drain = new Thread(() -> out.lines().forEach(botOutput::add), "grammy-bot-output");
      drain.setDaemon(true);
      drain.start();

      HttpResponse<String> reply = deliver(tglake, TEXT_UPDATE);
      assertThat(reply.statusCode()).as("bot output: %s", botOutput).isEqualTo(200);
      JsonNode webhookReply = MAPPER.readTree(reply.body());
      assertThat(webhookReply.path("method").asText()).as("grammY's webhook reply reaches Telegram")
          .isEqualTo("sendMessage");
      assertThat(webhookReply.path("chat_id").asLong()).isEqualTo(7391200458L);
      assertThat(webhookReply.path("text").asText()).isEqualTo("Recebido: Meu pedido não chegou");
      awaitCalls(telegram, 2); // getMe, then the second message through the pass-through

      HttpResponse<String> cb = deliver(tglake, CALLBACK_UPDATE);
      assertThat(cb.statusCode()).isEqualTo(200);
      awaitCalls(telegram, 3);

      assertThat(telegram.received).extracting(StandIn.Received::pathAndQuery).as("the bot's API calls reach "
          + "Telegram through the pass-through").containsExactly("/bot" + TOKEN + "/getMe",
              "/bot" + TOKEN + "/sendMessage", "/bot" + TOKEN + "/answerCallbackQuery");
      assertThat(Files.readString(dir.resolve("raw/context_date=2026-11-22/500020001.json"))).isEqualTo(TEXT_UPDATE);
      assertThat(Files.readString(dir.resolve("raw/context_date=2026-11-22/500020002.json")))
          .isEqualTo(CALLBACK_UPDATE);
      // The pass-through records a call after Telegram's answer has gone back to the bot, so the stand-in can have
      // seen the last call a moment before its record is written: wait for it (bounded), then check exactly.
      List<String> outgoing = files(dir.resolve("outgoing"));
      for (long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
          outgoing.size() < 3 && System.nanoTime() < until; outgoing = files(dir.resolve("outgoing"))) {
        Thread.sleep(50);
      }
      assertThat(outgoing).as("one webhook_response record and two bot_api records").hasSize(3);
      JsonNode wr = MAPPER.readTree(dir.resolve("outgoing/context_date=2026-11-22/wr-500020001.json").toFile());
      JsonNode expectedWr = MAPPER.readTree("{\"record_version\":1,\"source\":\"webhook_response\",\"bot_id\":"
          + BOT_ID + ",\"method\":\"sendMessage\",\"in_response_to_update_id\":500020001,"
          + "\"captured_at\":\"2026-11-22T10:15:30.123Z\",\"request\":" + requestOf(webhookReply)
          + ",\"ok\":null,\"result\":null,\"error_code\":null,\"description\":null}");
      assertThat(wr).isEqualTo(expectedWr);
      List<JsonNode> api = new ArrayList<>();
      for (String f : outgoing) {
        if (f.contains("/api-" + BOT_ID + "-")) {
          api.add(MAPPER.readTree(dir.resolve("outgoing").resolve(f).toFile()));
        }
      }
      assertThat(api).extracting(n -> n.path("method").asText())
          .containsExactlyInAnyOrder("sendMessage", "answerCallbackQuery");
      JsonNode sent = api.stream().filter(n -> n.path("method").asText().equals("sendMessage")).findFirst()
          .orElseThrow();
      assertThat(sent.path("request")).isEqualTo(MAPPER.readTree(telegram.received.get(1).body()));
      assertThat(sent.path("result").path("message_id").asLong()).isEqualTo(5002);
      assertThat(sent.path("ok").asBoolean()).isTrue();
      assertThat(sent.path("request").path("reply_markup").toString()).contains("help:yes");
      JsonNode answered = api.stream().filter(n -> n.path("method").asText().equals("answerCallbackQuery"))
          .findFirst().orElseThrow();
      assertThat(answered.path("request").path("callback_query_id").asText()).isEqualTo("4382bfdwdsb323b2d9");
      assertThat(answered.path("result").asBoolean()).isTrue();
      String secretPart = TOKEN.substring(TOKEN.indexOf(':') + 1);
      for (String f : outgoing) {
        assertThat(f + Files.readString(dir.resolve("outgoing").resolve(f))).doesNotContain(secretPart);
      }
      assertThat(String.join("\n", log)).doesNotContain(secretPart);
    } finally {
      if (node != null) {
        node.destroy();
        node.waitFor(5, TimeUnit.SECONDS);
      }
      telegram.close();
    }
  }

  private static String requestOf(JsonNode webhookReply) {
    com.fasterxml.jackson.databind.node.ObjectNode copy = webhookReply.deepCopy();
    copy.remove("method");
    return copy.toString();
  }

  private static HttpResponse<String> deliver(LocalServer tglake, String update) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(tglake.url()))
        .header("Content-Type", "application/json").header("X-Telegram-Bot-Api-Secret-Token", "tglake-secret")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(update, StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitCalls(StandIn telegram, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (telegram.received.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(telegram.received).as("calls reaching Telegram").hasSizeGreaterThanOrEqualTo(n);
  }

  private static List<String> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  /** node and grammY from npm (package-lock pinned), installed once into target/grammy-bot. */
  private static Path installBot() throws Exception {
    // A missing tool fails the test (never a silent skip): the build needs node and npm anyway (infra's cdk synth).
    assertThat(onPath("node") && onPath("npm")).as("node and npm on PATH, needed for the grammY bot").isTrue();
    Path src = Path.of("src/test/node/grammy-bot");
    Path target = Path.of("target/grammy-bot");
    Files.createDirectories(target);
    for (String f : List.of("package.json", "package-lock.json", "bot.js")) {
      Files.copy(src.resolve(f), target.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isDirectory(target.resolve("node_modules/grammy"))) {
      Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(target.toFile())
          .redirectErrorStream(true).redirectOutput(target.resolve("npm.log").toFile()).start();
      assertThat(npm.waitFor(300, TimeUnit.SECONDS)).as("npm ci finished").isTrue();
      assertThat(npm.exitValue()).as("npm ci (see target/grammy-bot/npm.log)").isZero();
    }
    return target.toAbsolutePath();
  }

  private static boolean onPath(String exe) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, exe))) {
        return true;
      }
    }
    return false;
  }
}
