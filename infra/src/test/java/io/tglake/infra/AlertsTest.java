package io.tglake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every alarm (metric, threshold, missing-data rule, action), the ETL metric filters and the flood
 * limits.
 */
class AlertsTest {

  private static final StackTemplate T = StackTemplate.defaults();

  @Test
  void everyAlarmGoesToTheAlertsTopic() {
    Map<String, JsonNode> alarms = alarms(T);
    assertThat(alarms.keySet())
        .containsExactlyInAnyOrder(
            "IngestErrorsAlarm",
            "Webhook5xxAlarm",
            "IngestThrottlesAlarm",
            "IngestFreshnessAlarm",
            "WebhookAuthFailuresAlarm",
            "WebhookBadRequestsAlarm",
            "ScheduleDeadLetterAlarm",
            "EtlDayFailedAlarm",
            "EtlQuarantinedFractionAlarm",
            "EtlRescuedFractionAlarm",
            "EtlNoRunAlarm",
            "EtlUpdatesLowAlarm");
    alarms.forEach(
        (id, a) -> assertThat(T.texts(a.get("AlarmActions"))).as(id).containsExactly("${Alerts}"));
  }

  @Test
  void freshnessAlarmFiresAfterSixHoursWithoutAStoredUpdateAndTreatsSilenceAsBreaching() {
    JsonNode a = alarms(T).get("IngestFreshnessAlarm");
    assertThat(a.path("Namespace").asText()).isEqualTo("tglake");
    assertThat(a.path("MetricName").asText()).isEqualTo("WebhookRequests");
    assertThat(a.path("Dimensions").toString())
        .isEqualTo("[{\"Name\":\"Outcome\",\"Value\":\"stored\"}]");
    assertThat(a.path("Period").asInt()).isEqualTo(3600);
    assertThat(a.path("Statistic").asText()).isEqualTo("Sum");
    assertThat(a.path("ComparisonOperator").asText()).isEqualTo("LessThanThreshold");
    assertThat(a.path("Threshold").asDouble()).isEqualTo(1.0);
    assertThat(a.path("EvaluationPeriods").asInt()).isEqualTo(6);
    assertThat(a.path("DatapointsToAlarm").asInt()).isEqualTo(6);
    assertThat(a.path("TreatMissingData").asText())
        .as("no deliveries = no metric lines at all")
        .isEqualTo("breaching");
  }

  @Test
  void authAndBadRequestSurgesSumTheirOutcomesPerQuarterHour() {
    assertSurge(alarms(T).get("WebhookAuthFailuresAlarm"), "unauthorized", "forbidden", 20);
    assertSurge(alarms(T).get("WebhookBadRequestsAlarm"), "bad_request", "too_large", 20);
  }

  @Test
  void thresholdsFollowTheContextSettings() {
    StackTemplate tuned =
        StackTemplate.of(
            ctx -> {
              ctx.put("freshnessHours", 3);
              ctx.put("authFailureThreshold", "5");
              ctx.put("quarantinedFractionThreshold", "0.02");
              ctx.put("updatesAnomalyBand", "2");
              ctx.put("ingestReservedConcurrency", 0);
              return ctx;
            });
    Map<String, JsonNode> alarms = alarms(tuned);
    assertThat(alarms.get("IngestFreshnessAlarm").path("EvaluationPeriods").asInt()).isEqualTo(3);
    assertThat(alarms.get("WebhookAuthFailuresAlarm").path("Threshold").asDouble()).isEqualTo(5.0);
    assertThat(alarms.get("EtlQuarantinedFractionAlarm").path("Threshold").asDouble())
        .isEqualTo(0.02);
    assertThat(alarms.get("EtlUpdatesLowAlarm").at("/Metrics/1/Expression").asText())
        .isEqualTo("ANOMALY_DETECTION_BAND(updates, 2.0)");
    assertThat(
            tuned
                .single("AWS::Lambda::Function", "IngestFunction")
                .at("/Properties/ReservedConcurrentExecutions")
                .isMissingNode())
        .as("0 = no reserved concurrency")
        .isTrue();
  }

  @Test
  void lambdaThrottlesDeadLetterAndFailureAlarmsFireOnTheFirstOccurrence() {
    Map<String, JsonNode> alarms = alarms(T);
    JsonNode throttles = alarms.get("IngestThrottlesAlarm");
    assertThat(throttles.path("MetricName").asText()).isEqualTo("Throttles");
    assertThat(T.render(throttles.at("/Dimensions/0/Value"))).isEqualTo("${IngestFunction}");
    assertThat(throttles.path("Threshold").asDouble()).isEqualTo(1.0);
    JsonNode dlq = alarms.get("ScheduleDeadLetterAlarm");
    assertThat(dlq.path("MetricName").asText()).isEqualTo("ApproximateNumberOfMessagesVisible");
    assertThat(dlq.path("ComparisonOperator").asText()).isEqualTo("GreaterThanOrEqualToThreshold");
    assertThat(dlq.path("Threshold").asDouble()).as("DLQ messages > 0").isEqualTo(1.0);
    JsonNode failed = alarms.get("EtlDayFailedAlarm");
    assertThat(failed.path("Namespace").asText()).isEqualTo("tglake/EtlLog");
    assertThat(failed.path("MetricName").asText()).isEqualTo("EtlDayFailed");
    assertThat(failed.path("Statistic").asText()).isEqualTo("Maximum");
    assertThat(failed.path("Period").asInt()).isEqualTo(86400);
  }

  @Test
  void etlQualityAlarmsWatchTheDaysFractionsVolumeAndAbsence() {
    Map<String, JsonNode> alarms = alarms(T);
    assertThat(alarms.get("EtlQuarantinedFractionAlarm").path("Threshold").asDouble())
        .isEqualTo(0.01);
    assertThat(alarms.get("EtlQuarantinedFractionAlarm").path("ComparisonOperator").asText())
        .isEqualTo("GreaterThanThreshold");
    assertThat(alarms.get("EtlRescuedFractionAlarm").path("Threshold").asDouble()).isEqualTo(0.05);
    assertThat(alarms.get("EtlRescuedFractionAlarm").path("MetricName").asText())
        .isEqualTo("EtlRescuedFraction");
    JsonNode noRun = alarms.get("EtlNoRunAlarm");
    assertThat(noRun.path("Statistic").asText()).isEqualTo("SampleCount");
    assertThat(noRun.path("EvaluationPeriods").asInt()).isEqualTo(2);
    assertThat(noRun.path("TreatMissingData").asText()).isEqualTo("breaching");
    JsonNode low = alarms.get("EtlUpdatesLowAlarm");
    assertThat(low.path("ComparisonOperator").asText()).isEqualTo("LessThanLowerThreshold");
    assertThat(low.path("ThresholdMetricId").asText()).isEqualTo("band");
    assertThat(low.at("/Metrics/0/MetricStat/Metric/MetricName").asText()).isEqualTo("EtlUpdates");
    assertThat(low.at("/Metrics/0/MetricStat/Period").asInt()).isEqualTo(86400);
    assertThat(low.at("/Metrics/1/Expression").asText())
        .isEqualTo("ANOMALY_DETECTION_BAND(updates, 3.0)");
    assertThat(T.ofType("AWS::CloudWatch::AnomalyDetector")).hasSize(1);
  }

  @Test
  void etlFiguresComeFromTheJobLogGroupThroughMetricFiltersOnTheEmfFields() {
    JsonNode app = T.single("AWS::EMRServerless::Application", "EtlApplication").get("Properties");
    JsonNode cw = app.at("/MonitoringConfiguration/CloudWatchLoggingConfiguration");
    assertThat(cw.path("Enabled").asBoolean()).isTrue();
    assertThat(cw.path("LogGroupName").asText()).isEqualTo("/aws/emr-serverless/tglake-etl");
    assertThat(cw.path("LogTypeMap").toString())
        .isEqualTo("[{\"Key\":\"SPARK_DRIVER\",\"Value\":[\"STDOUT\",\"STDERR\"]}]");
    Map<String, String> filters = new TreeMap<>();
    for (JsonNode f : T.ofType("AWS::Logs::MetricFilter").values()) {
      JsonNode p = f.get("Properties");
      assertThat(T.render(p.get("LogGroupName"))).isEqualTo("${EtlJobLogs}");
      JsonNode t = p.at("/MetricTransformations/0");
      assertThat(t.path("MetricNamespace").asText()).isEqualTo("tglake/EtlLog");
      filters.put(
          t.path("MetricName").asText(),
          p.path("FilterPattern").asText() + " -> " + t.path("MetricValue").asText());
    }
    assertThat(filters)
        .hasSize(10)
        .containsEntry("EtlUpdates", "{ $.EtlUpdates >= 0 } -> $.EtlUpdates")
        .containsEntry(
            "EtlQuarantinedFraction",
            "{ $.EtlQuarantinedFraction >= 0 } -> $.EtlQuarantinedFraction")
        .containsEntry("EtlRows", "{ $.EtlRows >= 0 } -> $.EtlRows");
    assertThat(
            T.single("AWS::CloudWatch::Dashboard", "Dashboard")
                .at("/Properties/DashboardName")
                .asText())
        .isEqualTo("tglake");
  }

  /**
   * The ETL's day document of each run kind (as {@code EtlMetrics} prints it; {@code
   * EtlMetricsTest} checks the emitter) pushed through the stack's metric filters as CloudWatch
   * Logs applies them, then matched against every alarm's metric identity (namespace, name,
   * dimensions): only the scheduled run's figures reach an alarm.
   */
  @Test
  void etlAlarmsReadOnlyTheScheduledRunsFigures() throws Exception {
    Map<String, List<String>> seenBy = new TreeMap<>();
    for (String kind : List.of("scheduled", "manual", "backfill", "erasure", "intraday")) {
      JsonNode day =
          StackTemplate.MAPPER.readTree(
              ("{\"context_date\": \"2026-11-22\", \"status\": \"SUCCEEDED\", "
                      + "\"EtlUpdates\": 190, \"EtlObjectsRead\": 200, \"EtlQuarantined\": 4, \"EtlRescued\": 2, "
                      + "\"EtlDuplicatesDropped\": 6, \"EtlSeconds\": 12.5, \"EtlDayFailed\": 0, "
                      + "\"EtlQuarantinedFraction\": 0.02, \"EtlRescuedFraction\": 0.01, \"RunKind\": \"%s\"}")
                  .formatted(kind));
      JsonNode rows =
          StackTemplate.MAPPER.readTree(
              "{\"Table\": \"messages\", \"EtlRows\": 150, \"RunKind\": \"%s\"}".formatted(kind));
      List<String> datapoints = new ArrayList<>();
      for (JsonNode doc : List.of(day, rows)) {
        datapoints.addAll(filtered(doc));
      }
      List<String> alarms = new ArrayList<>();
      alarms(T)
          .forEach(
              (id, a) -> {
                if (metricIdentities(a).stream().anyMatch(datapoints::contains)) {
                  alarms.add(id);
                }
              });
      seenBy.put(kind, alarms);
    }
    assertThat(seenBy)
        .containsEntry(
            "scheduled",
            List.of(
                "EtlDayFailedAlarm",
                "EtlNoRunAlarm",
                "EtlQuarantinedFractionAlarm",
                "EtlRescuedFractionAlarm",
                "EtlUpdatesLowAlarm"))
        .containsEntry("manual", List.of())
        .containsEntry("backfill", List.of())
        .containsEntry("erasure", List.of())
        .as("the intraday refresh of today never judges or stands in for a day")
        .containsEntry("intraday", List.of());
    JsonNode model =
        T.ofType("AWS::CloudWatch::AnomalyDetector").values().iterator().next().get("Properties");
    assertThat(model.path("Dimensions").toString())
        .as("the anomaly model learns scheduled days only")
        .isEqualTo("[{\"Name\":\"RunKind\",\"Value\":\"scheduled\"}]");
  }

  /** "namespace/name{dims}" of every datapoint the stack's metric filters make of one log event. */
  private static List<String> filtered(JsonNode event) {
    List<String> out = new ArrayList<>();
    java.util.regex.Pattern numberAtLeastZero =
        java.util.regex.Pattern.compile("\\{ \\$\\.(\\w+) >= 0 }");
    for (JsonNode f : T.ofType("AWS::Logs::MetricFilter").values()) {
      JsonNode p = f.get("Properties");
      java.util.regex.Matcher m = numberAtLeastZero.matcher(p.path("FilterPattern").asText());
      assertThat(m.matches()).as("filter pattern modelled: " + p.path("FilterPattern")).isTrue();
      JsonNode value = event.path(m.group(1));
      if (!value.isNumber() || value.asDouble() < 0) {
        continue;
      }
      JsonNode t = p.at("/MetricTransformations/0");
      Map<String, String> dims = new TreeMap<>();
      for (JsonNode d : t.path("Dimensions")) {
        dims.put(
            d.path("Key").asText(), event.path(d.path("Value").asText().substring(2)).asText());
      }
      out.add(t.path("MetricNamespace").asText() + "/" + t.path("MetricName").asText() + dims);
    }
    return out;
  }

  /**
   * "namespace/name{dims}" of every metric an alarm reads (single metric or metric-math inputs).
   */
  private static List<String> metricIdentities(JsonNode alarm) {
    List<String> out = new ArrayList<>();
    List<JsonNode> metrics = new ArrayList<>();
    if (alarm.has("MetricName")) {
      metrics.add(alarm);
    }
    alarm
        .path("Metrics")
        .forEach(
            q -> {
              if (q.has("MetricStat")) {
                metrics.add(q.at("/MetricStat/Metric"));
              }
            });
    for (JsonNode m : metrics) {
      Map<String, String> dims = new TreeMap<>();
      m.path("Dimensions")
          .forEach(d -> dims.put(d.path("Name").asText(), d.path("Value").asText()));
      out.add(m.path("Namespace").asText() + "/" + m.path("MetricName").asText() + dims);
    }
    return out;
  }

  @Test
  void floodLimitsCapTheFunctionAndTheRoute() {
    JsonNode fn = T.single("AWS::Lambda::Function", "IngestFunction").get("Properties");
    assertThat(fn.has("ReservedConcurrentExecutions"))
        .as("off by default (WiringRulesTest: account quotas)")
        .isFalse();
    assertThat(fn.at("/Environment/Variables").has("ALLOWED_SOURCE_CIDRS"))
        .as("allow-list off by default")
        .isFalse();
    JsonNode stage =
        T.ofType("AWS::ApiGatewayV2::Stage").values().iterator().next().get("Properties");
    JsonNode route = stage.at("/RouteSettings/POST ~1telegram~1webhook");
    assertThat(route.path("ThrottlingRateLimit").asInt()).isEqualTo(100);
    assertThat(route.path("ThrottlingBurstLimit").asInt()).isEqualTo(200);

    StackTemplate on =
        StackTemplate.of(
            ctx -> {
              ctx.put("sourceIpAllowList", true);
              ctx.put("webhookRateLimit", 30);
              return ctx;
            });
    assertThat(
            on.single("AWS::Lambda::Function", "IngestFunction")
                .at("/Properties/Environment/Variables/ALLOWED_SOURCE_CIDRS")
                .asText())
        .isEqualTo("149.154.160.0/20,91.108.4.0/22");
    assertThat(
            on.ofType("AWS::ApiGatewayV2::Stage")
                .values()
                .iterator()
                .next()
                .at("/Properties/RouteSettings/POST ~1telegram~1webhook/ThrottlingRateLimit")
                .asInt())
        .isEqualTo(30);
  }

  private static void assertSurge(JsonNode alarm, String a, String b, int threshold) {
    assertThat(alarm.path("Threshold").asDouble()).isEqualTo(threshold);
    assertThat(alarm.path("ComparisonOperator").asText())
        .isEqualTo("GreaterThanOrEqualToThreshold");
    List<String> outcomes = new ArrayList<>();
    String expression = null;
    for (JsonNode q : alarm.get("Metrics")) {
      if (q.has("Expression")) {
        expression = q.path("Expression").asText();
      } else {
        assertThat(q.at("/MetricStat/Period").asInt()).isEqualTo(900);
        assertThat(q.at("/MetricStat/Stat").asText()).isEqualTo("Sum");
        assertThat(q.at("/MetricStat/Metric/MetricName").asText()).isEqualTo("WebhookRequests");
        outcomes.add(q.at("/MetricStat/Metric/Dimensions/0/Value").asText());
      }
    }
    assertThat(outcomes).containsExactlyInAnyOrder(a, b);
    assertThat(expression).isEqualTo("FILL(" + a + ", 0) + FILL(" + b + ", 0)");
  }

  static Map<String, JsonNode> alarms(StackTemplate t) {
    Map<String, JsonNode> out = new TreeMap<>();
    t.ofType("AWS::CloudWatch::Alarm")
        .forEach((id, r) -> out.put(StackTemplate.shortIdOf(id), r.get("Properties")));
    return out;
  }
}
