package io.tglake.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tglake.bench.DuckDbBaseline.Mode;
import io.tglake.cli.Cli;
import io.tglake.sample.DemoReport;
import io.tglake.sample.DemoReportCommand;
import io.tglake.sample.TrafficSpec;
import io.tglake.testkit.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark end to end on a tiny day (generator → bin/tglake etl as an untimed warm-up run that
 * writes its class-data archive → bin/tglake etl as a timed child process mapping it → DuckDB
 * declared in its own JVM), then the demo report over the ETL's tables. Checks counts and content,
 * never timings. The S3 mode (without an archive): EtlBenchmarkS3IT.
 */
class BenchmarkAndReportTest {

  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-03-03T06:00:00Z"), ZoneOffset.UTC);

  /** The reactor root: surefire runs in sample/, next to spark-etl/ (built first by -am). */
  static final Path REPO = Path.of("").toAbsolutePath().getParent();

  @Test
  void benchmarkTimesTheEtlProcessAndDuckDbDeclaredOnTheSameDayAndTheReportAnswersFromTheTables(
      @TempDir Path tmp) throws Exception {
    // The ETL children are bin/tglake etl itself: an archive of the test's own (so that the warm-up
    // run writes it),
    // and every JVM logs where its classes came from, to a file of its own (%p).
    markSparkEtlBuildFresh();
    Path archive = tmp.resolve("tglake-etl.jsa");
    ChildJvm children =
        ChildJvm.of(Optional.of(REPO))
            .withEtlEnv(
                Map.of(
                    "TGLAKE_ETL_CDS_ARCHIVE",
                    archive.toString(),
                    "TGLAKE_JAVA_OPTS",
                    "-Xlog:class+load=info:file=" + tmp.resolve("class-load-%p.log"),
                    "TGLAKE_ETL_CDS",
                    "1"));
    assertThat(children.tglake())
        .as("the checkout's bin/tglake")
        .contains(REPO.resolve("bin").resolve("tglake"));
    ByteArrayOutputStream benchOut = new ByteArrayOutputStream();
    EtlBenchmark.Result r =
        new EtlBenchmark(new PrintStream(benchOut, true, StandardCharsets.UTF_8), children)
            .run(
                new EtlBenchmark.Args(
                    200, Optional.of(tmp), true, 7, 1, Set.of(Mode.DECLARED), OptionalInt.empty()));
    String printed = benchOut.toString(StandardCharsets.UTF_8);
    System.out.print(
        printed); // the table in the test's output, for reading, never asserted on times

    assertThat(printed)
        .as(printed)
        .contains(
            "the ETL: bash " + REPO.resolve("bin").resolve("tglake") + " etl",
            "untimed warm-up ETL run: ",
            "it wrote bin/tglake etl's class-data archive");
    assertThat(archive).as("bin/tglake renamed it into place after its check").isNotEmptyFile();
    assertThat(Files.readString(tmp.resolve("logs").resolve("etl-warm-up.log")))
        .as("the writing run's log")
        .contains(EtlProcess.ARCHIVE_WRITTEN);
    assertThat(Files.readString(tmp.resolve("logs").resolve("etl-local-1.log")))
        .as("no CDS lines in the timed run's output, and it wrote no archive")
        .doesNotContain("[cds", "[warning]", EtlProcess.ARCHIVE_WRITTEN);
    try (Stream<Path> logs = Files.list(tmp)) {
      assertThat(
              logs.filter(p -> p.getFileName().toString().startsWith("class-load-"))
                  .map(BenchmarkAndReportTest::read))
          .as("the timed ETL run took the job's classes from the archive")
          .anyMatch(
              log ->
                  log.contains("io.tglake.etl.TelegramEtlJob source: shared objects file (top)"));
    }
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("no temp archive left")
          .noneMatch(n -> n.endsWith(".tmp"));
    }

    assertThat(r.files()).as("one raw object per update").isEqualTo(200);
    assertThat(r.etlReport().status()).isEqualTo("SUCCEEDED");
    assertThat(r.etlReport().objectsRead()).as("the ETL child read every object").isEqualTo(200);
    assertThat(r.etlReport().rows("updates")).isEqualTo(200);
    assertThat(r.etlReport().rows("messages")).isPositive();
    assertThat(r.duckdb().get(Mode.DECLARED).rows())
        .as("DuckDB declared wrote the ETL's messages rows:%n%s", printed)
        .isEqualTo(r.etlReport().rows("messages"));
    assertThat(r.messagesDiff())
        .as("compared value by value")
        .hasValueSatisfying(
            d -> {
              assertThat(d.equal()).as(d.describe()).isTrue();
              assertThat(d.columns())
                  .as("the shared columns compared")
                  .contains(
                      "update_id",
                      "message_id",
                      "user_id",
                      "chat_id",
                      "text",
                      "date",
                      "sent_at",
                      "update_type",
                      "command");
            });
    assertThat(r.messagesMatch()).isTrue();
    assertThat(r.etl().values()).hasSize(1);
    assertThat(r.s3()).isEmpty();
    assertThat(printed)
        .as(printed)
        .contains(
            "ratio vs DuckDB declared",
            "ETL / DuckDB declared (medians)",
            "messages rows: ETL",
            "(equal)",
            "DuckDB runs in its own JVM");
    assertThat(Files.isRegularFile(tmp.resolve("duckdb").resolve("declared.parquet"))).isTrue();

    ByteArrayOutputStream reportOut = new ByteArrayOutputStream();
    new DemoReport(SharedSpark.get(), new PrintStream(reportOut, true, StandardCharsets.UTF_8))
        .print(
            DemoReportCommand.parse(
                new String[] {"--enriched", tmp.resolve("enriched").toString()}, NOW));
    String report = reportOut.toString(StandardCharsets.UTF_8);
    assertThat(report)
        .as("report:%n%s", report)
        .contains("Lake: 200 updates over 1 UTC day(s) 2026-03-02..2026-03-02")
        .contains("Busiest hours (local time, America/Sao_Paulo)")
        .contains("/start")
        .containsPattern("resolution rate \\d+\\.\\d%")
        .contains(tmp.resolve("enriched").resolve("messages").toString());
  }

  /**
   * This Maven run has just packaged spark-etl; the dependency plugin leaves an unchanged
   * classpath.txt with its old time, which would make bin/tglake rebuild the module under the
   * running test.
   */
  static void markSparkEtlBuildFresh() throws IOException {
    Path classpath = REPO.resolve("spark-etl").resolve("target").resolve("classpath.txt");
    assertThat(classpath).as("spark-etl packaged first (-am)").exists();
    Files.setLastModifiedTime(classpath, FileTime.from(Instant.now()));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void reportOptionsAreCheckedAndHelpIsNotAnError() {
    StringWriter help = new StringWriter();
    assertThat(
            Cli.of(new DemoReportCommand(NOW)).out(new PrintWriter(help, true)).execute("--help"))
        .as("--help exits 0")
        .isZero();
    assertThat(help.toString())
        .startsWith("Usage: tglake demo-report")
        .contains("--enriched=DIR", "--zone=ZONE", "--from=YYYY-MM-DD", "--top=N");
    assertThatThrownBy(() -> DemoReportCommand.parse(new String[] {"--zone", "Mars/Base"}, NOW))
        .hasMessageContaining("--zone");
    assertThat(
            DemoReportCommand.parse(
                new String[] {"--from", "2026-03-01", "--to", "2026-03-02"}, NOW))
        .isEqualTo(
            new DemoReport.Args(
                Path.of("lake", "enriched"),
                TrafficSpec.DEFAULT_ZONE,
                Optional.of(LocalDate.of(2026, 3, 1)),
                Optional.of(LocalDate.of(2026, 3, 2)),
                8));
  }
}
