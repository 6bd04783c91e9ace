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
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real bot on grammY (npm, run with node) behind {@code serve} in relay mode, its API root
 * pointed at the pass-through, and a local stand-in for api.telegram.org. Telegram delivers a text
 * message and then a press of the bot's button; the bot answers the text in its webhook response
 * and once more through the Bot API, and answers the callback query through the Bot API. tglake
 * writes {@code <dir>/raw} and {@code <dir>/outgoing}.
 *
 * <p>Shared by {@link GrammyBotIT} (what tglake stores and forwards) and the sample module's ETL
 * over the same lake (bot_messages and response times), so both read the lake a real bot library
 * produced.
 */
public final class GrammyBotRun {
  public static final long BOT_ID = 6123456789L;
  public static final String TOKEN = BOT_ID + ":AAE-grammyIntegrationToken_0123456789abcd";
  public static final long CHAT_ID = 7391200458L;

  /** Telegram's date of the user's message: 2026-11-23T02:15:12Z. */
  public static final long MESSAGE_DATE = 1795400112L;

  /**
   * The date the stand-in gives every message the bot sends through the Bot API (one second later).
   */
  public static final long SENT_DATE = 1795400113L;

  public static final String TEXT_UPDATE =
      "{\"update_id\":500020001,\"message\":{\"message_id\":1012,"
          + "\"from\":{\"id\":7391200458,\"is_bot\":false,\"first_name\":\"Mariana\"},\"chat\":{\"id\":7391200458,"
          + "\"first_name\":\"Mariana\",\"type\":\"private\"},\"date\":1795400112,\"text\":\"Meu pedido não chegou\"}}";
  public static final String CALLBACK_UPDATE =
      "{\"update_id\":500020002,\"callback_query\":{\"id\":"
          + "\"4382bfdwdsb323b2d9\",\"from\":{\"id\":7391200458,\"is_bot\":false,\"first_name\":\"Mariana\"},"
          + "\"message\":{\"message_id\":5002,\"from\":{\"id\":6123456789,\"is_bot\":true,\"first_name\":\"Suporte\"},"
          + "\"chat\":{\"id\":7391200458,\"type\":\"private\"},\"date\":1795400113,"
          + "\"text\":\"Um atendente responde em breve.\"},\"chat_instance\":\"-1234\",\"data\":\"help:yes\"}}";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * What the run saw.
   *
   * @param textReply what tglake answered Telegram for the text update (the bot's webhook reply)
   * @param callbackStatus tglake's status for the callback update
   * @param telegramCalls the requests that reached the Bot API stand-in, in order
   * @param log every log line tglake wrote
   * @param outgoing the outgoing records' paths relative to {@code <dir>/outgoing}, sorted
   */
  public record Result(
      HttpResponse<String> textReply,
      int callbackStatus,
      List<StandIn.Received> telegramCalls,
      List<String> log,
      List<String> outgoing) {}

  private GrammyBotRun() {}

  /**
   * Runs the bot behind tglake, with tglake's clock fixed at {@code now}, and waits until all three
   * outgoing records are written.
   *
   * @param botSource the folder with the bot's {@code package.json}, {@code package-lock.json} and
   *     {@code bot.js}
   * @param installDir where {@code npm ci} installs it (once; reused while {@code
   *     node_modules/grammy} exists)
   */
  public static Result run(Path dir, Instant now, Path botSource, Path installDir)
      throws Exception {
    Path botDir = installBot(botSource, installDir);
    List<String> log = new CopyOnWriteArrayList<>();
    AtomicInteger messageIds = new AtomicInteger(5001);
    StandIn telegram =
        new StandIn(
            (ex, req) -> {
              String path = req.pathAndQuery();
              String answer;
              if (path.endsWith("/getMe")) {
                answer =
                    "{\"ok\":true,\"result\":{\"id\":6123456789,\"is_bot\":true,\"first_name\":\"Suporte\","
                        + "\"username\":\"suporte_bot\",\"can_join_groups\":true,\"can_read_all_group_messages\":false,"
                        + "\"supports_inline_queries\":false}}";
              } else if (path.endsWith("/sendMessage")) {
                JsonNode sent = MAPPER.readTree(req.body());
                answer =
                    "{\"ok\":true,\"result\":{\"message_id\":"
                        + messageIds.incrementAndGet()
                        + ",\"from\":{\"id\":"
                        + BOT_ID
                        + ",\"is_bot\":true,\"first_name\":\"Suporte\"},\"chat\":{\"id\":"
                        + sent.path("chat_id")
                        + ",\"type\":\"private\"},\"date\":"
                        + SENT_DATE
                        + ",\"text\":"
                        + sent.path("text")
                        + "}}";
              } else if (path.endsWith("/answerCallbackQuery")) {
                answer = "{\"ok\":true,\"result\":true}";
              } else {
                answer = "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}";
              }
              StandIn.with(200, "application/json", answer.getBytes(StandardCharsets.UTF_8))
                  .answer(ex, req);
            });
    int botPort;
    try (ServerSocket s = new ServerSocket(0)) {
      botPort = s.getLocalPort();
    }
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    JsonLog jsonLog = new JsonLog(JSON, log::add);
    HttpClient http = BotRelay.newHttpClient(Duration.ofSeconds(2));
    OutgoingRecorder recorder =
        new OutgoingRecorder(new LocalDirRawUpdateStore(dir.resolve("outgoing")), JSON, jsonLog);
    WebhookService service =
        new WebhookService(
            new WebhookSettings("tglake-secret", Set.of(), WebhookSettings.DEFAULT_MAX_BODY_BYTES),
            new LocalDirRawUpdateStore(dir.resolve("raw")),
            jsonLog,
            JSON);
    RelayingWebhook webhook =
        new RelayingWebhook(
            service,
            new BotRelay(
                http,
                URI.create("http://127.0.0.1:" + botPort + "/"),
                "bot-own-secret",
                Duration.ofSeconds(10),
                1 << 20),
            recorder,
            BOT_ID,
            jsonLog,
            clock);
    BotApiPassThrough pass =
        new BotApiPassThrough(
            http,
            telegram.url(""),
            Set.of(BOT_ID),
            Duration.ofSeconds(10),
            recorder,
            JSON,
            jsonLog,
            clock);
    Process node = null;
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
      ProcessBuilder pb =
          new ProcessBuilder("node", "bot.js").directory(botDir.toFile()).redirectErrorStream(true);
      pb.environment().put("BOT_TOKEN", TOKEN);
      pb.environment().put("API_ROOT", "http://127.0.0.1:" + tglake.port());
      pb.environment().put("BOT_SECRET", "bot-own-secret");
      pb.environment().put("PORT", String.valueOf(botPort));
      node = pb.start();
      List<String> botOutput = new CopyOnWriteArrayList<>();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      assertThat(first).as("the bot started").startsWith("bot listening on");
      Thread drain = new Thread(() -> out.lines().forEach(botOutput::add), "grammy-bot-output");
      drain.setDaemon(true);
      drain.start();

      HttpResponse<String> reply = deliver(tglake, TEXT_UPDATE);
      assertThat(reply.statusCode()).as("bot output: %s", botOutput).isEqualTo(200);
      awaitCalls(telegram, 2); // getMe, then the second message through the pass-through
      int callbackStatus = deliver(tglake, CALLBACK_UPDATE).statusCode();
      awaitCalls(telegram, 3);
      // The pass-through records a call after Telegram's answer has gone back to the bot, so the
      // stand-in can have
      // seen the last call a moment before its record is written: wait for it (bounded); callers
      // check exactly.
      List<String> outgoing = files(dir.resolve("outgoing"));
      for (long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
          outgoing.size() < 3 && System.nanoTime() < until;
          outgoing = files(dir.resolve("outgoing"))) {
        Thread.sleep(50);
      }
      return new Result(reply, callbackStatus, List.copyOf(telegram.received), log, outgoing);
    } finally {
      if (node != null) {
        node.destroy();
        node.waitFor(5, TimeUnit.SECONDS);
      }
      telegram.close();
    }
  }

  private static HttpResponse<String> deliver(LocalServer tglake, String update) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(tglake.url()))
                .header("Content-Type", "application/json")
                .header("X-Telegram-Bot-Api-Secret-Token", "tglake-secret")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(update, StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitCalls(StandIn telegram, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (telegram.received.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(telegram.received).as("calls reaching Telegram").hasSizeGreaterThanOrEqualTo(n);
  }

  static List<String> files(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      // The store writes a hidden temp file and then links the record's name to it: a listing in
      // between sees ".<name>.tmp", which is not a record yet (readers skip hidden names too).
      return s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  /** node and grammY from npm (package-lock pinned), installed once into {@code target}. */
  private static Path installBot(Path src, Path target) throws Exception {
    // A missing tool fails the test (never a silent skip): the build needs node and npm anyway
    // (infra's cdk synth).
    assertThat(onPath("node") && onPath("npm"))
        .as("node and npm on PATH, needed for the grammY bot")
        .isTrue();
    Files.createDirectories(target);
    for (String f : List.of("package.json", "package-lock.json", "bot.js")) {
      Files.copy(src.resolve(f), target.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isDirectory(target.resolve("node_modules/grammy"))) {
      Process npm =
          new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
              .directory(target.toFile())
              .redirectErrorStream(true)
              .redirectOutput(target.resolve("npm.log").toFile())
              .start();
      assertThat(npm.waitFor(300, TimeUnit.SECONDS)).as("npm ci finished").isTrue();
      assertThat(npm.exitValue()).as("npm ci (see %s)", target.resolve("npm.log")).isZero();
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
