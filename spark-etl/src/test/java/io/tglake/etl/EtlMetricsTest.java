package io.tglake.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.contract.Emf;
import io.tglake.contract.Metrics;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The ETL's EMF lines parsed back: namespace, names, units, dimensions, values. */
class EtlMetricsTest {

  private static final Instant AT = Instant.parse("2026-11-23T03:05:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  static DayResult day() {
    Map<String, Long> rows = new LinkedHashMap<>();
    rows.put("messages", 150L);
    rows.put("message_entities", 40L);
    rows.put("callback_queries", 30L);
    rows.put("chat_member_updates", 0L);
    rows.put("updates", 190L);
    rows.put("bot_messages", 75L);
    return DayResult.succeeded(
        LocalDate.parse("2026-11-22"),
        new DayResult.Read(
            200,
            4,
            new DayQuality(2, Map.of("message.from", 2L), Map.of("message.quote", 7L), 3),
            Map.of()),
        rows,
        6,
        12.5);
  }

  /**
   * Metric name → [unit, value] of every document (keyed per Table for EtlRows). Every document
   * must carry the RunKind dimension, which is left out of the key (see {@link #runKinds}).
   */
  static Map<String, List<String>> parse(List<String> lines) throws Exception {
    return parse(lines, AT);
  }

  /** As {@link #parse(List)}; {@code at} null = any timestamp. */
  static Map<String, List<String>> parse(List<String> lines, Instant at) throws Exception {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String line : lines) {
      JsonNode doc = JSON.readTree(line);
      JsonNode directive = doc.get("_aws").get("CloudWatchMetrics").get(0);
      if (at != null) {
        assertThat(doc.get("_aws").get("Timestamp").asLong())
            .as("timestamp")
            .isEqualTo(at.toEpochMilli());
      }
      assertThat(directive.get("Namespace").asText()).as("namespace").isEqualTo("tglake");
      List<String> dims = new ArrayList<>();
      List<String> names = new ArrayList<>();
      directive.get("Dimensions").get(0).forEach(d -> names.add(d.asText()));
      assertThat(names).as("every metric has the RunKind dimension").contains("RunKind");
      names.stream()
          .filter(n -> !n.equals("RunKind"))
          .forEach(n -> dims.add(n + "=" + doc.get(n).asText()));
      for (JsonNode m : directive.get("Metrics")) {
        String name = m.get("Name").asText();
        String key = dims.isEmpty() ? name : name + dims;
        out.put(key, List.of(m.get("Unit").asText(), doc.get(name).asText()));
      }
    }
    return out;
  }

  @Test
  void oneDayDocumentAndOneDocumentPerTableWithExactNamesDimensionsAndValues() throws Exception {
    List<String> lines = EtlMetrics.lines(day(), RunKind.SCHEDULED, AT);

    assertThat(lines)
        .as("day + six tables, one JSON object per line")
        .hasSize(7)
        .allSatisfy(l -> assertThat(l).doesNotContain("\n").startsWith("{\"_aws\":"));
    Map<String, List<String>> m = parse(lines);
    assertThat(m)
        .as("metrics")
        .containsExactly(
            Map.entry("EtlUpdates", List.of("Count", "190")),
            Map.entry("EtlObjectsRead", List.of("Count", "200")),
            Map.entry("EtlQuarantined", List.of("Count", "4")),
            Map.entry("EtlRescued", List.of("Count", "2")),
            Map.entry("EtlDuplicatesDropped", List.of("Count", "6")),
            Map.entry("EtlSeconds", List.of("Seconds", "12.5")),
            Map.entry("EtlDayFailed", List.of("Count", "0")),
            Map.entry("EtlQuarantinedFraction", List.of("None", "0.02")),
            Map.entry("EtlRescuedFraction", List.of("None", "0.01")),
            Map.entry("EtlRows[Table=messages]", List.of("Count", "150")),
            Map.entry("EtlRows[Table=message_entities]", List.of("Count", "40")),
            Map.entry("EtlRows[Table=callback_queries]", List.of("Count", "30")),
            Map.entry("EtlRows[Table=chat_member_updates]", List.of("Count", "0")),
            Map.entry("EtlRows[Table=updates]", List.of("Count", "190")),
            Map.entry("EtlRows[Table=bot_messages]", List.of("Count", "75")));
    JsonNode first = JSON.readTree(lines.get(0));
    assertThat(first.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString())
        .as("day metrics are per run kind")
        .isEqualTo("[[\"RunKind\"]]");
    assertThat(
            JSON.readTree(lines.get(1))
                .get("_aws")
                .get("CloudWatchMetrics")
                .get(0)
                .get("Dimensions")
                .toString())
        .as("rows per table and run kind")
        .isEqualTo("[[\"Table\",\"RunKind\"]]");
    assertThat(first.get("context_date").asText() + " " + first.get("status").asText())
        .as("plain members")
        .isEqualTo("2026-11-22 SUCCEEDED");
  }

  @Test
  void emitsExactlyTheContractsEtlMetricNames() throws Exception {
    Set<String> emitted = new LinkedHashSet<>();
    for (String line : EtlMetrics.lines(day(), RunKind.SCHEDULED, AT)) {
      emitted.addAll(
          Emf.metricNames(JSON.readValue(line, new TypeReference<Map<String, Object>>() {})));
    }
    assertThat(emitted)
        .as("what the alarms and metric filters read (Metrics.ETL_EMITTED), nothing else")
        .containsExactlyInAnyOrderElementsOf(Metrics.ETL_EMITTED);
  }

  @Test
  void rowsAreReportedForEveryTableTheEtlWritesIncludingBotMessages() throws Exception {
    List<String> written = new ArrayList<>(Tables.NAMES);
    written.add(BotMessages.TABLE);
    assertThat(Metrics.ETL_ROWS_TABLES)
        .as("the contract's table dimension values are the tables the ETL writes")
        .containsExactlyElementsOf(written);
    DayResult noOutgoing =
        DayResult.succeeded(
            LocalDate.parse("2026-11-22"),
            new DayResult.Read(1, 0, DayQuality.NONE, Map.of()),
            Map.of("updates", 1L),
            0,
            1.0);
    assertThat(
            parse(EtlMetrics.lines(noOutgoing, RunKind.SCHEDULED, AT))
                .get("EtlRows[Table=bot_messages]"))
        .as("a day without outgoing records reports 0 bot_messages rows, not no datapoint")
        .containsExactly("Count", "0");
  }

  @Test
  void failedDayReportsDayFailedOne() throws Exception {
    DayResult failed = DayResult.failed(LocalDate.parse("2026-11-22"), 1.0, "boom");
    Map<String, List<String>> m = parse(EtlMetrics.lines(failed, RunKind.MANUAL, AT));
    assertThat(m.get("EtlDayFailed")).as("failed flag").containsExactly("Count", "1");
    assertThat(m.get("EtlRescuedFraction"))
        .as("no objects: fraction 0")
        .containsExactly("None", "0.0");
  }

  @Test
  void everyDocumentCarriesItsRunKindSoBackfillsAndRebuildsStayOutOfTheScheduledFigures()
      throws Exception {
    for (RunKind kind : RunKind.values()) {
      assertThat(runKinds(EtlMetrics.lines(day(), kind, AT)))
          .as(kind + " on all seven documents")
          .containsExactly(
              kind.value(),
              kind.value(),
              kind.value(),
              kind.value(),
              kind.value(),
              kind.value(),
              kind.value());
    }
    assertThat(RunKind.values())
        .extracting(RunKind::value)
        .containsExactly("scheduled", "manual", "backfill", "erasure", "intraday");
  }

  /** The RunKind dimension value of every document, in order. */
  static List<String> runKinds(List<String> lines) throws Exception {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      JsonNode doc = JSON.readTree(line);
      JsonNode dims = doc.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").get(0);
      assertThat(dims.toString()).contains("\"RunKind\"");
      out.add(doc.get("RunKind").asText());
    }
    return out;
  }
}
