package io.tglake.sql;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Where a {@code bin/tglake query} process spends its time, on stderr when {@code
 * TGLAKE_QUERY_PROFILE=1}: each phase's milliseconds since the process started (the JVM's own start
 * included), so a slow warm query can be told apart into JVM start, finding the server, connecting
 * and each query without a profiler.
 */
final class Phases {

  private final PrintStream err;
  private final Instant processStart;
  private long lastMillis;

  private Phases(PrintStream err, Instant processStart) {
    this.err = err;
    this.processStart = processStart;
  }

  /** Active when {@code TGLAKE_QUERY_PROFILE} is {@code 1}; otherwise every mark costs nothing. */
  static Phases fromEnv(Map<String, String> env, PrintStream err) {
    if (!"1".equals(env.get("TGLAKE_QUERY_PROFILE"))) {
      return new Phases(null, null);
    }
    Phases phases =
        new Phases(err, ProcessHandle.current().info().startInstant().orElse(Instant.now()));
    phases.mark("JVM started, main reached");
    return phases;
  }

  void mark(String phase) {
    if (err == null) {
      return;
    }
    long millis = Duration.between(processStart, Instant.now()).toMillis();
    err.printf("profile %6d ms (+%5d) %s%n", millis, millis - lastMillis, phase);
    lastMillis = millis;
  }
}
