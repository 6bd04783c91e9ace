package io.tglake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.contract.Emf;
import io.tglake.contract.Metrics;
import io.tglake.ingest.WebhookOutcome.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The per-request CloudWatch embedded-metric-format document, parsed back: one line per request,
 * namespace, metric, unit, dimension and value for every outcome, and nothing secret in it.
 */
class WebhookMetricsTest {
  private static final String TOKEN = "s3cr3t-T0ken_for-tests";
  private static final Instant AT = Instant.parse("2026-11-22T14:15:12.345Z");
  private static final String TELEGRAM_IP = "149.154.167.220";
  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final InMemoryRawUpdateStore store = new InMemoryRawUpdateStore();
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final WebhookService service =
      new WebhookService(
          new WebhookSettings(
              TOKEN,
              Set.of(7391200458L),
              WebhookSettings.DEFAULT_MAX_BODY_BYTES,
              SourceCidrs.parse("test", "149.154.160.0/20,91.108.4.0/22")),
          store,
          new JsonLog(JSON, lines::add),
          JSON);

  private static WebhookRequest request(String method, String token, byte[] body, String sourceIp) {
    return new WebhookRequest(
        method,
        token == null ? Map.of() : Map.of(WebhookRequest.SECRET_TOKEN_HEADER, List.of(token)),
        body,
        AT,
        sourceIp);
  }

  private static WebhookRequest post(byte[] body) {
    return request("POST", TOKEN, body, TELEGRAM_IP);
  }

  @Test
  void everyOutcomeEmitsOneEmfLineWithItsOutcomeDimension() throws Exception {
    byte[] text = Fixtures.update("private-text-message.json");
    byte[] big = new byte[WebhookSettings.DEFAULT_MAX_BODY_BYTES + 1];
    Arrays.fill(big, (byte) ' ');
    // Request, expected dimension value and status, in the order sent.
    Map<String, Integer> expected = new LinkedHashMap<>();
    List<Runnable> requests = new ArrayList<>();
    requests.add(() -> service.handle(post(text)));
    expected.put("stored", 200);
    requests.add(() -> service.handle(post(text)));
    expected.put("duplicate", 200);
    requests.add(() -> service.handle(post(Fixtures.update("supergroup-text-message.json"))));
    expected.put("other_chat", 200);
    requests.add(() -> service.handle(request("POST", null, text, TELEGRAM_IP)));
    expected.put("unauthorized", 401);
    requests.add(() -> service.handle(request("POST", "not-the-token", text, "91.108.6.71")));
    expected.put("forbidden", 403);
    requests.add(() -> service.handle(post("[]".getBytes(StandardCharsets.UTF_8))));
    expected.put("bad_request", 400);
    requests.add(() -> service.handle(post(big)));
    expected.put("too_large", 413);
    requests.add(
        () -> {
          store.failing.set(true);
          service.handle(post(Fixtures.update("callback-query.json")));
          store.failing.set(false);
        });
    expected.put("storage_failed", 503);
    requests.add(() -> service.handle(request("GET", TOKEN, new byte[0], TELEGRAM_IP)));
    expected.put("method_not_allowed", 405);
    requests.add(() -> service.handle(request("POST", TOKEN, text, "203.0.113.50")));
    expected.put("source_ip_blocked", 403);

    List<String> outcomes = new ArrayList<>(expected.keySet());
    for (int i = 0; i < requests.size(); i++) {
      requests.get(i).run();
      assertThat(lines).as("exactly one line per request").hasSize(i + 1);
      JsonNode line = MAPPER.readTree(lines.get(i));
      assertEmfDocument(line);
      assertThat(line.get("Outcome").asText()).as("request %d", i).isEqualTo(outcomes.get(i));
      assertThat(line.get("status").asInt())
          .as(outcomes.get(i))
          .isEqualTo(expected.get(outcomes.get(i)));
    }
    Set<String> allDimensionValues = new java.util.TreeSet<>();
    for (Kind k : EnumSet.allOf(Kind.class)) {
      allDimensionValues.add(k.metricOutcome());
    }
    assertThat(allDimensionValues)
        .as("every outcome the service can decide is covered above")
        .isEqualTo(new java.util.TreeSet<>(expected.keySet()));
    assertThat(allDimensionValues)
        .as("the outcomes the alarms and the dashboard read (contract)")
        .containsExactlyInAnyOrderElementsOf(Metrics.WEBHOOK_OUTCOMES);
    Set<String> emitted = new java.util.TreeSet<>();
    for (String l : lines) {
      emitted.addAll(Emf.metricNames(MAPPER.readValue(l, MAP)));
    }
    assertThat(emitted)
        .as("metric names emitted over every outcome = the contract's WEBHOOK_EMITTED")
        .containsExactlyInAnyOrderElementsOf(Metrics.WEBHOOK_EMITTED);
    assertThat(lines)
        .as("no token, no message text")
        .noneMatch(
            l ->
                l.contains(TOKEN)
                    || l.contains("not-the-token")
                    || l.contains("pedido")
                    || l.contains("Alguém"));
  }

  @Test
  void authFailuresAndBlockedSourcesCarryTheSourceIpStoredUpdatesDoNot() throws Exception {
    byte[] text = Fixtures.update("private-text-message.json");
    service.handle(request("POST", null, text, "91.108.6.71"));
    service.handle(request("POST", "wrong", text, "149.154.161.2"));
    service.handle(request("POST", TOKEN, text, "2001:db8::1"));
    service.handle(post(text));
    assertThat(MAPPER.readTree(lines.get(0)).get("source_ip").asText()).isEqualTo("91.108.6.71");
    assertThat(MAPPER.readTree(lines.get(1)).get("source_ip").asText()).isEqualTo("149.154.161.2");
    assertThat(MAPPER.readTree(lines.get(2)).get("source_ip").asText()).isEqualTo("2001:db8::1");
    assertThat(MAPPER.readTree(lines.get(2)).get("outcome").asText())
        .isEqualTo("source_ip_blocked");
    assertThat(MAPPER.readTree(lines.get(3)).has("source_ip"))
        .as("a 200 line stays lean")
        .isFalse();
    assertThat(store.objects).hasSize(1);
  }

  /** The EMF specification's rules for one document, checked on the parsed line. */
  private static void assertEmfDocument(JsonNode line) {
    JsonNode aws = line.get("_aws");
    assertThat(aws).as("_aws metadata object").isNotNull();
    assertThat(aws.get("Timestamp").isIntegralNumber()).as("Timestamp is a number").isTrue();
    assertThat(aws.get("Timestamp").asLong())
        .as("epoch milliseconds of the arrival")
        .isEqualTo(AT.toEpochMilli());
    JsonNode directives = aws.get("CloudWatchMetrics");
    assertThat(directives.isArray()).isTrue();
    assertThat(directives).hasSize(1);
    JsonNode directive = directives.get(0);
    assertThat(fieldNames(directive)).containsExactly("Namespace", "Dimensions", "Metrics");
    assertThat(directive.get("Namespace").asText()).isEqualTo("tglake");
    assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"Outcome\"]]");
    assertThat(directive.get("Metrics").toString())
        .isEqualTo("[{\"Name\":\"WebhookRequests\",\"Unit\":\"Count\"}]");
    // Target members: every referenced dimension is a string and every metric a number at the root.
    assertThat(line.get("Outcome").isTextual()).isTrue();
    assertThat(line.get("WebhookRequests").isNumber()).isTrue();
    assertThat(line.get("WebhookRequests").asInt()).isEqualTo(1);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
