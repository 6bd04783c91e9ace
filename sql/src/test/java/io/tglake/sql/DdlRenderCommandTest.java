package io.tglake.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DdlRenderCommandTest {

  @Test
  void commandLinePrintsRenderedStatementsAndExitsTwoOnBadOptions() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int ok = DdlRenderCommand.run(new String[] {"--database", "tglake", "--lake-location", "s3://b/enriched",
        "--ddl-dir", "../contract/src/main/resources/tglake/ddl"}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    int bad = DdlRenderCommand.run(new String[] {"--nope"}, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(ok).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("CREATE DATABASE IF NOT EXISTS tglake;")
        .contains("LOCATION 's3://b/enriched/messages/'");
    assertThat(bad).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("DdlRenderCommand: Missing required options: '--database=NAME', '--lake-location=URI'");
  }

  @Test
  void withoutDdlDirItRendersTheBundledContractFiles() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int ok = DdlRenderCommand.run(new String[] {"--database", "lake", "--lake-location", "s3://b/e"},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));

    assertThat(ok).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).as("the files packaged in tglake-contract")
        .contains("CREATE EXTERNAL TABLE IF NOT EXISTS lake.updates")
        .contains("CREATE OR REPLACE VIEW lake.messages_local");
  }
}
