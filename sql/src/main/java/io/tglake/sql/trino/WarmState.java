package io.tglake.sql.trino;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * What a warm Trino server's state file says about it: written by {@link WarmTrinoDaemon} once the
 * server runs queries, read by every later command to find and verify it.
 *
 * @param version Trino version of the server
 * @param lake the enriched root it serves (Trino's {@code local.location})
 * @param port HTTP port on 127.0.0.1
 * @param trinoPid the Trino JVM
 * @param daemonPid the daemon that watches it for idleness and stops it
 * @param startedAt when the server became ready
 * @param idleTimeout how long without queries before it stops
 */
public record WarmState(
    String version,
    Path lake,
    int port,
    long trinoPid,
    long daemonPid,
    Instant startedAt,
    Duration idleTimeout) {

  /** JDBC URL of the Hive catalog on this server. */
  public String jdbcUrl() {
    return "jdbc:trino://127.0.0.1:" + port + "/" + LocalTrino.CATALOG;
  }

  /** Writes the file atomically (a reader never sees half a file). */
  void write(Path file) {
    Properties p = new Properties();
    p.setProperty("version", version);
    p.setProperty("lake", lake.toString());
    p.setProperty("port", Integer.toString(port));
    p.setProperty("url", jdbcUrl());
    p.setProperty("trino_pid", Long.toString(trinoPid));
    p.setProperty("daemon_pid", Long.toString(daemonPid));
    p.setProperty("started_at", startedAt.toString());
    p.setProperty("idle_timeout_seconds", Long.toString(idleTimeout.toSeconds()));
    try {
      Path tmp =
          file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp)) {
        p.store(
            w,
            "warm Trino of bin/tglake query; stop it with: bin/tglake query --stop --enriched "
                + lake);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * The state in {@code file}, or empty when there is none or it is unreadable (treated as stale).
   */
  static Optional<WarmState> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
      return Optional.of(
          new WarmState(
              p.getProperty("version", ""),
              Path.of(p.getProperty("lake", "")),
              Integer.parseInt(p.getProperty("port", "0")),
              Long.parseLong(p.getProperty("trino_pid", "-1")),
              Long.parseLong(p.getProperty("daemon_pid", "-1")),
              Instant.parse(p.getProperty("started_at", "")),
              Duration.ofSeconds(Long.parseLong(p.getProperty("idle_timeout_seconds", "0")))));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
