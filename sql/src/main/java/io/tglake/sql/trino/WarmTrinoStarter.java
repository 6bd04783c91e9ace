package io.tglake.sql.trino;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts the background {@link WarmTrinoDaemon} of a lake and waits for the state file it writes
 * once its server runs queries. Only a command that finds no server loads this class: a warm query
 * goes through {@link WarmTrino} alone.
 */
final class WarmTrinoStarter {

  private final Path lake;
  private final Path dir;

  /**
   * @param lake the normalized enriched root
   * @param dir the lake's state folder (see {@link WarmTrino})
   */
  WarmTrinoStarter(Path lake, Path dir) {
    this.lake = lake;
    this.dir = dir;
  }

  /** Tells the user why this command waits, and where the daemon logs. */
  void announce(Duration idleTimeout, PrintStream err) {
    err.println(
        "starting Trino "
            + LocalTrino.VERSION
            + " over "
            + lake
            + " (kept warm for later commands, "
            + "stops after "
            + (idleTimeout.toSeconds() < 120
                ? idleTimeout.toSeconds() + " s"
                : idleTimeout.toMinutes() + " min")
            + " idle; log "
            + dir.resolve(WarmTrino.DAEMON_LOG)
            + ") ...");
  }

  /**
   * Starts the daemon (called holding the lake's lock) and returns the state it writes once its
   * server runs queries.
   *
   * @throws IllegalStateException with the daemon log's last lines when the daemon exits first, or
   *     when {@code startTimeout} passes (the daemon is then stopped)
   */
  WarmState start(Path java, String classpath, Duration idleTimeout, Duration startTimeout) {
    List<String> command = new ArrayList<>();
    // A session of its own: the terminal's Ctrl-C in the command that started it must not reach it.
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid");
    }
    command.addAll(
        List.of(
            java.toString(),
            "-Xmx128m",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-cp",
            classpath,
            WarmTrinoDaemon.class.getName(),
            lake.toString(),
            dir.toString(),
            Long.toString(idleTimeout.toSeconds())));
    Path log = dir.resolve(WarmTrino.DAEMON_LOG);
    Path stateFile = dir.resolve(WarmTrino.STATE_FILE);
    Process daemon;
    try {
      daemon =
          new ProcessBuilder(command)
              .redirectInput(new File("/dev/null"))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Trino daemon", e);
    }
    long deadline = System.nanoTime() + startTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<WarmState> state = WarmState.read(stateFile);
      // With setsid the daemon is setsid's child; setsid execs it, so the pid is the same.
      if (state.isPresent() && state.get().daemonPid() == daemon.pid()) {
        return state.get();
      }
      if (!daemon.isAlive()) {
        throw new IllegalStateException(
            "the Trino daemon exited with code "
                + daemon.exitValue()
                + " before the server was ready; last lines of "
                + log
                + ":\n"
                + TrinoReadiness.tail(log, 30));
      }
      WarmTrino.sleep(200);
    }
    WarmTrino.terminate(daemon.toHandle());
    throw new IllegalStateException("Trino not ready after " + startTimeout + "; see " + log);
  }
}
