package io.tglake.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's simulated support bot, run behind {@code serve --relay-to}: it says what {@link
 * SupportBotTraffic} scripts for it, but for real, so that the demo's outgoing records are written
 * by tglake's relay and Bot API pass-through rather than by the generator. Two local HTTP servers:
 *
 * <ul>
 *   <li>the bot's webhook: for each update the relay forwards, every message the script has the bot
 *       send after it goes out as {@code sendMessage} through the pass-through (the API root tglake
 *       gives it), and a callback query is answered in the webhook response ({@code
 *       answerCallbackQuery});
 *   <li>a stand-in for api.telegram.org (the pass-through's upstream): answers each {@code
 *       sendMessage} with the message the script made of it, so its {@code date} is the simulated
 *       time.
 * </ul>
 *
 * Why messages never go back in the webhook response: a webhook answer is timed by tglake's clock
 * when it passes through (now), while the simulated conversations happen across the whole day;
 * Telegram's date on a Bot API result keeps the simulated response times. A callback answer is not
 * a message (no response time).
 *
 * <p>A script entry is triggered by the latest update of its chat before it (any update when the
 * chat had none), so every entry is sent once, after the update it follows; a redelivered update
 * finds nothing left to send.
 */
public final class DemoBot implements AutoCloseable {
  /** The simulated bot's token; the pass-through needs the bot id before ':' to be allowed. */
  public static final String TOKEN = SupportBotTraffic.BOT_ID + ":demo-simulated-bot-token";

  /** Sets the API root ({@code serve}'s URL) once serve is up: serve needs the bot's URL first. */
  public static final String API_ROOT_PATH = "/_demo/api-root";

  private static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One thing the bot says after an update. */
  record Action(String method, ObjectNode request, JsonNode message) {}

  private final Map<Long, List<Action>> script;
  private final Map<String, Queue<JsonNode>> results = new ConcurrentHashMap<>();
  private final String secret;
  private final HttpServer webhook;
  private final HttpServer telegram;
  private final ExecutorService threads =
      Executors.newFixedThreadPool(
          64,
          r -> {
            Thread t = new Thread(r, "demo-bot");
            t.setDaemon(true);
            return t;
          });
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private volatile URI apiRoot;
  private final AtomicLong updates = new AtomicLong();
  private final AtomicLong webhookReplies = new AtomicLong();
  private final AtomicLong apiCalls = new AtomicLong();
  private final AtomicLong apiFailures = new AtomicLong();

  /**
   * Scripts the bot from the same traffic the generator sends, and starts both servers on
   * 127.0.0.1.
   *
   * @param secret the secret the relay sends (serve's {@code BOT_WEBHOOK_SECRET}); requests without
   *     it get 401
   */
  public DemoBot(
      TrafficSpec spec,
      Optional<LocalDate> arrivalFrom,
      Optional<LocalDate> arrivalTo,
      String secret)
      throws IOException {
    this.script = script(spec, arrivalFrom, arrivalTo);
    this.secret = secret;
    this.webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext("/", this::onWebhook);
    webhook.setExecutor(threads);
    this.telegram = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    telegram.createContext("/", this::onBotApi);
    telegram.setExecutor(
        Executors.newFixedThreadPool(
            16,
            r -> {
              Thread t = new Thread(r, "demo-telegram");
              t.setDaemon(true);
              return t;
            }));
    webhook.start();
    telegram.start();
  }

  /** What the script holds: update id → what the bot says after it (in order). */
  static Map<Long, List<Action>> script(
      TrafficSpec spec, Optional<LocalDate> from, Optional<LocalDate> to) {
    Map<Long, List<Action>> out = new HashMap<>();
    Map<Long, Long> lastInChat = new HashMap<>();
    Map<Long, LocalDate> arrived = new HashMap<>();
    long[] lastAny = {-1};
    new SupportBotTraffic(spec)
        .generate(
            d -> {
              if (d.redelivery()) {
                return;
              }
              lastAny[0] = d.updateId();
              arrived.put(d.updateId(), d.arrivalDate());
              chatOf(d.body()).ifPresent(chat -> lastInChat.put(chat, d.updateId()));
            },
            r -> {
              JsonNode record = read(r.body());
              ObjectNode request = (ObjectNode) record.get("request");
              long trigger =
                  record.path("in_response_to_update_id").isIntegralNumber()
                      ? record.get("in_response_to_update_id").asLong()
                      : lastInChat.getOrDefault(request.path("chat_id").asLong(), lastAny[0]);
              LocalDate day = arrived.get(trigger);
              if (day == null
                  || from.map(day::isBefore).orElse(false)
                  || to.map(day::isAfter).orElse(false)) {
                return;
              }
              out.computeIfAbsent(trigger, k -> new ArrayList<>())
                  .add(new Action(record.get("method").asText(), request, r.message()));
            });
    return out;
  }

  /** The chat an update belongs to, if any. */
  static Optional<Long> chatOf(byte[] body) {
    JsonNode update = read(body);
    for (JsonNode payload : update) {
      JsonNode chat =
          payload.has("chat") ? payload.get("chat") : payload.path("message").path("chat");
      if (chat.path("id").isIntegralNumber()) {
        return Optional.of(chat.get("id").asLong());
      }
    }
    return Optional.empty();
  }

  /** The bot's webhook URL. */
  public URI webhookUrl() {
    return URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/");
  }

  /** The Bot API stand-in's base URL (serve's {@code --telegram-api-base-for-tests}). */
  public URI telegramUrl() {
    return URI.create("http://127.0.0.1:" + telegram.getAddress().getPort());
  }

  /** Updates scripted to get an answer. */
  public int scripted() {
    return script.size();
  }

  /** One line: updates received, webhook replies, Bot API calls and failed calls. */
  public String summary() {
    return "demo-bot: "
        + updates.get()
        + " updates received, "
        + webhookReplies.get()
        + " answered in the webhook "
        + "response, "
        + apiCalls.get()
        + " messages sent through the Bot API pass-through, "
        + apiFailures.get()
        + " failed";
  }

  private void onWebhook(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      if (!secret.equals(ex.getRequestHeaders().getFirst(SECRET_HEADER))) {
        send(ex, 401, null);
        return;
      }
      if (ex.getRequestURI().getPath().equals(API_ROOT_PATH)) {
        apiRoot = URI.create(new String(body, StandardCharsets.UTF_8).trim());
        send(ex, 200, null);
        return;
      }
      updates.incrementAndGet();
      List<Action> actions = script.remove(read(body).path("update_id").asLong());
      ObjectNode reply = null;
      for (Action a : actions == null ? List.<Action>of() : actions) {
        if (a.method().equals("answerCallbackQuery")) {
          reply = a.request().deepCopy();
          reply.put("method", a.method());
        } else if (a.message() != null) {
          sendMessage(a);
        }
      }
      if (reply != null) {
        webhookReplies.incrementAndGet();
      }
      send(ex, 200, reply == null ? null : JSON.writeValueAsBytes(reply));
    }
  }

  private void sendMessage(Action a) throws IOException {
    byte[] request = JSON.writeValueAsBytes(a.request());
    results
        .computeIfAbsent(
            new String(request, StandardCharsets.UTF_8), k -> new ConcurrentLinkedQueue<>())
        .add(a.message());
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(apiRoot + "/bot" + TOKEN + "/" + a.method()))
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(request))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      (r.statusCode() == 200 ? apiCalls : apiFailures).incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      apiFailures.incrementAndGet();
    } catch (IOException | RuntimeException e) {
      apiFailures.incrementAndGet();
    }
  }

  /**
   * The stand-in for api.telegram.org: the scripted message for a sendMessage, else Telegram's 404
   * answer.
   */
  private void onBotApi(HttpExchange ex) throws IOException {
    try (ex) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Queue<JsonNode> queue =
          ex.getRequestURI().getPath().endsWith("/sendMessage") ? results.get(body) : null;
      JsonNode message = queue == null ? null : queue.poll();
      ObjectNode answer = JSON.createObjectNode();
      if (message == null) {
        answer.put("ok", false).put("error_code", 404).put("description", "Not Found");
      } else {
        answer.put("ok", true).set("result", message);
      }
      send(ex, message == null ? 404 : 200, JSON.writeValueAsBytes(answer));
    }
  }

  private static void send(HttpExchange ex, int status, byte[] json) throws IOException {
    if (json == null) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, json.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(json);
    }
  }

  private static JsonNode read(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    webhook.stop(0);
    telegram.stop(0);
    threads.shutdownNow();
  }
}
