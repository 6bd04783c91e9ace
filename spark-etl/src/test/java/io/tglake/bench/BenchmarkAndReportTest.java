package io.tglake.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.etl.DayResult;
import io.tglake.etl.SharedSpark;
import io.tglake.sample.DemoReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's and the demo report's code paths on a tiny day: generator → real ETL → DuckDB baseline → report.
 * Checks counts and content, never timings.
 */
class BenchmarkAndReportTest {

  @Test
  void benchmarkRunsTheEtlAndDuckDbOnTheSameDayAndTheReportAnswersFromTheTables(@TempDir Path tmp) {
    ByteArrayOutputStream benchOut = new ByteArrayOutputStream();
    EtlBenchmark.Result r = new EtlBenchmark(new PrintStream(benchOut, true, StandardCharsets.UTF_8))
        .run(SharedSpark.get(), new EtlBenchmark.Args(400, Optional.of(tmp), true, 7, false, false));

    assertThat(r.files()).as("one raw object per update").isEqualTo(400);
    assertThat(r.etl().status()).isEqualTo(DayResult.Status.SUCCEEDED);
    assertThat(r.etl().updates()).as("the ETL saw every update once").isEqualTo(400);
    assertThat(r.etl().rows("updates")).isEqualTo(400);
    assertThat(r.duckdbRows()).as("DuckDB read the same objects").isEqualTo(400);
    assertThat(r.etlSeconds()).isPositive();
    assertThat(benchOut.toString(StandardCharsets.UTF_8)).contains("ratio ETL/DuckDB", "updates/s");
    assertThat(Files.isRegularFile(tmp.resolve("duckdb").resolve("full_schema.parquet"))).isTrue();

    ByteArrayOutputStream reportOut = new ByteArrayOutputStream();
    new DemoReport(SharedSpark.get(), new PrintStream(reportOut, true, StandardCharsets.UTF_8))
        .print(DemoReport.parse(new String[] {"--enriched", tmp.resolve("enriched").toString()}));
    String report = reportOut.toString(StandardCharsets.UTF_8);
    assertThat(report).as("report:%n%s", report)
        .contains("Lake: 400 updates over 1 UTC day(s) 2026-03-02..2026-03-02")
        .contains("Busiest hours (local time, America/Sao_Paulo)")
        .contains("onde esta meu pedido")
        .contains("/start")
        .containsPattern("resolution rate \\d+\\.\\d%")
        .containsPattern("requests for a human: \\d+ messages")
        .contains(tmp.resolve("enriched").resolve("messages").toString());
  }

  @Test
  void reportOptionsAreCheckedAndHelpIsNotAnError() {
    assertThat(DemoReport.parse(new String[] {"--help"})).as("--help").isNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DemoReport.parse(new String[] {"--zone", "Mars/Base"}))
        .hasMessageContaining("--zone");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EtlBenchmark.parse(new String[] {"--updates", "x"}))
        .hasMessageContaining("--updates");
    assertThat(EtlBenchmark.parse(new String[] {"--updates", "1_000_000", "--keep"}))
        .isEqualTo(new EtlBenchmark.Args(1_000_000, Optional.empty(), true, 7, false, false));
  }
}
