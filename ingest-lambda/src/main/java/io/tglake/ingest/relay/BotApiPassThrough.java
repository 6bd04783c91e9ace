package io.tglake.ingest.relay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tglake.ingest.JsonLog;
import io.tglake.ingest.WebhookResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bot API pass-through: a bot points its library's API base URL at tglake; each {@code
 * /bot<token>/<method>} call is forwarded to {@code https://api.telegram.org} (only there: the
 * upstream is fixed configuration, the path is validated so it cannot name another host, redirects
 * are never followed) and Telegram's answer is returned untouched. Calls of the methods in {@link
 * #RECORDED_METHODS} are recorded as outgoing records (source bot_api).
 *
 * <p>The token travels in the path and goes nowhere else: not into logs, records or keys. Only the
 * bot id (the digits before ':') is used, and bots outside the per-stack allow-list are refused
 * (403) without forwarding, so the pass-through cannot be used for someone else's bot. Telegram
 * itself checks the token.
 */
public final class BotApiPassThrough {
  /** The only upstream in production. */
  public static final URI TELEGRAM_API = URI.create("https://api.telegram.org");

  /**
   * Longest Telegram answer passed back (Bot API answers are JSON; Lambda answers at most 6 MB
   * anyway).
   */
  static final int MAX_ANSWER_BYTES = 6 * 1024 * 1024 - 1024;

  /**
   * Methods that send or edit what users see (lower case: Telegram matches method names
   * case-insensitively).
   */
  public static final Set<String> RECORDED_METHODS =
      Set.of(
          "sendmessage",
          "sendphoto",
          "senddocument",
          "sendvideo",
          "sendaudio",
          "sendvoice",
          "sendanimation",
          "sendsticker",
          "sendvideonote",
          "sendlocation",
          "sendvenue",
          "sendcontact",
          "sendpoll",
          "senddice",
          "sendmediagroup",
          "sendinvoice",
          "copymessage",
          "copymessages",
          "forwardmessage",
          "forwardmessages",
          "editmessagetext",
          "editmessagecaption",
          "editmessagemedia",
          "editmessagereplymarkup",
          "editmessagelivelocation",
          "answercallbackquery");

  private static final Pattern PATH =
      Pattern.compile("^/bot([0-9]{1,20}):([A-Za-z0-9_-]{1,200})/([A-Za-z0-9_]{1,64})$");

  /** What became of one call. */
  public enum Kind {
    FORWARDED("forwarded"),
    UPSTREAM_5XX("upstream_5xx"),
    UPSTREAM_ERROR("upstream_error"),
    REFUSED_BOT("refused_bot"),
    BAD_PATH("bad_path");

    private final String metricOutcome;

    Kind(String metricOutcome) {
      this.metricOutcome = metricOutcome;
    }

    /** Value of the {@code Outcome} dimension of {@link RelayMetrics#BOT_API_REQUESTS}. */
    public String metricOutcome() {
      return metricOutcome;
    }
  }

  private final HttpClient http;
  private final URI upstream;
  private final Set<Long> allowedBotIds;
  private final Duration timeout;
  private final OutgoingRecorder recorder;
  private final JsonFactory json;
  private final JsonLog log;
  private final Clock clock;

  /**
   * @param http the process's one JDK client (redirects never followed)
   * @param upstream {@link #TELEGRAM_API}; tests pass a 127.0.0.1 stand-in
   * @param allowedBotIds bots that may use the pass-through; empty = none
   * @param timeout deadline of one call (upload included)
   * @param recorder where recorded calls go
   */
  public BotApiPassThrough(
      HttpClient http,
      URI upstream,
      Set<Long> allowedBotIds,
      Duration timeout,
      OutgoingRecorder recorder,
      JsonFactory json,
      JsonLog log,
      Clock clock) {
    if (http.followRedirects() != HttpClient.Redirect.NEVER) {
      throw new IllegalArgumentException(
          "the pass-through's HTTP client must never follow redirects");
    }
    this.http = http;
    String base = upstream.toString();
    this.upstream = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    this.allowedBotIds = Set.copyOf(allowedBotIds);
    this.timeout = timeout;
    this.recorder = recorder;
    this.json = json;
    this.log = log;
    this.clock = clock;
  }

  /** Whether {@code path} is meant for the pass-through (everything else is a webhook delivery). */
  public static boolean isBotApiPath(String path) {
    return path != null && path.startsWith("/bot");
  }

  /**
   * Forwards one call and returns Telegram's answer (or tglake's own 403/404/502/504). Never
   * throws.
   *
   * @param httpMethod GET or POST (others are answered 405)
   * @param path the request path, {@code /bot<token>/<method>}
   * @param rawQuery query string as received (still encoded), or null
   * @param contentType the request's Content-Type, or null
   * @param contentLength the request's Content-Length, or -1 when unknown (then sent chunked)
   * @param body the request body, streamed to Telegram as it is read
   */
  public WebhookResponse call(
      String httpMethod,
      String path,
      String rawQuery,
      String contentType,
      long contentLength,
      InputStream body) {
    long start = System.nanoTime();
    Map<String, Object> fields = new LinkedHashMap<>();
    Matcher m = PATH.matcher(path == null ? "" : path);
    if (!m.matches()
        || !(httpMethod.equals("GET") || httpMethod.equals("POST"))
        || (rawQuery != null && !validQuery(rawQuery))) {
      return done(fields, Kind.BAD_PATH, WebhookResponse.text(404, "not a Bot API call"), start);
    }
    long botId;
    try {
      botId = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return done(fields, Kind.BAD_PATH, WebhookResponse.text(404, "not a Bot API call"), start);
    }
    String method = m.group(3);
    fields.put("bot_id", botId);
    fields.put("method", method);
    if (!allowedBotIds.contains(botId)) {
      return done(
          fields,
          Kind.REFUSED_BOT,
          WebhookResponse.text(403, "bot not allowed on this pass-through"),
          start);
    }
    boolean record = RECORDED_METHODS.contains(method.toLowerCase(Locale.ROOT));
    // Built from the fixed upstream and the validated path only: no caller-controlled host, port or
    // user info.
    URI target =
        URI.create(
            upstream
                + "/bot"
                + m.group(1)
                + ":"
                + m.group(2)
                + "/"
                + method
                + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery));
    RecordingTap tap = record ? new RecordingTap(body, contentType, method, rawQuery) : null;
    InputStream sent = tap != null ? tap : body;
    HttpRequest.BodyPublisher publisher =
        httpMethod.equals("GET") || contentLength == 0
            ? HttpRequest.BodyPublishers.noBody()
            : contentLength > 0
                ? HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> sent), contentLength)
                : HttpRequest.BodyPublishers.ofInputStream(() -> sent);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target).timeout(timeout).method(httpMethod, publisher);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    CompletableFuture<HttpResponse<byte[]>> future =
        http.sendAsync(request.build(), BoundedBody.handler(MAX_ANSWER_BYTES));
    HttpResponse<byte[]> answer;
    try {
      answer = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      fields.put("error", "no answer within " + timeout.toMillis() + " ms");
      return done(
          fields, Kind.UPSTREAM_ERROR, WebhookResponse.text(504, "telegram timeout"), start);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return done(fields, Kind.UPSTREAM_ERROR, WebhookResponse.text(502, "interrupted"), start);
    } catch (ExecutionException e) {
      // The exception text can carry the request URI, i.e. the token: log only its type.
      Throwable cause = e.getCause();
      fields.put("error", cause == null ? "unknown" : cause.getClass().getSimpleName());
      return done(
          fields,
          Kind.UPSTREAM_ERROR,
          cause instanceof HttpTimeoutException
              ? WebhookResponse.text(504, "telegram timeout")
              : WebhookResponse.text(502, "telegram unreachable"),
          start);
    }
    int status = answer.statusCode();
    WebhookResponse untouched =
        new WebhookResponse(
            status, answer.headers().firstValue("content-type").orElse(null), answer.body(), null);
    fields.put("status", status);
    if (tap != null) {
      fields.put("recorded", record(tap, botId, method, rawQuery, answer.body()));
    }
    return done(fields, status >= 500 ? Kind.UPSTREAM_5XX : Kind.FORWARDED, untouched, start);
  }

  private boolean record(
      RecordingTap tap, long botId, String method, String rawQuery, byte[] answer) {
    Instant at = clock.instant();
    TelegramAnswer parsed = TelegramAnswer.parse(json, answer);
    try {
      OutgoingRecord r =
          new OutgoingRecord(
              OutgoingRecord.BOT_API,
              botId,
              method,
              null,
              at,
              tap.requestJson(json, rawQuery),
              parsed.ok(),
              parsed.result(),
              parsed.errorCode(),
              parsed.description());
      return recorder.store(OutgoingKeys.botApi(at, botId, tap.keyHash(parsed.resultId())), r);
    } catch (IOException | RuntimeException e) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("bot_id", botId);
      f.put("method", method);
      f.put("error", e.getClass().getSimpleName());
      RelayMetrics.addTo(
          f,
          at,
          RelayMetrics.OUTGOING_RECORD_FAILURES,
          RelayMetrics.SOURCE,
          OutgoingRecord.BOT_API);
      log.write("ERROR", "outgoing_record_failed", f);
      return false;
    }
  }

  private WebhookResponse done(
      Map<String, Object> fields, Kind kind, WebhookResponse response, long start) {
    fields.put("outcome", kind.metricOutcome());
    fields.put("answered", response.status());
    fields.put("latency_ms", (System.nanoTime() - start) / 1_000_000L);
    RelayMetrics.addTo(
        fields,
        clock.instant(),
        RelayMetrics.BOT_API_REQUESTS,
        RelayMetrics.OUTCOME,
        kind.metricOutcome());
    log.write(
        kind == Kind.UPSTREAM_ERROR || kind == Kind.UPSTREAM_5XX ? "ERROR" : "INFO",
        "bot_api",
        fields);
    return response;
  }

  /**
   * Query strings are passed on as received; only URI-legal characters, so they cannot change the
   * target.
   */
  private static boolean validQuery(String q) {
    for (int i = 0; i < q.length(); i++) {
      char c = q.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-._~%!$&'()*+,;=:@/?".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The parts of Telegram's answer a record keeps. */
  record TelegramAnswer(
      Boolean ok, byte[] result, Integer errorCode, String description, String resultId) {
    static TelegramAnswer parse(JsonFactory json, byte[] body) {
      Boolean ok = null;
      byte[] result = null;
      Integer errorCode = null;
      String description = null;
      String resultId = "";
      try (JsonParser p = json.createParser(body)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          return new TelegramAnswer(null, null, null, null, "");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken v = p.nextToken();
          switch (name) {
            case "ok" ->
                ok =
                    v == JsonToken.VALUE_TRUE
                        ? Boolean.TRUE
                        : v == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
            case "error_code" ->
                errorCode = v == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : null;
            case "description" -> description = v == JsonToken.VALUE_STRING ? p.getText() : null;
            case "result" -> {
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              try (JsonGenerator g = json.createGenerator(out)) {
                g.copyCurrentStructure(p);
              }
              result = out.toByteArray();
              resultId = resultId(json, result);
            }
            default -> p.skipChildren();
          }
        }
      } catch (IOException e) {
        return new TelegramAnswer(null, null, null, null, "");
      }
      return new TelegramAnswer(ok, result, errorCode, description, resultId);
    }

    /**
     * message_id and edit_date of a Message result (the first one of an array), so edits get keys
     * of their own.
     */
    private static String resultId(JsonFactory json, byte[] result) throws IOException {
      try (JsonParser p = json.createParser(result)) {
        JsonToken t = p.nextToken();
        if (t == JsonToken.START_ARRAY) {
          t = p.nextToken();
        }
        if (t != JsonToken.START_OBJECT) {
          return "";
        }
        String messageId = "";
        String editDate = "";
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken v = p.nextToken();
          if ("message_id".equals(name) && v == JsonToken.VALUE_NUMBER_INT) {
            messageId = p.getText();
          } else if ("edit_date".equals(name) && v == JsonToken.VALUE_NUMBER_INT) {
            editDate = p.getText();
          } else {
            p.skipChildren();
          }
        }
        return messageId + "/" + editDate;
      }
    }
  }
}
