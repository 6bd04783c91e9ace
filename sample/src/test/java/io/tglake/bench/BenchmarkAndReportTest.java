package io.tglake.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tglake.etl.DayResult;
import io.tglake.cli.Cli;
import io.tglake.sample.DemoReport;
import io.tglake.sample.DemoReportCommand;
import io.tglake.sample.SharedSpark;
import io.tglake.sample.TrafficSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's and the demo report's code paths on a tiny day: generator → real ETL → DuckDB baseline → report.
 * Checks counts and content, never timings.
 */
class BenchmarkAndReportTest {

  private static final Clock NOW = Clock.fixed(Instant.parse("2026-03-03T06:00:00Z"), ZoneOffset.UTC);

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
        .print(DemoReportCommand.parse(new String[] {"--enriched", tmp.resolve("enriched").toString()}, NOW));
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
    StringWriter help = new StringWriter();
    assertThat(Cli.of(new DemoReportCommand(NOW)).out(new PrintWriter(help, true)).execute("--help"))
        .as("--help exits 0").isZero();
    assertThat(help.toString()).startsWith("Usage: tglake demo-report").contains("--enriched=DIR", "--zone=ZONE",
        "--from=YYYY-MM-DD", "--top=N");
    assertThatThrownBy(() -> DemoReportCommand.parse(new String[] {"--zone", "Mars/Base"}, NOW))
        .hasMessageContaining("--zone");
    assertThat(DemoReportCommand.parse(new String[] {"--from", "2026-03-01", "--to", "2026-03-02"}, NOW))
        .isEqualTo(new DemoReport.Args(Path.of("lake", "enriched"), TrafficSpec.DEFAULT_ZONE,
            Optional.of(LocalDate.of(2026, 3, 1)), Optional.of(LocalDate.of(2026, 3, 2)), 8));
    assertThatThrownBy(() -> EtlBenchmarkCommand.parse(new String[] {"--updates", "x"}))
        .hasMessageContaining("--updates");
    assertThatThrownBy(() -> EtlBenchmarkCommand.parse(new String[] {"--duckdb-sampled", "--skip-duckdb"}))
        .hasMessageContaining("exclude each other");
    assertThat(EtlBenchmarkCommand.parse(new String[] {"--updates", "1_000_000", "--keep"}))
        .isEqualTo(new EtlBenchmark.Args(1_000_000, Optional.empty(), true, 7, false, false));
  }
}
