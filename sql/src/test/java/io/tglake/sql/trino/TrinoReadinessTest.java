package io.tglake.sql.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The readiness rule on scripted time: a real {@code /v1/info} endpoint, a real server process and
 * a scripted query probe, with a ticker that only advances when the rule pauses. So every assertion
 * is an exact count of checks, never a wall-clock threshold, and the race the rule guards against
 * ("No nodes available" right after {@code starting:false}) is replayed on every run instead of
 * only when the machine happens to hit it.
 */
class TrinoReadinessTest {

  private static final String NO_NODE = "no active worker node yet";
  private static final Duration STABLE = Duration.ofSeconds(6);
  private static final Duration POLL = Duration.ofMillis(250);

  @TempDir Path dir;

  private HttpServer info;
  private final AtomicInteger infoRequests = new AtomicInteger();
  private volatile int startingAnswers;
  private Process process;
  private Path log;
  private final FakeTicker ticker = new FakeTicker();

  @BeforeEach
  void setUp() throws IOException {
    info = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    info.createContext(
        "/v1/info",
        exchange -> {
          boolean starting = infoRequests.incrementAndGet() <= startingAnswers;
          byte[] body =
              ("{\"nodeVersion\":{\"version\":\"476\"},\"coordinator\":true,\"starting\":"
                      + starting
                      + ",\"uptime\":\"1.00s\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    info.start();
    log = dir.resolve("server.log");
    Files.write(
        log,
        IntStream.rangeClosed(1, 40).mapToObj(i -> "log line " + i).collect(Collectors.toList()));
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    info.stop(0);
    if (process != null) {
      process.destroyForcibly().waitFor();
    }
  }

  @Test
  void readyOnlyAfterInfoSaysStartedAndTheProbeHeldForTheWholeStableWindowSinceItsLastFlap()
      throws IOException {
    startingAnswers = 3;
    // 2 x no node, 2 x ok, a flap back, then ok for good: the flap must restart the window
    ScriptedProbe probe =
        new ScriptedProbe(NO_NODE, NO_NODE, null, null, "No nodes available to run query");
    process = liveProcess();

    readiness(probe).await(Duration.ofMinutes(1));

    int stablePolls = (int) (STABLE.toMillis() / POLL.toMillis()); // 24
    assertThat(infoRequests.get())
        .as("info is asked until it says starting:false (3 x starting, then 1) and never again")
        .isEqualTo(4);
    assertThat(probe.calls)
        .as(
            "probe: 5 scripted answers up to the flap, then ok at the window's start and once per"
                + " poll until %d polls later",
            stablePolls)
        .isEqualTo(5 + 1 + stablePolls);
    assertThat(probe.startingWhenCalled)
        .as("the probe is never run while info still says starting")
        .isEqualTo(0);
    assertThat(ticker.nanos)
        .as(
            "returned exactly one stable window after the first ok following the flap: 3 starting"
                + " polls + 5 probe polls, then the window")
        .isEqualTo((3 + 5) * POLL.toNanos() + STABLE.toNanos());
  }

  @Test
  void neverReadyWhileInfoSaysStartingEvenIfTheProbeWouldPass() throws IOException {
    startingAnswers = Integer.MAX_VALUE;
    ScriptedProbe probe = new ScriptedProbe();
    process = liveProcess();

    assertThatThrownBy(() -> readiness(probe).await(Duration.ofSeconds(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not ready after PT2S (still starting)");
    assertThat(probe.calls).as("no probe before info says started").isEqualTo(0);
    assertThat(infoRequests.get()).as("one info request per poll for 2 s").isEqualTo(8);
  }

  @Test
  void timeoutNamesTheLastProblemAndQuotesTheLogTail() throws IOException {
    startingAnswers = 0;
    ScriptedProbe probe = new ScriptedProbe(repeat(NO_NODE, 1000));
    process = liveProcess();

    assertThatThrownBy(() -> readiness(probe).await(Duration.ofSeconds(5)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Trino not ready after PT5S (" + NO_NODE + "); last lines of " + log)
        .hasMessageEndingWith("log line 11\n" + logLines(12, 40))
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .as("only the last 30 lines")
                    .doesNotContain("log line 10\n"));
    assertThat(probe.calls).as("one probe per poll for 5 s").isEqualTo(20);
  }

  @Test
  void aServerThatExitsEndsTheWaitWithItsExitCodeAndLogTail() throws Exception {
    startingAnswers = Integer.MAX_VALUE;
    ScriptedProbe probe = new ScriptedProbe();
    process = new ProcessBuilder("sh", "-c", "exit 3").start();
    assertThat(process.waitFor()).as("the stand-in server has exited").isEqualTo(3);

    assertThatThrownBy(() -> readiness(probe).await(Duration.ofMinutes(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Trino exited with code 3 during start-up; last lines of " + log)
        .hasMessageEndingWith("log line 11\n" + logLines(12, 40));
    assertThat(ticker.nanos).as("no waiting for a dead server").isEqualTo(0);
  }

  private TrinoReadiness readiness(TrinoReadiness.QueryProbe probe) {
    return new TrinoReadiness(
        process, info.getAddress().getPort(), probe, log, STABLE, POLL, ticker);
  }

  private static Process liveProcess() throws IOException {
    return new ProcessBuilder("sleep", "60").start();
  }

  private static String logLines(int from, int to) {
    return IntStream.rangeClosed(from, to)
        .mapToObj(i -> "log line " + i)
        .collect(Collectors.joining("\n"));
  }

  private static String[] repeat(String problem, int times) {
    String[] all = new String[times];
    java.util.Arrays.fill(all, problem);
    return all;
  }

  /** Answers from a script ({@code null} = ok), then ok for good; counts its calls. */
  private final class ScriptedProbe implements TrinoReadiness.QueryProbe {
    private final List<String> script;
    int calls;
    int startingWhenCalled;

    ScriptedProbe(String... script) {
      this.script = new ArrayList<>(java.util.Arrays.asList(script));
    }

    @Override
    public Optional<String> problem() {
      if (infoRequests.get() <= startingAnswers) {
        startingWhenCalled++;
      }
      int i = calls++;
      return i < script.size() ? Optional.ofNullable(script.get(i)) : Optional.empty();
    }
  }

  /** Time that moves only when the rule pauses, so counts of checks are exact. */
  private static final class FakeTicker implements TrinoReadiness.Ticker {
    long nanos;

    @Override
    public long nanoTime() {
      return nanos;
    }

    @Override
    public void sleep(Duration pause) {
      nanos += pause.toNanos();
    }
  }
}
