package io.tglake.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DdlRenderCommandTest {

  private static final String DDL = "../contract/src/main/resources/tglake/ddl";

  @Test
  void commandLineWritesOneRenderedFilePerStatementFileIntoOutWithTheLocalZone(@TempDir Path tmp)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        DdlRenderCommand.run(
            new String[] {
              "--database",
              "tglake",
              "--lake-location",
              "s3://b/enriched",
              "--ddl-dir",
              DDL,
              "--local-tz",
              "Asia/Tokyo",
              "--out",
              tmp.resolve("rendered").toString()
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream()));

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).as("--out: nothing on stdout").isEmpty();
    java.util.List<String> names;
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(tmp.resolve("rendered"))) {
      names = files.map(f -> f.getFileName().toString()).sorted().toList();
    }
    assertThat(names)
        .as("one file per statement file")
        .containsExactlyElementsOf(
            io.tglake.contract.DdlRenderer.readDirectory(Path.of(DDL)).stream()
                .map(io.tglake.contract.DdlRenderer.DdlFile::name)
                .sorted()
                .toList());
    assertThat(java.nio.file.Files.readString(tmp.resolve("rendered/60_messages_local.sql")))
        .as("--local-tz in the view")
        .contains("'Asia/Tokyo'")
        .doesNotContain("'America/Sao_Paulo'");
    assertThat(java.nio.file.Files.readString(tmp.resolve("rendered/10_messages.sql")))
        .contains("LOCATION 's3://b/enriched/messages/'");
  }

  @Test
  void commandLinePrintsRenderedStatementsAndExitsTwoOnBadOptions() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int ok =
        DdlRenderCommand.run(
            new String[] {
              "--database",
              "tglake",
              "--lake-location",
              "s3://b/enriched",
              "--ddl-dir",
              "../contract/src/main/resources/tglake/ddl"
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    int bad =
        DdlRenderCommand.run(
            new String[] {"--nope"},
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(ok).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("CREATE DATABASE IF NOT EXISTS tglake;")
        .contains("LOCATION 's3://b/enriched/messages/'");
    assertThat(bad).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(
            "DdlRenderCommand: Missing required options: '--database=NAME', '--lake-location=URI'");
  }

  @Test
  void withoutDdlDirItRendersTheBundledContractFiles() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int ok =
        DdlRenderCommand.run(
            new String[] {"--database", "lake", "--lake-location", "s3://b/e"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream()));

    assertThat(ok).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .as("the files packaged in tglake-contract")
        .contains("CREATE EXTERNAL TABLE IF NOT EXISTS lake.updates")
        .contains("CREATE OR REPLACE VIEW lake.messages_local");
  }
}
