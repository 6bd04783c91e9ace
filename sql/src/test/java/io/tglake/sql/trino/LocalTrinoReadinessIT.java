package io.tglake.sql.trino;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.contract.DdlRenderer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Ready" means a query runs: right after {@link LocalTrino#start} returns, the first statements
 * (the registration every command does, then a query that needs a worker node) must succeed on
 * every fresh start. Before the readiness check waited for an active node, about half of fresh
 * starts failed here with "No nodes available to run query".
 */
class LocalTrinoReadinessIT {

  private static final int STARTS = 3;

  @TempDir Path dir;

  @Test
  void everyFreshStartRunsItsFirstQueryWithoutNoNodesAvailable() throws Exception {
    Path installation = LocalTrino.installation(System.getenv());
    Path javaHome = LocalTrino.findJavaHome(System.getenv());
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < STARTS; i++) {
      Path lake = dir.resolve("lake-" + i);
      try (LocalTrino trino =
              LocalTrino.start(
                  installation, javaHome, lake, dir.resolve("trino-" + i), Duration.ofMinutes(3));
          Connection c = trino.connect("tglake")) {
        new TrinoLake(lake, DdlRenderer.bundled()).register(c, "tglake", "America/Sao_Paulo");
        try (Statement st = c.createStatement();
            ResultSet rs =
                st.executeQuery(
                    "SELECT count(*) FROM messages UNION ALL SELECT sum(x) FROM "
                        + "(VALUES 1, 2, 3) AS t(x)")) {
          List<Long> values = new ArrayList<>();
          while (rs.next()) {
            values.add(rs.getLong(1));
          }
          assertThat(values)
              .as("start %d: an empty messages table and the constant query", i)
              .containsExactlyInAnyOrder(0L, 6L);
        }
      } catch (java.sql.SQLException e) {
        failures.add("start " + i + ": " + e.getMessage());
      }
    }
    assertThat(failures).as("no fresh start may fail its first statements").isEmpty();
  }
}
