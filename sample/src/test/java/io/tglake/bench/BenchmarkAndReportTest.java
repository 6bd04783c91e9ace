package io.tglake.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tglake.bench.DuckDbBaseline.Mode;
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
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark end to end on a tiny day (generator → the ETL as a child process → DuckDB declared in its own JVM),
 * then the demo report over the ETL's tables. Checks counts and content, never timings. The S3 mode: EtlBenchmarkS3IT.
 */
class BenchmarkAndReportTest {

  private static final Clock NOW = Clock.fixed(Instant.parse("2026-03-03T06:00:00Z"), ZoneOffset.UTC);

  /** The reactor root: surefire runs in sample/, next to spark-etl/ (built first by -am). */
  static final Path REPO = Path.of("").toAbsolutePath().getParent();

  @Test
  void benchmarkTimesTheEtlProcessAndDuckDbDeclaredOnTheSameDayAndTheReportAnswersFromTheTables(@TempDir Path tmp) {
    ByteArrayOutputStream benchOut = new ByteArrayOutputStream();
    EtlBenchmark.Result r = new EtlBenchmark(new PrintStream(benchOut, true, StandardCharsets.UTF_8),
        ChildJvm.of(Optional.of(REPO)))
        .run(new EtlBenchmark.Args(200, Optional.of(tmp), true, 7, 1, Set.of(Mode.DECLARED), OptionalInt.empty()));
    String printed = benchOut.toString(StandardCharsets.UTF_8);
    System.out.print(printed); // the table in the test's output, for reading, never asserted on times

    assertThat(r.files()).as("one raw object per update").isEqualTo(200);
    assertThat(r.etlReport().status()).isEqualTo("SUCCEEDED");
    assertThat(r.etlReport().objectsRead()).as("the ETL child read every object").isEqualTo(200);
    assertThat(r.etlReport().rows("updates")).isEqualTo(200);
    assertThat(r.etlReport().rows("messages")).isPositive();
    assertThat(r.duckdb().get(Mode.DECLARED).rows()).as("DuckDB declared wrote the ETL's messages rows:%n%s", printed)
        .isEqualTo(r.etlReport().rows("messages"));
    assertThat(r.messagesMatch()).isTrue();
    assertThat(r.etl().values()).hasSize(1);
    assertThat(r.s3()).isEmpty();
    assertThat(printed).as(printed).contains("ratio vs DuckDB declared", "ETL / DuckDB declared (medians)",
        "messages rows: ETL", "(equal)", "DuckDB runs in its own JVM");
    assertThat(Files.isRegularFile(tmp.resolve("duckdb").resolve("declared.parquet"))).isTrue();

    ByteArrayOutputStream reportOut = new ByteArrayOutputStream();
    new DemoReport(SharedSpark.get(), new PrintStream(reportOut, true, StandardCharsets.UTF_8))
        .print(DemoReportCommand.parse(new String[] {"--enriched", tmp.resolve("enriched").toString()}, NOW));
    String report = reportOut.toString(StandardCharsets.UTF_8);
    assertThat(report).as("report:%n%s", report)
        .contains("Lake: 200 updates over 1 UTC day(s) 2026-03-02..2026-03-02")
        .contains("Busiest hours (local time, America/Sao_Paulo)")
        .contains("/start")
        .containsPattern("resolution rate \\d+\\.\\d%")
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
  }
}
