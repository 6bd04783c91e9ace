package io.tglake.infra;

import static io.tglake.infra.Alarms.RUNBOOK;
import static io.tglake.infra.Alarms.atLeast;
import static io.tglake.infra.Alarms.countOf;
import static io.tglake.infra.Alarms.fillSum;
import static io.tglake.infra.Alarms.sum;
import static io.tglake.infra.Alarms.sumOf;
import static io.tglake.infra.Alarms.webhookRequests;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * The alarms on the webhook side ({@link RawIngest}): Lambda errors and throttles, API 5xx,
 * freshness, auth and bad-request surges, and, beside a bot, relay, pass-through and outgoing
 * record failures. Every alarm notifies the alerts topic.
 */
final class IngestAlarms extends Construct implements Concern {

  /**
   * Relay failures reaching Telegram as 502/504 (the bot unreachable, slow, redirecting, 410 or
   * oversized).
   */
  static final List<String> RELAY_FAILURES =
      List.of(
          "bot_timeout",
          "bot_unreachable",
          "bot_redirect",
          "bot_410",
          "bot_too_large",
          "bot_bad_status");

  private final OpsSettings ops;
  private final ITopic topic;

  IngestAlarms(Construct scope, String id, StackConfig config, RawIngest ingest, ITopic topic) {
    super(scope, id);
    this.ops = config.ops();
    this.topic = topic;
    webhookAlarms(ingest);
    botAlarms(config.bot());
  }

  private void webhookAlarms(RawIngest ingest) {
    alarm(
        "IngestErrorsAlarm",
        "tglake ingest Lambda errors (Telegram retries; raw may be missing updates)",
        ingest.live().metricErrors(sum(Duration.minutes(5))),
        1);
    alarm(
        "Webhook5xxAlarm",
        "tglake webhook answered 5xx (storage failing; Telegram retries and may back off)",
        ingest.stage().metricServerError(sum(Duration.minutes(5))),
        1);
    alarm(
        "IngestThrottlesAlarm",
        "tglake ingest Lambda throttled (flood or reserved concurrency too low; "
            + "Telegram retries throttled deliveries)",
        ingest.function().metricThrottles(sum(Duration.minutes(5))),
        1);

    // No stored update for N hours: webhook deleted or moved, bot blocked, secret changed on one
    // side only.
    // Missing data is breaching: with no deliveries the function emits nothing at all.
    Alarm.Builder.create(this, "IngestFreshnessAlarm")
        .alarmDescription(
            "tglake: no Telegram update stored for " + ops.freshnessHours() + " hours." + RUNBOOK)
        .metric(webhookRequests("stored", Duration.hours(1)))
        .threshold(1)
        .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
        .evaluationPeriods(ops.freshnessHours())
        .datapointsToAlarm(ops.freshnessHours())
        .treatMissingData(TreatMissingData.BREACHING)
        .build()
        .addAlarmAction(new SnsAction(topic));

    alarm(
        "WebhookAuthFailuresAlarm",
        "tglake: >= "
            + ops.authFailures()
            + " answers 401/403 in 15 minutes "
            + "(secret mismatch or someone probing the URL)."
            + RUNBOOK,
        sumOf("FILL(unauthorized, 0) + FILL(forbidden, 0)", "unauthorized", "forbidden"),
        ops.authFailures());
    alarm(
        "WebhookBadRequestsAlarm",
        "tglake: >= "
            + ops.badRequests()
            + " answers 400/413 in 15 minutes "
            + "(malformed or oversized bodies)."
            + RUNBOOK,
        sumOf("FILL(bad_request, 0) + FILL(too_large, 0)", "bad_request", "too_large"),
        ops.badRequests());
  }

  /**
   * Beside a bot: relay failures, the bot's own 5xx rate, pass-through errors and outgoing records
   * that could not be stored. Metric and dimension names are those of ingest-lambda's {@code
   * io.tglake.ingest.relay.RelayMetrics}.
   */
  private void botAlarms(BotSettings bot) {
    if (bot.relay()) {
      Map<String, IMetric> failures = new LinkedHashMap<>();
      for (String outcome : RELAY_FAILURES) {
        failures.put(outcome, countOf("RelayRequests", "Outcome", outcome));
      }
      alarm(
          "RelayFailuresAlarm",
          "tglake relay: >= 5 deliveries in 15 minutes the bot did not answer usably "
              + "(timeout, unreachable, redirect, 410, oversized): Telegram retries them."
              + RUNBOOK,
          MathExpression.Builder.create()
              .expression(fillSum(RELAY_FAILURES))
              .usingMetrics(failures)
              .period(Duration.minutes(15))
              .build(),
          5);
      Map<String, IMetric> rate = new LinkedHashMap<>();
      rate.put("bot5xx", countOf("RelayRequests", "Outcome", "bot_5xx"));
      rate.put("answered", countOf("RelayRequests", "Outcome", "answered"));
      alarm(
          "Bot5xxRateAlarm",
          "tglake relay: the bot answered 5xx to more than 5 % of the deliveries in 15 minutes."
              + RUNBOOK,
          MathExpression.Builder.create()
              .expression("100 * FILL(bot5xx, 0) / (FILL(bot5xx, 0) + FILL(answered, 0) + 1)")
              .usingMetrics(rate)
              .period(Duration.minutes(15))
              .build(),
          5);
    }
    if (bot.passThrough()) {
      Map<String, IMetric> errors = new LinkedHashMap<>();
      errors.put("upstream_error", countOf("BotApiRequests", "Outcome", "upstream_error"));
      errors.put("upstream_5xx", countOf("BotApiRequests", "Outcome", "upstream_5xx"));
      alarm(
          "PassThroughErrorsAlarm",
          "tglake Bot API pass-through: >= 5 calls in 15 minutes that Telegram did not "
              + "answer or answered 5xx."
              + RUNBOOK,
          MathExpression.Builder.create()
              .expression("FILL(upstream_error, 0) + FILL(upstream_5xx, 0)")
              .usingMetrics(errors)
              .period(Duration.minutes(15))
              .build(),
          5);
    }
    if (bot.relay() || bot.passThrough()) {
      Map<String, IMetric> records = new LinkedHashMap<>();
      records.put("wr", countOf("OutgoingRecordFailures", "Source", "webhook_response"));
      records.put("api", countOf("OutgoingRecordFailures", "Source", "bot_api"));
      alarm(
          "OutgoingRecordFailuresAlarm",
          "tglake: outgoing records (what the bot said) could not be stored; the "
              + "bot's answers still went out."
              + RUNBOOK,
          MathExpression.Builder.create()
              .expression("FILL(wr, 0) + FILL(api, 0)")
              .usingMetrics(records)
              .period(Duration.minutes(15))
              .build(),
          1);
    }
  }

  private void alarm(String id, String description, IMetric metric, double threshold) {
    atLeast(this, id, description, metric, threshold, topic);
  }
}
