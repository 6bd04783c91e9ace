package io.tglake.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * bin/tglake query on the local lake, end to end except the server start: the command finds the Trino
 * of the shared IT lake through the same marker file {@code --keep-trino} writes, registers the tables
 * from the contract's DDL itself and prints the aligned table.
 */
class QueryCommandIT {

  @Test
  void printsTheAlignedResultOfALibraryQueryReusingAKeptServer() throws Exception {
    ItLake lake = ItLake.get();
    Path runDir = QueryCommand.runDir(lake.enriched.toAbsolutePath().normalize());
    Files.createDirectories(runDir);
    QueryCommand.writeState(runDir, lake.trino, lake.enriched.toAbsolutePath().normalize());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      int code = new QueryCommand(System.getenv(), a -> {
        throw new AssertionError("local run");
      }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
          .run(new String[] {"sessions_per_day", "--from", "2026-11-20", "--to", "2026-11-21", "--lake",
              lake.enriched.toString()}, Clock.systemUTC());

      assertThat(code).as("stderr: %s", err).isZero();
      assertThat(err.toString(StandardCharsets.UTF_8)).as("reused, not started")
          .doesNotContain("starting Trino").contains("Trino read");
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("""
           context_date | sessions | avg_messages_per_session | avg_duration_seconds | max_duration_seconds
          --------------+----------+--------------------------+----------------------+----------------------
           2026-11-20   |        4 |                     2.25 |                510.0 |                 1200
           2026-11-21   |        3 |                     1.67 |                 40.0 |                   60
          (2 rows)
          """);
    } finally {
      Files.deleteIfExists(runDir.resolve("server.properties"));
    }
  }
}
