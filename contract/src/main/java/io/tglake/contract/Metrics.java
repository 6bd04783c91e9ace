package io.tglake.contract;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The CloudWatch names of tglake, defined once: what the webhook handler and the ETL emit (embedded
 * metric format lines) and what the stack's alarms, metric filters and dashboard read. An alarm on
 * a name outside {@link #WEBHOOK_EMITTED} ∪ {@link #RELAY_EMITTED} ∪ {@link #ETL_EMITTED} watches a
 * metric that never arrives; infra's tests fail on it, and the emitters' tests check they emit
 * exactly these sets.
 */
public final class Metrics {

  /**
   * Namespace of the EMF metrics (the ingest function's, extracted by CloudWatch Logs for Lambda).
   */
  public static final String NAMESPACE = "tglake";

  /**
   * Namespace of the ETL figures the stack takes from the job's log group by metric filters
   * (whether CloudWatch extracts EMF from EMR Serverless logs is not documented; a separate
   * namespace avoids double counting).
   */
  public static final String ETL_LOG_NAMESPACE = "tglake/EtlLog";

  /** Webhook: one per request, Count, dimension {@link #OUTCOME}. */
  public static final String WEBHOOK_REQUESTS = "WebhookRequests";

  /** Webhook dimension: how the request ended, one of {@link #WEBHOOK_OUTCOMES}. */
  public static final String OUTCOME = "Outcome";

  /** ETL day metric: updates after dedup. */
  public static final String ETL_UPDATES = "EtlUpdates";

  /** ETL day metric: raw objects read. */
  public static final String ETL_OBJECTS_READ = "EtlObjectsRead";

  /** ETL day metric: objects quarantined. */
  public static final String ETL_QUARANTINED = "EtlQuarantined";

  /** ETL day metric: updates with values rescued from a type drift. */
  public static final String ETL_RESCUED = "EtlRescued";

  /** ETL day metric: duplicate deliveries dropped. */
  public static final String ETL_DUPLICATES_DROPPED = "EtlDuplicatesDropped";

  /** ETL day metric: seconds the day took. */
  public static final String ETL_SECONDS = "EtlSeconds";

  /** ETL day metric: 1 for a failed day, 0 otherwise. */
  public static final String ETL_DAY_FAILED = "EtlDayFailed";

  /** ETL day metric: quarantined / objects read. */
  public static final String ETL_QUARANTINED_FRACTION = "EtlQuarantinedFraction";

  /** ETL day metric: rescued / objects read. */
  public static final String ETL_RESCUED_FRACTION = "EtlRescuedFraction";

  /** ETL table metric: rows written to one table, dimension {@link #TABLE}. */
  public static final String ETL_ROWS = "EtlRows";

  /** ETL dimension of {@link #ETL_ROWS}: the table name. */
  public static final String TABLE = "Table";

  /**
   * The {@link #TABLE} values: every table the ETL writes, in write order (the updates' five, then
   * bot_messages from the outgoing records). The ETL emits one {@link #ETL_ROWS} per table and the
   * dashboard graphs each.
   */
  public static final List<String> ETL_ROWS_TABLES =
      List.of(
          "messages",
          "message_entities",
          "callback_queries",
          "chat_member_updates",
          "updates",
          "bot_messages");

  /**
   * Dimension of every ETL figure: why the run happened (scheduled, manual, backfill, erasure). The
   * alarms read {@link #RUN_KIND_SCHEDULED} only, so reruns and rebuilds never change or stand in
   * for a scheduled day's figures.
   */
  public static final String RUN_KIND = "RunKind";

  /** The run kind of the daily scheduled run. */
  public static final String RUN_KIND_SCHEDULED = "scheduled";

  /** The ETL's dimension-less day metrics, in the order of its EMF document. */
  public static final List<String> ETL_DAY_METRICS =
      List.of(
          ETL_UPDATES,
          ETL_OBJECTS_READ,
          ETL_QUARANTINED,
          ETL_RESCUED,
          ETL_DUPLICATES_DROPPED,
          ETL_SECONDS,
          ETL_DAY_FAILED,
          ETL_QUARANTINED_FRACTION,
          ETL_RESCUED_FRACTION);

  /** Every metric name the webhook handler emits. */
  /**
   * Relay mode: one per relayed delivery, dimension {@link #OUTCOME} (answered, bot_5xx,
   * bot_timeout, ...).
   */
  public static final String RELAY_REQUESTS = "RelayRequests";

  /**
   * Bot API pass-through: one per call, dimension {@link #OUTCOME} (forwarded, upstream_5xx,
   * refused_bot, ...).
   */
  public static final String BOT_API_REQUESTS = "BotApiRequests";

  /**
   * One per outgoing record (what the bot said) that could not be stored, dimension {@link
   * #SOURCE}.
   */
  public static final String OUTGOING_RECORD_FAILURES = "OutgoingRecordFailures";

  /**
   * Dimension of {@link #OUTGOING_RECORD_FAILURES}: the record's source (webhook_response,
   * bot_api).
   */
  public static final String SOURCE = "Source";

  public static final Set<String> WEBHOOK_EMITTED = Set.of(WEBHOOK_REQUESTS);

  /**
   * What relay mode and the Bot API pass-through emit (ingest-lambda's {@code relay} package),
   * beside the webhook.
   */
  public static final Set<String> RELAY_EMITTED =
      ordered(List.of(RELAY_REQUESTS, BOT_API_REQUESTS, OUTGOING_RECORD_FAILURES));

  /** Every metric name the ETL emits: the day metrics and {@link #ETL_ROWS}. */
  public static final Set<String> ETL_EMITTED = ordered(ETL_DAY_METRICS, ETL_ROWS);

  /**
   * Every value of the webhook's {@link #OUTCOME} dimension (several answers may share one value).
   */
  /** {@link #OUTCOME} values of {@link #RELAY_REQUESTS} (ingest-lambda's {@code BotRelay.Kind}). */
  public static final Set<String> RELAY_OUTCOMES =
      ordered(
          List.of(
              "answered",
              "bot_4xx",
              "bot_5xx",
              "bot_410",
              "bot_redirect",
              "bot_bad_status",
              "bot_too_large",
              "bot_timeout",
              "bot_unreachable"));

  /**
   * {@link #OUTCOME} values of {@link #BOT_API_REQUESTS} (ingest-lambda's {@code
   * BotApiPassThrough.Kind}).
   */
  public static final Set<String> BOT_API_OUTCOMES =
      ordered(List.of("forwarded", "upstream_5xx", "upstream_error", "refused_bot", "bad_path"));

  /**
   * {@link #SOURCE} values of {@link #OUTGOING_RECORD_FAILURES}: how an outgoing record was
   * captured.
   */
  public static final Set<String> OUTGOING_SOURCES =
      ordered(List.of("webhook_response", "bot_api"));

  public static final Set<String> WEBHOOK_OUTCOMES =
      ordered(
          List.of(
              "stored",
              "duplicate",
              "other_chat",
              "unauthorized",
              "forbidden",
              "bad_request",
              "too_large",
              "storage_failed",
              "method_not_allowed",
              "source_ip_blocked"));

  private Metrics() {}

  private static Set<String> ordered(List<String> names, String... more) {
    Set<String> s = new LinkedHashSet<>(names);
    s.addAll(List.of(more));
    return Collections.unmodifiableSet(s);
  }
}
