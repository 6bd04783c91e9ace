package io.tglake.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tglake.bench.DuckDbBaseline.Mode;
import io.tglake.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EtlBenchmarkCommandTest {

  @Test
  void defaultsAreThreeRunsOfTheEtlAgainstDuckDbDeclaredOnLocalDiskOnly() {
    assertThat(EtlBenchmarkCommand.parse(new String[] {}))
        .isEqualTo(
            new EtlBenchmark.Args(
                100_000,
                Optional.empty(),
                false,
                7,
                3,
                Set.of(Mode.DECLARED),
                OptionalInt.empty()));
  }

  @Test
  void runsS3LatencyAndTheOptInDuckDbModesAreParsed() {
    assertThat(
            EtlBenchmarkCommand.parse(
                new String[] {
                  "--updates",
                  "1_000_000",
                  "--runs",
                  "5",
                  "--s3-latency-ms",
                  "15",
                  "--duckdb-full",
                  "--duckdb-sampled",
                  "--work-dir",
                  "w",
                  "--keep"
                }))
        .isEqualTo(
            new EtlBenchmark.Args(
                1_000_000,
                Optional.of(Path.of("w")),
                true,
                7,
                5,
                EnumSet.of(Mode.DECLARED, Mode.FULL_SCHEMA, Mode.SAMPLED),
                OptionalInt.of(15)));
    assertThat(EtlBenchmarkCommand.parse(new String[] {"--skip-duckdb", "--s3-latency-ms", "0"}))
        .as("the ETL only; 0 ms still goes through S3")
        .isEqualTo(
            new EtlBenchmark.Args(
                100_000, Optional.empty(), false, 7, 3, Set.of(), OptionalInt.of(0)));
  }

  @Test
  void badValuesAreUsageErrorsWithExitTwo() {
    for (String[] argv :
        new String[][] {
          {"--runs", "0"},
          {"--runs", "x"},
          {"--s3-latency-ms", "-1"},
          {"--s3-latency-ms", "fast"},
          {"--updates", "0"},
          {"--duckdb-full", "--skip-duckdb"},
          {"--duckdb-sampled", "--skip-duckdb"},
          {"--no-such-option"}
        }) {
      StringWriter err = new StringWriter();
      assertThat(Cli.of(new EtlBenchmarkCommand()).err(new PrintWriter(err, true)).execute(argv))
          .as("exit code of %s", String.join(" ", argv))
          .isEqualTo(2);
      assertThat(err.toString())
          .as("message for %s", String.join(" ", argv))
          .contains("Try 'tglake bench etl --help'");
    }
    assertThatThrownBy(() -> EtlBenchmarkCommand.parse(new String[] {"--runs", "0"}))
        .hasMessageContaining("--runs");
    assertThatThrownBy(() -> EtlBenchmarkCommand.parse(new String[] {"--s3-latency-ms", "-5"}))
        .hasMessageContaining("--s3-latency-ms");
    assertThatThrownBy(
            () -> EtlBenchmarkCommand.parse(new String[] {"--duckdb-full", "--skip-duckdb"}))
        .hasMessageContaining("exclude each other");
  }

  @Test
  void helpListsTheOptionsAndExitsZero() {
    StringWriter help = new StringWriter();
    assertThat(Cli.of(new EtlBenchmarkCommand()).out(new PrintWriter(help, true)).execute("--help"))
        .isZero();
    assertThat(help.toString())
        .startsWith("Usage: tglake bench etl")
        .contains(
            "--runs=N", "--s3-latency-ms=N", "--duckdb-full", "--duckdb-sampled", "--skip-duckdb");
    assertThat(help.toString().replaceAll("\\s+", " "))
        .as("the class-data archive the ETL runs map")
        .contains(
            "spark-etl/target/tglake-etl.jsa",
            "one untimed ETL run writes it first",
            "TGLAKE_ETL_CDS=0");
  }
}
