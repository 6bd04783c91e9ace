package io.tglake.ingest.relay;

import io.tglake.ingest.IngestConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Relay mode and Bot API pass-through settings, read once from the environment at init (all
 * optional: without them the function is the passive collector it always was).
 *
 * @param botWebhookUrl {@code BOT_WEBHOOK_URL}: the bot's own webhook; set = relay mode
 * @param botWebhookSecret {@code BOT_WEBHOOK_SECRET}: sent to the bot as
 *     X-Telegram-Bot-Api-Secret-Token, or null
 * @param relayTimeout {@code RELAY_TIMEOUT_MS} (default {@link #DEFAULT_RELAY_TIMEOUT}): the bot's
 *     whole answer
 * @param botId {@code BOT_ID}: the relayed bot's id, stored in webhook_response records; or null
 * @param outgoingPrefix {@code OUTGOING_PREFIX} (default {@code outgoing}), beside the raw prefix
 * @param allowedBotIds {@code ALLOWED_BOT_IDS}: bots that may use the pass-through; empty =
 *     pass-through off
 * @param telegramApi {@link BotApiPassThrough#TELEGRAM_API}, or {@code TELEGRAM_API_BASE_FOR_TESTS}
 *     (tests only)
 * @param passThroughTimeout deadline of one pass-through call (default {@link
 *     #DEFAULT_PASS_THROUGH_TIMEOUT})
 */
public record RelaySettings(
    URI botWebhookUrl,
    String botWebhookSecret,
    Duration relayTimeout,
    Long botId,
    String outgoingPrefix,
    Set<Long> allowedBotIds,
    URI telegramApi,
    Duration passThroughTimeout) {

  public static final String BOT_WEBHOOK_URL = "BOT_WEBHOOK_URL";
  public static final String BOT_WEBHOOK_SECRET = "BOT_WEBHOOK_SECRET";
  public static final String RELAY_TIMEOUT_MS = "RELAY_TIMEOUT_MS";
  public static final String BOT_ID = "BOT_ID";
  public static final String OUTGOING_PREFIX = "OUTGOING_PREFIX";
  public static final String ALLOWED_BOT_IDS = "ALLOWED_BOT_IDS";

  /**
   * Points the pass-through at a local Bot API stand-in. Tests only: production always talks to
   * api.telegram.org.
   */
  public static final String TELEGRAM_API_BASE_FOR_TESTS = "TELEGRAM_API_BASE_FOR_TESTS";

  /**
   * 15 s. The chain that must hold (checked by infra's tests): raw write budget (6 s) + relay
   * timeout (15 s) + outgoing record write (6 s) = 27 s &lt; the HTTP API integration timeout (29 s
   * in the stack) &lt; the function timeout in relay mode (35 s), so Telegram always gets tglake's
   * answer rather than the gateway's 503.
   */
  public static final Duration DEFAULT_RELAY_TIMEOUT = Duration.ofSeconds(15);

  /**
   * 20 s: + the record write (6 s) stays below the API's 29 s, so a slow upload gets tglake's 504.
   */
  public static final Duration DEFAULT_PASS_THROUGH_TIMEOUT = Duration.ofSeconds(20);

  /**
   * Secrets Manager secret (name or ARN) holding BOT_WEBHOOK_SECRET, fetched once at init (deployed
   * stacks).
   */
  public static final String BOT_WEBHOOK_SECRET_SECRET_ID = "BOT_WEBHOOK_SECRET_SECRET_ID";

  /**
   * Bot answers larger than this are refused (502): a webhook answer is one Bot API call, a few KB.
   */
  public static final int MAX_BOT_ANSWER_BYTES = 1024 * 1024;

  public RelaySettings {
    allowedBotIds = Set.copyOf(allowedBotIds);
  }

  /** Neither relay nor pass-through. */
  public static RelaySettings off() {
    return new RelaySettings(
        null,
        null,
        DEFAULT_RELAY_TIMEOUT,
        null,
        OutgoingKeys.DEFAULT_PREFIX,
        Set.of(),
        BotApiPassThrough.TELEGRAM_API,
        DEFAULT_PASS_THROUGH_TIMEOUT);
  }

  /** The same settings with the bot's webhook secret resolved elsewhere (Secrets Manager). */
  public RelaySettings withBotWebhookSecret(String secret) {
    return new RelaySettings(
        botWebhookUrl,
        secret,
        relayTimeout,
        botId,
        outgoingPrefix,
        allowedBotIds,
        telegramApi,
        passThroughTimeout);
  }

  /** Whether updates are relayed to the bot. */
  public boolean relayOn() {
    return botWebhookUrl != null;
  }

  /** Whether the Bot API pass-through answers. */
  public boolean passThroughOn() {
    return !allowedBotIds.isEmpty();
  }

  /**
   * Reads and validates the environment.
   *
   * @throws IllegalStateException naming the malformed variable (fails the cold start)
   */
  public static RelaySettings fromEnvironment(Map<String, String> env) {
    URI bot = url(BOT_WEBHOOK_URL, env.get(BOT_WEBHOOK_URL));
    String secret = blankToNull(env.get(BOT_WEBHOOK_SECRET));
    Duration timeout = DEFAULT_RELAY_TIMEOUT;
    String t = blankToNull(env.get(RELAY_TIMEOUT_MS));
    if (t != null) {
      try {
        timeout = Duration.ofMillis(Long.parseLong(t));
      } catch (NumberFormatException e) {
        throw new IllegalStateException(
            RELAY_TIMEOUT_MS + " must be milliseconds, got '" + t + "'");
      }
      if (timeout.compareTo(Duration.ofMillis(100)) < 0
          || timeout.compareTo(DEFAULT_RELAY_TIMEOUT) > 0) {
        throw new IllegalStateException(
            RELAY_TIMEOUT_MS
                + " must be 100.."
                + DEFAULT_RELAY_TIMEOUT.toMillis()
                + " (storage + relay + record must finish within the API's 29 s), got "
                + t);
      }
    }
    Long botId = null;
    String b = blankToNull(env.get(BOT_ID));
    if (b != null) {
      try {
        botId = Long.parseLong(b);
      } catch (NumberFormatException e) {
        throw new IllegalStateException(
            BOT_ID
                + " must be the bot's numeric id (the digits before ':' in its token),"
                + " got '"
                + b
                + "'");
      }
    }
    String prefix =
        env.get(OUTGOING_PREFIX) == null
            ? OutgoingKeys.DEFAULT_PREFIX
            : IngestConfig.normalizePrefix(env.get(OUTGOING_PREFIX));
    Set<Long> bots = IngestConfig.parseChatIds(ALLOWED_BOT_IDS, env.get(ALLOWED_BOT_IDS));
    URI api = url(TELEGRAM_API_BASE_FOR_TESTS, env.get(TELEGRAM_API_BASE_FOR_TESTS));
    return new RelaySettings(
        bot,
        secret,
        timeout,
        botId,
        prefix,
        bots,
        api == null ? BotApiPassThrough.TELEGRAM_API : api,
        DEFAULT_PASS_THROUGH_TIMEOUT);
  }

  private static URI url(String variable, String value) {
    String v = blankToNull(value);
    if (v == null) {
      return null;
    }
    try {
      URI uri = URI.create(v);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null
          || uri.getRawUserInfo() != null) {
        throw new IllegalArgumentException();
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(variable + " must be an http(s) URL without user info");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  @Override
  public String toString() {
    return "RelaySettings[botWebhookUrl="
        + botWebhookUrl
        + ", botWebhookSecret="
        + (botWebhookSecret == null ? "unset" : "***")
        + ", relayTimeout="
        + relayTimeout
        + ", botId="
        + botId
        + ", outgoingPrefix="
        + outgoingPrefix
        + ", allowedBotIds="
        + allowedBotIds
        + ", telegramApi="
        + telegramApi
        + "]";
  }
}
