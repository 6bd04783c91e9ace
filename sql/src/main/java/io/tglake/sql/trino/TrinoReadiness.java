package io.tglake.sql.trino;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until a freshly started {@link LocalTrino} runs queries, not merely until it answers HTTP:
 * {@code /v1/info} reports {@code starting:false} before the coordinator has announced itself as a
 * worker to its own discovery service, and a query in that gap fails with "No nodes available to
 * run query". So after the info check this also waits for an active node in {@code
 * system.runtime.nodes} and for a trivial query over the Hive catalog to succeed.
 */
final class TrinoReadiness {

  private static final Logger LOG = LoggerFactory.getLogger(TrinoReadiness.class);

  /**
   * How long the readiness checks must keep passing: more than discovery's node refresh (5 s by
   * default).
   */
  private static final Duration STABLE = Duration.ofSeconds(6);

  private static final Duration POLL = Duration.ofMillis(250);

  /** Tells why the server cannot run a query yet; empty when it can. */
  @FunctionalInterface
  interface QueryProbe {
    Optional<String> problem();
  }

  /** Time source and pause, separate so a test can run the readiness rule on scripted time. */
  interface Ticker {
    long nanoTime();

    void sleep(Duration pause) throws InterruptedException;
  }

  static final Ticker SYSTEM_TICKER =
      new Ticker() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void sleep(Duration pause) throws InterruptedException {
          Thread.sleep(pause.toMillis());
        }
      };

  private final Process process;
  private final int port;
  private final QueryProbe probe;
  private final Path log;
  private final Duration stable;
  private final Duration poll;
  private final Ticker ticker;

  /**
   * @param process the server's JVM (its early exit ends the wait)
   * @param log the server's output, quoted when it does not become ready
   */
  TrinoReadiness(Process process, int port, String jdbcUrl, Path log) {
    this(process, port, jdbcProbe(jdbcUrl), log, STABLE, POLL, SYSTEM_TICKER);
  }

  /**
   * @param stable how long {@code probe} must keep passing without a problem in between
   * @param poll pause between two checks
   */
  TrinoReadiness(
      Process process,
      int port,
      QueryProbe probe,
      Path log,
      Duration stable,
      Duration poll,
      Ticker ticker) {
    this.process = process;
    this.port = port;
    this.probe = probe;
    this.log = log;
    this.stable = stable;
    this.poll = poll;
    this.ticker = ticker;
  }

  /**
   * Returns once the server runs queries.
   *
   * @throws IllegalStateException with the server log's last lines when it exits or is not ready
   *     within {@code timeout}
   */
  void await(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest info =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/info"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = ticker.nanoTime() + timeout.toNanos();
    boolean started = false;
    // a flag, not a sentinel time: nanoTime may be any value, negative or 0 included
    boolean passing = false;
    long firstOk = 0;
    String lastProblem = "not answering HTTP yet";
    while (ticker.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Trino exited with code "
                + process.exitValue()
                + " during start-up; "
                + "last lines of "
                + log
                + ":\n"
                + tail(log, 30));
      }
      try {
        if (!started) {
          HttpResponse<String> response = http.send(info, HttpResponse.BodyHandlers.ofString());
          started = response.statusCode() == 200 && response.body().contains("\"starting\":false");
          lastProblem = "still starting";
        }
        if (started) {
          Optional<String> notReady = probe.problem();
          long now = ticker.nanoTime();
          if (notReady.isEmpty() && !passing) {
            passing = true;
            firstOk = now;
          }
          // The node set a catalog's queries are scheduled on is refreshed from discovery every few
          // seconds, after system.runtime.nodes already lists the node (a fresh start in the full
          // suite still failed its first table scan with "No nodes available"): ready only once the
          // checks have held across one refresh.
          if (notReady.isEmpty() && now - firstOk >= stable.toNanos()) {
            LOG.info("Trino {} ready on 127.0.0.1:{}", LocalTrino.VERSION, port);
            return;
          }
          if (notReady.isPresent()) {
            passing = false;
            lastProblem = notReady.get();
          } else {
            lastProblem = "checks passed, waiting for one discovery refresh";
          }
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Trino", e);
      }
      try {
        ticker.sleep(poll);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Trino", e);
      }
    }
    throw new IllegalStateException(
        "Trino not ready after "
            + timeout
            + " ("
            + lastProblem
            + "); last lines of "
            + log
            + ":\n"
            + tail(log, 30));
  }

  /** An active node in {@code system.runtime.nodes}, then a trivial query over the Hive catalog. */
  static QueryProbe jdbcProbe(String jdbcUrl) {
    return () -> queryProblem(jdbcUrl);
  }

  private static Optional<String> queryProblem(String jdbcUrl) {
    try (Connection c = LocalTrino.connect(jdbcUrl, null);
        Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery("SELECT count(*) FROM system.runtime.nodes WHERE state = 'active'")) {
        if (!rs.next() || rs.getLong(1) < 1) {
          return Optional.of("no active worker node yet");
        }
      }
      try (ResultSet rs =
          st.executeQuery(
              "SELECT count(*) FROM " + LocalTrino.CATALOG + ".information_schema.schemata")) {
        rs.next();
      }
      return Optional.empty();
    } catch (SQLException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** The last {@code lines} lines of a server log, for an error message. */
  static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
