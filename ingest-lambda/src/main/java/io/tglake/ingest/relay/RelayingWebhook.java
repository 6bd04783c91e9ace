package io.tglake.ingest.relay;

import io.tglake.ingest.JsonLog;
import io.tglake.ingest.WebhookOutcome;
import io.tglake.ingest.WebhookOutcome.Kind;
import io.tglake.ingest.WebhookRequest;
import io.tglake.ingest.WebhookResponse;
import io.tglake.ingest.WebhookService;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A webhook delivery in relay mode: the {@link WebhookService} authenticates and stores first
 * (create-only), then the exact body goes to the bot and the bot's answer goes back to Telegram.
 * Without a relay it is the plain service.
 *
 * <ul>
 *   <li>Forwarded: stored now, already stored (Telegram's retry after a failed forward: forwarded
 *       again, so the bot gets its retry too), and chats outside ALLOWED_CHAT_IDS (not stored, but
 *       the bot keeps working for everyone).
 *   <li>Never forwarded: anything the service refused (401/403/405/413/400) and storage failures
 *       (503, so Telegram retries and the update is stored before the bot ever sees it).
 * </ul>
 *
 * A 2xx bot answer that is a Bot API call (JSON with "method") is recorded as a webhook_response
 * outgoing record, except for chats outside the allow-list (their updates are not kept, so neither
 * is what the bot said to them). One extra log line per relayed delivery ({@code event: relay})
 * carries the {@link RelayMetrics#RELAY_REQUESTS} metric and the status Telegram finally got.
 */
public final class RelayingWebhook {
  private final WebhookService service;
  private final BotRelay relay;
  private final OutgoingRecorder recorder;
  private final Long botId;
  private final JsonLog log;
  private final Clock clock;

  /**
   * @param relay null = passive collector (the service's own answers)
   * @param recorder where webhook_response records go (null = not recorded)
   * @param botId the relayed bot's id for the records, or null
   */
  public RelayingWebhook(
      WebhookService service,
      BotRelay relay,
      OutgoingRecorder recorder,
      Long botId,
      JsonLog log,
      Clock clock) {
    this.service = service;
    this.relay = relay;
    this.recorder = recorder;
    this.botId = botId;
    this.log = log;
    this.clock = clock;
  }

  /** The plain service, for servers that refuse before reading the body. */
  public WebhookService service() {
    return service;
  }

  /** Handles one delivery. */
  public WebhookResponse handle(WebhookRequest request) {
    WebhookOutcome outcome = service.handle(request);
    if (relay == null || !forwarded(outcome.kind())) {
      return WebhookResponse.of(outcome);
    }
    long start = System.nanoTime();
    BotRelay.Result result = relay.forward(request.body());
    String recordedMethod = null;
    Boolean recorded = null;
    if (result.kind() == BotRelay.Kind.ANSWERED
        && outcome.kind() != Kind.OTHER_CHAT
        && recorder != null) {
      OutgoingRecorder.WebhookResponseCall call =
          recorder.parseWebhookResponse(result.response().body());
      if (call != null) {
        Instant at = clock.instant();
        recordedMethod = call.method();
        recorded =
            recorder.store(
                OutgoingKeys.webhookResponse(at, outcome.updateId()),
                new OutgoingRecord(
                    OutgoingRecord.WEBHOOK_RESPONSE,
                    botId,
                    call.method(),
                    outcome.updateId(),
                    at,
                    call.requestJson(),
                    null,
                    null,
                    null,
                    null));
      }
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("update_id", outcome.updateId());
    fields.put("stored", outcome.kind().logName());
    fields.put("relay", result.kind().metricOutcome());
    fields.put("bot_status", result.botStatus());
    fields.put("status", result.response().status());
    fields.put("latency_ms", (System.nanoTime() - start) / 1_000_000L);
    fields.put("method", recordedMethod);
    fields.put("recorded", recorded);
    fields.put("error", result.error());
    RelayMetrics.addTo(
        fields,
        clock.instant(),
        RelayMetrics.RELAY_REQUESTS,
        RelayMetrics.OUTCOME,
        result.kind().metricOutcome());
    log.write(result.kind() == BotRelay.Kind.ANSWERED ? "INFO" : "ERROR", "relay", fields);
    return result.response();
  }

  private static boolean forwarded(Kind kind) {
    return kind == Kind.STORED || kind == Kind.DUPLICATE || kind == Kind.OTHER_CHAT;
  }
}
