package io.tglake.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimingsTest {

  @Test
  void medianOfAnOddCountIsTheMiddleValueRegardlessOfOrder() {
    Timings t = new Timings(List.of(45.9, 38.5, 42.5));
    assertThat(t.median()).isEqualTo(42.5);
    assertThat(t.min()).isEqualTo(38.5);
    assertThat(t.max()).isEqualTo(45.9);
    assertThat(t.each()).as("in the order taken").isEqualTo("45.9 38.5 42.5");
    assertThat(t.spread()).isEqualTo("38.5–45.9");
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
    assertThat(new Timings(List.of(4.0, 1.0, 3.0, 10.0)).median()).isEqualTo(3.5);
    assertThat(new Timings(List.of(2.0)).median()).as("one run").isEqualTo(2.0);
    assertThat(new Timings(List.of(2.0)).spread()).isEqualTo("2.0–2.0");
  }

  @Test
  void noMeasurementIsAnError() {
    assertThatThrownBy(() -> new Timings(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
