package io.tglake.infra;

import io.tglake.contract.LakeLayout;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Running beside a live bot (CDK context keys; all empty = the passive collector):
 *
 * @param botWebhookUrl {@code botWebhookUrl}: the bot's own webhook; set = relay mode (the function
 *     forwards every stored update there and answers Telegram with the bot's answer)
 * @param botId {@code botId}: the relayed bot's numeric id, kept in webhook_response records
 * @param allowedBotIds {@code allowedBotIds}: comma-separated bot ids; set = the Bot API
 *     pass-through route
 * @param outgoingPrefix {@code outgoingPrefix} [outgoing]: folder of outgoing records in the raw
 *     bucket
 */
public record BotSettings(
    String botWebhookUrl, String botId, String allowedBotIds, String outgoingPrefix) {
  /** What the relay may spend waiting for the bot (env RELAY_TIMEOUT_MS of the function). */
  public static final int RELAY_TIMEOUT_MS = 15_000;

  /**
   * The function's whole S3 call budget per write (ingest-lambda WebhookHandler.S3_CALL_TIMEOUT).
   */
  public static final int S3_CALL_BUDGET_MS = 6_000;

  /**
   * The pass-through's deadline per call (ingest-lambda
   * RelaySettings.DEFAULT_PASS_THROUGH_TIMEOUT).
   */
  public static final int PASS_THROUGH_TIMEOUT_MS = 20_000;

  /**
   * HTTP API integration timeout set beside a bot: the most CDK accepts (29 s; the passive stack
   * keeps the default).
   */
  public static final int API_INTEGRATION_TIMEOUT_S = 29;

  /**
   * Function timeout in relay / pass-through mode: above the API's, so the API gives up first,
   * never Lambda.
   */
  public static final int RELAY_FUNCTION_TIMEOUT_S = 35;

  private static final Pattern IDS = Pattern.compile("\\s*(\\d+\\s*(,\\s*\\d+\\s*)*)?");
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");

  public BotSettings {
    require(
        botWebhookUrl.isEmpty()
            || botWebhookUrl.startsWith("https://")
            || botWebhookUrl.startsWith("http://"),
        "botWebhookUrl must be an http(s) URL");
    require(
        botId.isEmpty() || botId.matches("\\d+"), "botId must be the bot's numeric id: " + botId);
    require(
        IDS.matcher(allowedBotIds).matches(),
        "allowedBotIds must be comma-separated bot ids: " + allowedBotIds);
    require(
        PREFIX.matcher(outgoingPrefix).matches(),
        "outgoingPrefix must be a folder: " + outgoingPrefix);
  }

  static BotSettings fromContext(Function<String, String> get) {
    return new BotSettings(
        OpsSettings.or(get.apply("botWebhookUrl"), ""),
        OpsSettings.or(get.apply("botId"), ""),
        OpsSettings.or(get.apply("allowedBotIds"), "").replace(" ", ""),
        OpsSettings.or(get.apply("outgoingPrefix"), LakeLayout.DEFAULT_OUTGOING_PREFIX));
  }

  /** Relay mode on. */
  public boolean relay() {
    return !botWebhookUrl.isEmpty();
  }

  /** Pass-through on. */
  public boolean passThrough() {
    return !allowedBotIds.isEmpty();
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
