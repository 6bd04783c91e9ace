package io.tglake.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.sql.trino.LocalTrino;
import io.tglake.sql.trino.WarmState;
import io.tglake.sql.trino.WarmTrino;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * bin/tglake query's warm server, each command in its own JVM as from a shell: the first command
 * starts Trino in the background, the next one finds and reuses it, {@code --stop} stops it; a
 * state file left by a dead server is replaced by a new server; a server nobody uses stops by
 * itself after the idle timeout. Two Trino starts in all.
 */
class WarmQueryIT {

  private static final String SESSIONS =
      """
       context_date | sessions | avg_messages_per_session | avg_duration_seconds | max_duration_seconds
      --------------+----------+--------------------------+----------------------+----------------------
       2026-11-20   |        4 |                     2.25 |                510.0 |                 1200
       2026-11-21   |        3 |                     1.67 |                 40.0 |                   60
      (2 rows)
      """;

  private static final Path TGLAKE = Path.of("..", "bin", "tglake").toAbsolutePath().normalize();

  /** bin/tglake's archive of the query client: build output of this module. */
  private static final Path QUERY_ARCHIVE = Path.of("target", "tglake-query.jsa").toAbsolutePath();

  private static Path lake;
  private static Path stateRoot;

  record Run(int code, String out, String err) {}

  /**
   * A copy of the IT lake's Parquet files (not its metastore), so this server shares nothing with
   * others.
   */
  @BeforeAll
  static void copyLake() throws IOException {
    Path source = ItLake.get().enriched;
    Path root = Path.of("target", "warm-it").toAbsolutePath();
    deleteRecursively(root);
    lake = root.resolve("enriched");
    stateRoot = root.resolve("state");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        Path rel = source.relativize(p);
        if (!rel.startsWith("_metastore")) {
          Files.createDirectories(lake.resolve(rel).getParent());
          Files.copy(p, lake.resolve(rel));
        }
      }
    }
  }

  @Test
  void twoCommandsInSeparateJvmsShareOneServerUntilStopped() throws Exception {
    WarmTrino warm = WarmTrino.forLake(lake, Map.of("TGLAKE_STATE_DIR", stateRoot.toString()));
    Files.deleteIfExists(QUERY_ARCHIVE);
    Files.setLastModifiedTime(Path.of("target/classpath.txt"), FileTime.from(Instant.now()));

    Run list = tglake(Map.of(), "query", "--list");
    assertThat(list.code()).as("stderr: %s", list.err()).isZero();
    assertThat(QUERY_ARCHIVE).as("--list loads too little to archive: none written").doesNotExist();

    Run first =
        tglake(Map.of(), "query", "sessions_per_day", "--from", "2026-11-20", "--to", "2026-11-21");
    assertThat(first.code()).as("stderr: %s", first.err()).isZero();
    assertThat(first.err())
        .as("the first command starts the server")
        .contains("starting Trino")
        .contains("this run also writes " + QUERY_ARCHIVE);
    assertThat(first.out()).isEqualTo(SESSIONS);
    assertThat(QUERY_ARCHIVE)
        .as("the client's class-data archive, written at the first query's exit")
        .isNotEmptyFile();
    WarmState started = readState(warm);

    Path classLoad = Files.createTempFile("warm-classes", ".log");
    Run second =
        tglake(
            Map.of("TGLAKE_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLoad),
            "query",
            "sessions_per_day",
            "--from",
            "2026-11-20",
            "--to",
            "2026-11-21");
    assertThat(second.code()).as("stderr: %s", second.err()).isZero();
    assertThat(second.err())
        .as("reused, not started")
        .doesNotContain("starting Trino")
        .contains("Trino read")
        .doesNotContain("also writes");
    assertThat(second.out()).isEqualTo(SESSIONS);
    assertThat(Files.readString(classLoad))
        .as("the client's classes and the JDBC driver's came from the archive")
        .contains("io.tglake.sql.QueryCommand source: shared objects file (top)")
        .contains("io.trino.jdbc.TrinoDriver source: shared objects file (top)");
    assertThat(readState(warm)).as("same server: same pids and start time").isEqualTo(started);

    Run stop = query("--stop");
    assertThat(stop.code()).as("stderr: %s", stop.err()).isZero();
    assertThat(Files.exists(warm.stateFile())).as("no state left after --stop").isFalse();
    assertThat(
            ProcessHandle.of(started.trinoPid())
                .map(h -> h.onExit().join())
                .map(ProcessHandle::isAlive))
        .as("Trino is gone")
        .isNotEqualTo(java.util.Optional.of(true));
    assertThat(ProcessHandle.of(started.daemonPid()).filter(ProcessHandle::isAlive))
        .as("daemon is gone")
        .isEmpty();
  }

  @Test
  void aDeadServersStateFileIsReplacedAndAnIdleServerStopsByItself() throws Exception {
    WarmTrino warm = WarmTrino.forLake(lake, Map.of("TGLAKE_STATE_DIR", stateRoot.toString()));
    Files.createDirectories(warm.dir());
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Instant before = Instant.now();
    Files.writeString(
        warm.stateFile(),
        String.join(
            "\n",
            "version=" + LocalTrino.VERSION,
            "lake=" + lake,
            "port=1",
            "url=jdbc\\:trino\\://127.0.0.1\\:1/hive",
            "trino_pid=" + gone.pid(),
            "daemon_pid=" + gone.pid(),
            "started_at=2026-01-01T00:00:00Z",
            "idle_timeout_seconds=900",
            ""),
        StandardCharsets.UTF_8);

    Run start = query("--start", "--idle-timeout", "8s");
    assertThat(start.code()).as("stderr: %s", start.err()).isZero();
    assertThat(start.err()).as("the dead server's file does not count").contains("starting Trino");
    WarmState fresh = readState(warm);
    assertThat(fresh.startedAt()).as("a new server's state replaced the stale one").isAfter(before);
    assertThat(fresh.idleTimeout()).isEqualTo(Duration.ofSeconds(8));
    assertThat(start.out().strip())
        .isEqualTo("jdbc:trino://127.0.0.1:" + fresh.port() + "/hive/tglake");
    assertThat(ProcessHandle.of(fresh.trinoPid()).filter(ProcessHandle::isAlive))
        .as("running")
        .isPresent();

    Instant lastUse = Instant.now();
    Thread.sleep(4_000);
    assertThat(Files.exists(warm.stateFile()))
        .as("still serving half-way through the idle timeout")
        .isTrue();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (Files.exists(warm.stateFile()) && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
    assertThat(Files.exists(warm.stateFile()))
        .as("the idle server withdrew its state file")
        .isFalse();
    assertThat(Duration.between(lastUse, Instant.now()))
        .as("not before the idle timeout")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(8));
    ProcessHandle.of(fresh.trinoPid())
        .ifPresent(h -> h.onExit().orTimeout(60, TimeUnit.SECONDS).join());
    assertThat(ProcessHandle.of(fresh.trinoPid()).filter(ProcessHandle::isAlive))
        .as("Trino stopped")
        .isEmpty();
  }

  /**
   * {@code bin/tglake args} as a user runs it (archive, JVM options), without the caller's CDS
   * settings.
   */
  private static Run tglake(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(TGLAKE.toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("--enriched", lake.toString()));
    Path out = Files.createTempFile("warm-out", ".txt");
    Path err = Files.createTempFile("warm-err", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().remove("TGLAKE_QUERY_CDS");
    pb.environment().remove("TGLAKE_JAVA_OPTS");
    pb.environment().put("TGLAKE_STATE_DIR", stateRoot.toString());
    pb.environment().putAll(env);
    Process p = pb.start();
    assertThat(p.waitFor(6, TimeUnit.MINUTES)).as("command finished").isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static WarmState readState(WarmTrino warm) {
    return warm.find().orElseThrow(() -> new AssertionError("no live server for " + lake));
  }

  /**
   * bin/tglake query as bin/tglake runs it: its own JDK 17 JVM on this module's classes and
   * classpath.txt.
   */
  private static Run query(String... args) throws Exception {
    String classpath =
        Path.of("target/classes").toAbsolutePath()
            + ":"
            + Files.readString(Path.of("target/classpath.txt"), StandardCharsets.UTF_8).strip();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                QueryCommand.class.getName()));
    command.addAll(List.of(args));
    command.addAll(List.of("--enriched", lake.toString()));
    Path out = Files.createTempFile("warm-out", ".txt");
    Path err = Files.createTempFile("warm-err", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("TGLAKE_STATE_DIR", stateRoot.toString());
    Process p = pb.start();
    assertThat(p.waitFor(6, TimeUnit.MINUTES)).as("command finished").isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
