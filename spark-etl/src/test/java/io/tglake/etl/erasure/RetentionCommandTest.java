package io.tglake.etl.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.cli.Cli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code retention apply} on a local lake: exact partitions deleted at the cutoff, dry run, bad
 * options.
 */
class RetentionCommandTest {

  private static final Clock TODAY =
      Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);
  private static final List<String> LAKE =
      List.of(
          "raw/context_date=2025-10-26/1.json",
          "raw/context_date=2025-10-27/2.json",
          "raw/context_date=2026-12-01/3.json",
          "enriched/messages/context_date=2026-10-31/part-0.parquet",
          "enriched/messages/context_date=2026-11-01/part-0.parquet",
          "enriched/updates/context_date=2025-10-26/part-0.parquet",
          "enriched/_quarantine/context_date=2026-10-30/part-0.json",
          "enriched/_runs/context_date=2026-10-31/20261101T030000.000Z.json",
          "enriched/_runs/context_date=2026-11-01/20261102T030000.000Z.json",
          "enriched/_privacy/erasures/req-1.json");

  @TempDir Path lake;

  private void build() throws IOException {
    for (String f : LAKE) {
      Path p = lake.resolve(f);
      Files.createDirectories(p.getParent());
      Files.writeString(p, "x");
    }
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.walk(lake)) {
      return s.filter(Files::isRegularFile)
          .map(p -> lake.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  private int run(StringWriter out, String... args) {
    return Cli.of(new RetentionCommand(TODAY, new PrintWriter(out, true)))
        .err(new PrintWriter(out, true))
        .execute(args);
  }

  @Test
  void deletesExactlyThePartitionsOlderThanTheCutoffOfEachLayer() throws IOException {
    build();
    StringWriter out = new StringWriter();
    int code =
        run(
            out,
            "--raw",
            lake.resolve("raw").toString(),
            "--enriched",
            lake.resolve("enriched").toString(),
            "--raw-days",
            "400",
            "--enriched-days",
            "30");
    assertThat(code).as("exit code").isZero();
    assertThat(files())
        .as("kept: raw from 2025-10-27, enriched from 2026-11-01, audits")
        .containsExactly(
            "enriched/_privacy/erasures/req-1.json",
            "enriched/_runs/context_date=2026-11-01/20261102T030000.000Z.json",
            "enriched/messages/context_date=2026-11-01/part-0.parquet",
            "raw/context_date=2025-10-27/2.json",
            "raw/context_date=2026-12-01/3.json");
    assertThat(lake.resolve("enriched/updates/context_date=2025-10-26"))
        .as("folder gone too")
        .doesNotExist();
    assertThat(out.toString())
        .as("summary")
        .contains(
            "raw kept from 2025-10-27 (400 days), enriched kept from "
                + "2026-11-01 (30 days): deleted 1 raw and 4 enriched partitions");
  }

  @Test
  void expiresOutgoingRecordsBesideRawWithTheRawRetention() throws IOException {
    build();
    for (String f :
        List.of(
            "outgoing/context_date=2025-10-26/wr-1.json",
            "outgoing/context_date=2025-10-27/wr-2.json",
            "elsewhere/context_date=2025-10-26/api-1.json")) {
      Files.createDirectories(lake.resolve(f).getParent());
      Files.writeString(lake.resolve(f), "x");
    }
    StringWriter out = new StringWriter();
    int code =
        run(
            out,
            "--raw",
            lake.resolve("raw").toString(),
            "--enriched",
            lake.resolve("enriched").toString(),
            "--raw-days",
            "400",
            "--enriched-days",
            "30");
    int explicit =
        run(
            new StringWriter(),
            "--raw",
            lake.resolve("raw").toString(),
            "--enriched",
            lake.resolve("enriched").toString(),
            "--outgoing",
            lake.resolve("elsewhere").toString());

    assertThat(List.of(code, explicit)).as("exit codes").containsExactly(0, 0);
    assertThat(files())
        .as("outgoing days older than the raw cutoff are gone, the default folder and --outgoing")
        .filteredOn(f -> f.startsWith("outgoing") || f.startsWith("elsewhere"))
        .containsExactly("outgoing/context_date=2025-10-27/wr-2.json");
    assertThat(out.toString())
        .as("counted with the raw layer")
        .contains("deleted 2 raw and 4 enriched partitions");
  }

  @Test
  void defaultsAre400DaysAndDryRunDeletesNothing() throws IOException {
    build();
    StringWriter out = new StringWriter();
    int code =
        run(
            out,
            "--raw",
            lake.resolve("raw").toString(),
            "--enriched",
            lake.resolve("enriched").toString(),
            "--dry-run");
    assertThat(code).as("exit code").isZero();
    assertThat(files()).as("dry run").containsExactlyElementsOf(LAKE.stream().sorted().toList());
    assertThat(out.toString())
        .as("what would go")
        .contains("would delete " + lake.resolve("raw/context_date=2025-10-26"))
        .contains("would delete " + lake.resolve("enriched/updates/context_date=2025-10-26"))
        .contains("dry run, would delete 1 raw and 1 enriched " + "partitions");
  }

  @Test
  void enrichedMayNotOutliveRawAndS3IsRefused() throws IOException {
    StringWriter out = new StringWriter();
    assertThat(
            run(out, "--raw", "r", "--enriched", "e", "--raw-days", "30", "--enriched-days", "31"))
        .as("enriched > raw")
        .isEqualTo(2);
    assertThat(out.toString()).contains("may not outlive it");
    assertThat(run(new StringWriter(), "--raw", "s3://b/telegram", "--enriched", "e"))
        .as("s3")
        .isEqualTo(2);
  }
}
