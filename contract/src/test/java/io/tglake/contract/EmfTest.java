package io.tglake.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmfTest {

  private static final Instant AT = Instant.parse("2026-11-22T14:15:12.345Z");

  @Test
  void documentHasTheSpecificationsShapeInOrder() {
    Map<String, String> units = new LinkedHashMap<>();
    units.put("A", "Count");
    units.put("B", "Seconds");
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("Table", "messages");
    members.put("A", 3);
    members.put("B", 1.5);
    Map<String, Object> doc =
        Emf.document(AT, Emf.directive("ns", List.of("Table"), units), members);

    assertThat(doc.toString())
        .as("exact structure, insertion order kept")
        .isEqualTo(
            "{_aws={Timestamp="
                + AT.toEpochMilli()
                + ", "
                + "CloudWatchMetrics=[{Namespace=ns, Dimensions=[[Table]], Metrics=[{Name=A, Unit=Count}, "
                + "{Name=B, Unit=Seconds}]}]}, Table=messages, A=3, B=1.5}");
    assertThat(Emf.metricNames(doc)).containsExactly("A", "B");
  }

  @Test
  void metricsWithoutDimensionsHaveOneEmptyDimensionSet() {
    Map<String, Object> d = Emf.directive("ns", List.of(), Map.of("A", "None"));
    assertThat(d.get("Dimensions"))
        .as("[[]], not []: CloudWatch then publishes without dimensions")
        .isEqualTo(List.of(List.of()));
  }
}
