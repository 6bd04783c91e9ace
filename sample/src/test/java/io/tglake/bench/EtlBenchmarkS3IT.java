package io.tglake.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench etl --s3-latency-ms}: the local S3 server (s3proxy + latency proxy) in its own JVM
 * on local-s3's classpath, the day uploaded through the S3 API, the ETL child reading it over
 * s3a:// — same tables as from local disk. Counts only, never timings.
 */
class EtlBenchmarkS3IT {

  @Test
  void theEtlReadsTheSameDayThroughTheLatencyProxyAndWritesTheSameRows(@TempDir Path tmp)
      throws Exception {
    BenchmarkAndReportTest.markSparkEtlBuildFresh();
    ByteArrayOutputStream benchOut = new ByteArrayOutputStream();
    // no class-data archive here (writing one costs ~30 s; BenchmarkAndReportTest covers it)
    EtlBenchmark.Result r =
        new EtlBenchmark(
                new PrintStream(benchOut, true, StandardCharsets.UTF_8),
                ChildJvm.of(Optional.of(BenchmarkAndReportTest.REPO))
                    .withEtlEnv(Map.of("TGLAKE_ETL_CDS", "0")))
            .run(
                new EtlBenchmark.Args(
                    100, Optional.of(tmp), false, 7, 1, Set.of(), OptionalInt.of(5)));
    String printed = benchOut.toString(StandardCharsets.UTF_8);
    System.out.print(
        printed); // the table in the test's output, for reading, never asserted on times

    assertThat(r.etlReport().objectsRead()).isEqualTo(100);
    assertThat(r.s3())
        .as(printed)
        .hasValueSatisfying(
            s3 -> {
              assertThat(s3.latencyMs()).isEqualTo(5);
              assertThat(s3.report().status()).isEqualTo("SUCCEEDED");
              assertThat(s3.report().objectsRead())
                  .as("every object read through the proxy")
                  .isEqualTo(100);
              assertThat(s3.report().rows())
                  .as("the same tables as from local disk")
                  .isEqualTo(r.etlReport().rows());
              assertThat(s3.requests())
                  .as("about one GET per object, plus listings")
                  .isBetween(100L, 150L);
              assertThat(s3.serverCpuSeconds().median())
                  .as("the server process's CPU is measured")
                  .isPositive();
            });
    assertThat(printed)
        .contains(
            "local S3: s3proxy (in-memory store)",
            "objects uploaded through the S3 API",
            "S3 +5 ms vs local disk (medians)",
            "the local S3 server's own CPU per S3 run");
    assertThat(printed).as("no DuckDB asked for").doesNotContain("ratio vs DuckDB declared");
  }
}
