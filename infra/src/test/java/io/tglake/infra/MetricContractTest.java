package io.tglake.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tglake.contract.Metrics;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every metric the synthesized stack reads in one of tglake's namespaces (alarms, anomaly models,
 * metric filters, dashboard widgets) is one a component emits: {@link Metrics#WEBHOOK_EMITTED} ∪
 * {@link Metrics#RELAY_EMITTED} ∪ {@link Metrics#ETL_EMITTED}. The emitters' own tests
 * (WebhookMetricsTest, EtlMetricsTest) check they emit exactly those sets, so a rename on one side
 * only fails a test instead of leaving an alarm on a metric that never arrives.
 */
class MetricContractTest {

  // Beside a bot (relay and pass-through on), so that every alarm the stack can have is in the
  // template.
  private static final StackTemplate T =
      StackTemplate.of(
          ctx -> {
            ctx.put("botWebhookUrl", "https://bot.example.com/telegram");
            ctx.put("botId", "123456");
            ctx.put("allowedBotIds", "123456");
            return ctx;
          });
  private static final Set<String> OURS = Set.of(Metrics.NAMESPACE, Metrics.ETL_LOG_NAMESPACE);

  /** namespace/metric → where it is read, over the whole template. */
  private final Map<String, Set<String>> read = new TreeMap<>();

  /** namespace/dimension name, for our namespaces. */
  private final Set<String> dimensions = new TreeSet<>();

  /** Outcome values the alarms and the dashboard select. */
  private final Set<String> outcomes = new TreeSet<>();

  /** Table values of the rows-per-table metrics the stack reads. */
  private final Set<String> tables = new TreeSet<>();

  @Test
  void everyMetricTheStackReadsIsEmittedAndEveryEmittedMetricIsRead() {
    T.ofType("AWS::CloudWatch::Alarm")
        .forEach(
            (id, a) -> {
              JsonNode p = a.get("Properties");
              if (p.has("MetricName")) {
                add(
                    p.path("Namespace").asText(),
                    p.path("MetricName").asText(),
                    p.path("Dimensions"),
                    "alarm " + id);
              }
              for (JsonNode q : p.path("Metrics")) {
                JsonNode m = q.at("/MetricStat/Metric");
                if (!m.isMissingNode()) {
                  add(
                      m.path("Namespace").asText(),
                      m.path("MetricName").asText(),
                      m.path("Dimensions"),
                      "alarm " + id);
                }
              }
            });
    T.ofType("AWS::CloudWatch::AnomalyDetector")
        .forEach(
            (id, d) ->
                add(
                    d.at("/Properties/Namespace").asText(),
                    d.at("/Properties/MetricName").asText(),
                    d.at("/Properties/Dimensions"),
                    "anomaly model " + id));
    T.ofType("AWS::Logs::MetricFilter")
        .forEach(
            (id, f) -> {
              for (JsonNode t : f.at("/Properties/MetricTransformations")) {
                add(
                    t.path("MetricNamespace").asText(),
                    t.path("MetricName").asText(),
                    null,
                    "metric filter " + id);
                // The filter reads the value from a field of the ETL's line: that field must be an
                // emitted metric too.
                assertThat(t.path("MetricValue").asText())
                    .as("%s reads the field of its own metric", id)
                    .isEqualTo("$." + t.path("MetricName").asText());
                t.path("Dimensions")
                    .fields()
                    .forEachRemaining(
                        d -> {
                          dimensions.add(t.path("MetricNamespace").asText() + "/" + d.getKey());
                          assertThat(d.getValue().asText())
                              .as("%s dimension value field", id)
                              .isEqualTo("$." + d.getKey());
                        });
              }
            });
    JsonNode body = dashboardBody();
    for (JsonNode widget : body.path("widgets")) {
      String where = "dashboard widget '" + widget.at("/properties/title").asText() + "'";
      for (JsonNode m : widget.at("/properties/metrics")) {
        // [namespace, name, dim1, value1, ..., {options}]
        ArrayNode dims = StackTemplate.MAPPER.createArrayNode();
        for (int i = 2; i + 1 < m.size() && m.get(i).isTextual(); i += 2) {
          dims.add(
              StackTemplate.MAPPER
                  .createObjectNode()
                  .put("Name", m.get(i).asText())
                  .put("Value", m.get(i + 1).asText()));
        }
        add(m.get(0).asText(), m.get(1).asText(), dims, where);
      }
    }

    Set<String> emitted = new LinkedHashSet<>(Metrics.WEBHOOK_EMITTED);
    emitted.addAll(Metrics.RELAY_EMITTED);
    emitted.addAll(Metrics.ETL_EMITTED);
    Set<String> ours = new TreeSet<>();
    read.forEach(
        (key, where) -> {
          String ns = key.substring(0, key.lastIndexOf('/'));
          String name = key.substring(key.lastIndexOf('/') + 1);
          assertThat(OURS.contains(ns) || ns.startsWith("AWS/"))
              .as("%s: a tglake or an AWS namespace (%s)", key, where)
              .isTrue();
          if (OURS.contains(ns)) {
            assertThat(emitted)
                .as("%s is read by %s but no component emits it", name, where)
                .contains(name);
            ours.add(name);
          }
        });
    assertThat(ours)
        .as("every emitted metric is watched or graphed somewhere (else drop it or read it)")
        .containsExactlyInAnyOrderElementsOf(emitted);
    assertThat(dimensions)
        .as("dimension names of our namespaces")
        .containsExactlyInAnyOrder(
            Metrics.NAMESPACE + "/" + Metrics.OUTCOME,
            Metrics.NAMESPACE + "/" + Metrics.SOURCE,
            Metrics.ETL_LOG_NAMESPACE + "/" + Metrics.TABLE,
            Metrics.ETL_LOG_NAMESPACE + "/" + Metrics.RUN_KIND);
    Set<String> known = new LinkedHashSet<>(Metrics.WEBHOOK_OUTCOMES);
    known.addAll(Metrics.RELAY_OUTCOMES);
    known.addAll(Metrics.BOT_API_OUTCOMES);
    known.addAll(Metrics.OUTGOING_SOURCES);
    assertThat(known)
        .as("outcome and source values the alarms and the dashboard select")
        .containsAll(outcomes);
    assertThat(outcomes)
        .as("the dashboard shows every webhook outcome")
        .containsAll(Metrics.WEBHOOK_OUTCOMES);
    assertThat(tables)
        .as("rows are graphed for every table the ETL writes, bot_messages included")
        .containsExactlyInAnyOrderElementsOf(Metrics.ETL_ROWS_TABLES);
  }

  private void add(String namespace, String name, JsonNode dims, String where) {
    read.computeIfAbsent(namespace + "/" + name, k -> new TreeSet<>()).add(where);
    if (dims == null || !OURS.contains(namespace)) {
      return;
    }
    for (JsonNode d : dims) {
      dimensions.add(namespace + "/" + d.path("Name").asText());
      if (d.path("Name").asText().equals(Metrics.OUTCOME)) {
        outcomes.add(d.path("Value").asText());
      }
      if (d.path("Name").asText().equals(Metrics.TABLE)) {
        tables.add(d.path("Value").asText());
      }
    }
  }

  private static JsonNode dashboardBody() {
    JsonNode dashboard = T.single("AWS::CloudWatch::Dashboard", "Dashboard");
    try {
      return StackTemplate.MAPPER.readTree(T.render(dashboard.at("/Properties/DashboardBody")));
    } catch (IOException e) {
      throw new AssertionError("dashboard body is not JSON once its tokens are rendered", e);
    }
  }
}
