package io.tglake.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import io.tglake.contract.LakeLayout;
import io.tglake.ingest.WebhookOutcome.Kind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The webhook core, free of Lambda and HTTP-server types: authenticate, validate, apply the chat
 * allow-list, store create-only, and decide the answer. Both {@link WebhookHandler} and the local
 * server call it. Thread-safe.
 *
 * <p>Order of checks: source IP (403 when ALLOWED_SOURCE_CIDRS is set and the caller is outside),
 * method (405), secret token (401 missing / 403 wrong), size (413), body (400), chat allow-list
 * (400 when the chat id cannot be read, 200 not stored for another chat), storage (200 stored or
 * duplicate, 503 on failure). Authentication comes before anything that looks at the body so
 * unauthenticated callers learn nothing about it.
 *
 * <p>Each request writes exactly one log line, which is also the {@link WebhookMetrics} EMF
 * document.
 */
public final class WebhookService {
  private final WebhookSettings settings;
  private final RawUpdateStore store;
  private final JsonLog log;
  private final JsonFactory json;
  private final byte[] secretDigest;

  /**
   * Supergroups learned through migration, so that the marker is read at most once per instance.
   */
  private final Set<Long> migratedChats = ConcurrentHashMap.newKeySet();

  private final AtomicLong otherChatTotal = new AtomicLong();

  /**
   * @param settings token, allow-list, size limit
   * @param store where raw updates go
   * @param log request log sink
   * @param json shared, thread-safe Jackson factory
   */
  public WebhookService(
      WebhookSettings settings, RawUpdateStore store, JsonLog log, JsonFactory json) {
    this.settings = settings;
    this.store = store;
    this.log = log;
    this.json = json;
    this.secretDigest = sha256(settings.secretToken().getBytes(StandardCharsets.UTF_8));
  }

  /** Handles one delivery and writes exactly one request log line. */
  public WebhookOutcome handle(WebhookRequest request) {
    long start = System.nanoTime();
    WebhookOutcome outcome;
    String error = null;
    try {
      outcome = decide(request);
    } catch (FailedStore e) {
      outcome = new WebhookOutcome(Kind.STORAGE_FAILED, e.updateId, e.key, null);
      Throwable cause = e.getCause();
      error = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
    logOutcome(request, outcome, error, start);
    return outcome;
  }

  /**
   * For servers that can answer before reading the body (the local server): runs the checks that
   * need no body — source IP, method, secret token, and a declared {@code Content-Length} over the
   * limit — on a request whose body is not read yet. A refusal is final and logged (one line, as
   * {@link #handle} would); empty = read the body and call {@link #handle}, which repeats these
   * cheap checks and writes the one line.
   */
  public Optional<WebhookOutcome> refuseBeforeBody(WebhookRequest headersOnly) {
    long start = System.nanoTime();
    WebhookOutcome outcome = checkCaller(headersOnly);
    if (outcome == null) {
      outcome =
          declaredLength(headersOnly) > settings.maxBodyBytes()
              ? WebhookOutcome.of(Kind.TOO_LARGE)
              : null;
    }
    if (outcome == null) {
      return Optional.empty();
    }
    logOutcome(headersOnly, outcome, null, start);
    return Optional.of(outcome);
  }

  private void logOutcome(
      WebhookRequest request, WebhookOutcome outcome, String error, long start) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("update_id", outcome.updateId());
    fields.put("outcome", outcome.kind().logName());
    fields.put("status", outcome.status());
    fields.put("key", outcome.key() == null ? null : store.locationOf(outcome.key()));
    fields.put("latency_ms", (System.nanoTime() - start) / 1_000_000L);
    if (outcome.kind() == Kind.OTHER_CHAT) {
      fields.put("chat_id", outcome.chatId());
      fields.put("other_chat_total", otherChatTotal.incrementAndGet());
    }
    fields.put("reason", outcome.reason());
    if (outcome.status() >= 400 && outcome.status() < 500) {
      // Who is knocking: floods and secret mismatches are told apart by address (Telegram:
      // 149.154.160.0/20,
      // 91.108.4.0/22). Only refused requests carry it.
      fields.put("source_ip", request.sourceIp());
    }
    fields.put("error", error);
    WebhookMetrics.addTo(fields, request.receivedAt(), outcome.kind());
    log.write(outcome.status() >= 500 ? "ERROR" : "INFO", "webhook", fields);
  }

  /**
   * Source IP, method and secret token: the outcome that refuses the caller, or null when it may go
   * on.
   */
  private WebhookOutcome checkCaller(WebhookRequest request) {
    if (!settings.allowedSources().allows(request.sourceIp())) {
      return WebhookOutcome.of(Kind.SOURCE_IP_BLOCKED);
    }
    if (!"POST".equals(request.method())) {
      return WebhookOutcome.of(Kind.METHOD_NOT_ALLOWED);
    }
    List<String> tokens = request.headerValues(WebhookRequest.SECRET_TOKEN_HEADER);
    if (tokens.isEmpty()) {
      return WebhookOutcome.of(Kind.MISSING_SECRET);
    }
    // Two secret headers are refused whatever their values or order: taking the first (Jetty, API
    // Gateway v1's
    // multiValueHeaders) or the joined "a,b" (payload 2.0) would make the verdict depend on the
    // front door.
    // Telegram's secret_token is [A-Za-z0-9_-], so a comma can only come from joined duplicates.
    if (tokens.size() > 1 || tokens.get(0).indexOf(',') >= 0) {
      return new WebhookOutcome(
          Kind.WRONG_SECRET, null, null, null, "several secret-token headers");
    }
    // Digests have equal length, so isEqual's constant-time comparison does not leak the token
    // length either.
    if (!MessageDigest.isEqual(
        secretDigest, sha256(tokens.get(0).getBytes(StandardCharsets.UTF_8)))) {
      return WebhookOutcome.of(Kind.WRONG_SECRET);
    }
    return null;
  }

  private static long declaredLength(WebhookRequest request) {
    try {
      return request.header("content-length").map(v -> Long.parseLong(v.trim())).orElse(-1L);
    } catch (NumberFormatException e) {
      return -1L; // the server rejects a malformed length itself
    }
  }

  private WebhookOutcome decide(WebhookRequest request) {
    WebhookOutcome refused = checkCaller(request);
    if (refused != null) {
      return refused;
    }
    byte[] body = request.body();
    if (body.length > settings.maxBodyBytes()) {
      return WebhookOutcome.of(Kind.TOO_LARGE);
    }
    TelegramUpdate update;
    try {
      update = TelegramUpdate.parse(body);
    } catch (TelegramUpdate.InvalidUpdateException e) {
      return new WebhookOutcome(Kind.BAD_REQUEST, null, null, null, e.getMessage());
    }
    if (update.chatProblem() != null && !settings.allowedChatIds().isEmpty()) {
      // The allow-list cannot be applied to a chat it cannot read; storing it as "no chat" would
      // bypass the list.
      return new WebhookOutcome(
          Kind.BAD_REQUEST, update.updateId(), null, null, update.chatProblem());
    }
    String key = LakeLayout.rawKey(request.receivedAt(), update.updateId());
    try {
      if (!chatAllowed(update)) {
        return new WebhookOutcome(Kind.OTHER_CHAT, update.updateId(), null, update.chatId());
      }
      RawUpdateStore.PutResult result = store.putIfAbsent(key, body);
      return new WebhookOutcome(
          result == RawUpdateStore.PutResult.CREATED ? Kind.STORED : Kind.DUPLICATE,
          update.updateId(),
          key,
          null);
    } catch (RuntimeException e) {
      throw new FailedStore(update.updateId(), key, e);
    }
  }

  private boolean chatAllowed(TelegramUpdate update) {
    if (settings.allowedChatIds().isEmpty() || update.chatId() == null) {
      return true;
    }
    long chat = update.chatId();
    if (isAllowed(chat)) {
      if (update.migrateToChatId() != null) {
        // The old group's last service message: the new supergroup id must keep flowing on every
        // instance.
        rememberMigration(update.migrateToChatId(), chat);
      }
      return true;
    }
    if (update.migrateFromChatId() != null && isAllowed(update.migrateFromChatId())) {
      rememberMigration(chat, update.migrateFromChatId());
      return true;
    }
    // A marker written by another instance (or an earlier run). Lookup failures propagate:
    // answering 5xx lets
    // Telegram retry instead of silently dropping a message of a migrated chat.
    if (store.isMigratedChat(chat)) {
      migratedChats.add(chat);
      return true;
    }
    return false;
  }

  private boolean isAllowed(long chat) {
    return settings.allowedChatIds().contains(chat) || migratedChats.contains(chat);
  }

  private void rememberMigration(long newChat, long fromChat) {
    if (migratedChats.contains(newChat)) {
      return;
    }
    store.recordChatMigration(newChat, fromChat);
    migratedChats.add(newChat);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("from_chat_id", fromChat);
    fields.put("to_chat_id", newChat);
    fields.put(
        "action",
        "add "
            + newChat
            + " to ALLOWED_CHAT_IDS (kept flowing through a migration marker meanwhile)");
    log.write("WARN", "chat_migrated", fields);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
    }
  }

  /**
   * Wraps a store failure ({@link StorageException} or any SDK error) with the update it concerned.
   */
  private static final class FailedStore extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Long updateId;
    private final String key;

    FailedStore(Long updateId, String key, RuntimeException cause) {
      super(cause.getMessage(), cause);
      this.updateId = updateId;
      this.key = key;
    }
  }
}
