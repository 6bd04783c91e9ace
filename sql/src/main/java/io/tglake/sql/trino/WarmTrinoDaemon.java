package io.tglake.sql.trino;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background process of a {@link WarmTrino}: starts Trino over the lake, publishes the {@link
 * WarmState} once it runs queries, then watches for idleness and stops it.
 *
 * <p>Idle means: no command touched {@code last-used} and no query ran or ended on the server
 * within the timeout. Queries count too because a shell or notebook connected to the server sends
 * queries without going through the CLI. The stop decision is taken holding the lake's lock and
 * removes the state file before Trino stops, so a command either got the server (and touched {@code
 * last-used}, which postpones the stop) or starts a new one.
 *
 * <p>Usage (started by {@link WarmTrino}, not by people): {@code WarmTrinoDaemon LAKE STATE_DIR
 * IDLE_SECONDS}.
 */
public final class WarmTrinoDaemon {

  private static final Logger LOG = LoggerFactory.getLogger(WarmTrinoDaemon.class);

  /** Its own user, so the watcher's queries do not count as activity. */
  private static final String WATCH_USER = "tglake-idle-watch";

  private WarmTrinoDaemon() {}

  /** Entry point; exits 0 after an idle stop, 1 when Trino could not start or died. */
  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println(
          "usage: WarmTrinoDaemon LAKE STATE_DIR IDLE_SECONDS (started by bin/tglake query)");
      System.exit(2);
    }
    Path lake = Path.of(args[0]);
    Path dir = Path.of(args[1]);
    Duration idle = Duration.ofSeconds(Long.parseLong(args[2]));
    WarmTrino warm = new WarmTrino(lake, dir);
    Map<String, String> env = System.getenv();
    LocalTrino trino;
    try {
      trino =
          LocalTrino.start(
              LocalTrino.installation(env),
              LocalTrino.findJavaHome(env),
              lake,
              dir.resolve("server"),
              Duration.ofMinutes(5));
    } catch (RuntimeException e) {
      LOG.error("cannot start Trino: {}", e.getMessage());
      System.exit(1);
      return;
    }
    long self = ProcessHandle.current().pid();
    WarmState state =
        new WarmState(
            LocalTrino.VERSION, lake, trino.port(), trino.pid(), self, Instant.now(), idle);
    // Stopped by `query --stop` (SIGTERM) or the machine: take Trino along and leave no state
    // behind.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  trino.close();
                  WarmState.read(warm.stateFile())
                      .filter(s -> s.daemonPid() == self)
                      .ifPresent(s -> warm.deleteState());
                },
                "warm-trino-stop"));
    state.write(warm.stateFile());
    LOG.info(
        "Trino {} on 127.0.0.1:{} over {}, stops after {} s idle",
        LocalTrino.VERSION,
        trino.port(),
        lake,
        idle.toSeconds());
    System.exit(watch(warm, trino, idle));
  }

  private static int watch(WarmTrino warm, LocalTrino trino, Duration idle) {
    long poll = Math.max(500, Math.min(5_000, idle.toMillis() / 4));
    Instant lastQuery = Instant.now();
    Instant failingSince = null;
    while (true) {
      WarmTrino.sleep(poll);
      if (!WarmTrino.trinoProcess(trino.pid()).isPresent()) {
        LOG.warn("Trino exited; see {}", trino.workDir().resolve("server.log"));
        return 1;
      }
      Instant now = Instant.now();
      try {
        lastQuery = latest(lastQuery, lastQueryActivity(trino));
        failingSince = null;
      } catch (SQLException e) {
        // Not knowing is not idleness (a loaded machine can time the watcher out while a command's
        // query
        // runs); only a server that keeps failing the watcher for a whole timeout is stopped.
        failingSince = failingSince == null ? now : failingSince;
        if (Duration.between(failingSince, now).compareTo(idle) < 0) {
          lastQuery = now;
        }
        LOG.warn("cannot read query activity: {}", e.getMessage());
      }
      if (idleSince(warm, lastQuery, idle)) {
        boolean stop =
            warm.withLock(
                () -> {
                  if (!idleSince(warm, Instant.EPOCH, idle)) {
                    return false; // a command found the server in the meantime
                  }
                  warm.deleteState();
                  return true;
                });
        if (stop) {
          LOG.info("idle for {} s: stopping Trino", idle.toSeconds());
          return 0; // the shutdown hook stops Trino
        }
      }
    }
  }

  private static boolean idleSince(WarmTrino warm, Instant lastQuery, Duration idle) {
    Instant last = latest(lastQuery, warm.lastUsed());
    return Duration.between(last, Instant.now()).compareTo(idle) > 0;
  }

  /**
   * Now when a query runs, else when the last one ended (null when the server holds no query
   * history).
   */
  private static Instant lastQueryActivity(LocalTrino trino) throws SQLException {
    try (Connection c = LocalTrino.connect(trino.jdbcUrl(), null, WATCH_USER);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count_if(state NOT IN ('FINISHED', 'FAILED')), max(\"end\") "
                    + "FROM system.runtime.queries WHERE \"user\" <> '"
                    + WATCH_USER
                    + "'")) {
      rs.next();
      if (rs.getLong(1) > 0) {
        return Instant.now();
      }
      Timestamp end = rs.getTimestamp(2);
      return end == null ? null : end.toInstant();
    }
  }

  private static Instant latest(Instant a, Instant b) {
    return b == null || a.isAfter(b) ? a : b;
  }
}
