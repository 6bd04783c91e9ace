package io.tglake.sql.trino;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The warm local engine of one lake: a Trino server started on first use by a background {@link
 * WarmTrinoDaemon}, found again by later commands through a state file, stopped by the daemon after
 * an idle timeout. Every command on the same lake (query, sql shell, notebook, demo) shares it, so
 * only the first pays Trino's start-up.
 *
 * <p>Files live in {@code <state root>/<hash of the lake path>/}: {@code server.properties} (the
 * {@link WarmState}), {@code last-used} (touched by every command; its time is the idle clock),
 * {@code lock} (find-or-start and the daemon's stop decision are serialized on it, so a command
 * never gets a server that is about to stop), {@code daemon.log} and {@code server/} (Trino's
 * config, data and log).
 *
 * <p>Every warm query loads this class (find, check and lock); only a command that finds no server
 * loads {@link WarmTrinoStarter}, which starts one.
 */
public final class WarmTrino {

  /** Default idle timeout of a started server. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(15);

  static final String STATE_FILE = "server.properties";
  static final String LAST_USED = "last-used";
  private static final String LOCK_FILE = "lock";
  static final String DAEMON_LOG = "daemon.log";

  private final Path lake;
  private final Path dir;

  WarmTrino(Path lake, Path dir) {
    this.lake = lake;
    this.dir = dir;
  }

  /**
   * The warm engine of {@code lake}; its files under {@code TGLAKE_STATE_DIR} if set, else {@code
   * ~/.cache/tglake/run}.
   */
  public static WarmTrino forLake(Path lake, Map<String, String> env) {
    Path normalized = lake.toAbsolutePath().normalize();
    String root = env.get("TGLAKE_STATE_DIR");
    Path base =
        root != null && !root.isBlank()
            ? Path.of(root)
            : Path.of(System.getProperty("user.home"), ".cache", "tglake", "run");
    return new WarmTrino(normalized, base.resolve(hash(normalized.toString())));
  }

  /** The folder of this lake's state file, lock and logs. */
  public Path dir() {
    return dir;
  }

  /** The state file. */
  public Path stateFile() {
    return dir.resolve(STATE_FILE);
  }

  /**
   * A server for this lake that runs queries: the running one if it checks out (same lake, same
   * Trino version, daemon and server alive, answering), else a new one started in the background (a
   * stale state file and any leftover processes of it are cleaned up first).
   *
   * @param daemonJava the java executable for the daemon (JDK 17 is enough; the daemon finds
   *     Trino's JDK)
   * @param classpath the daemon's class path (this module's)
   * @param idleTimeout for a newly started server
   * @param startTimeout how long to wait for a new server
   * @param err where "starting ..." is announced
   */
  public WarmState ensure(
      Path daemonJava,
      String classpath,
      Duration idleTimeout,
      Duration startTimeout,
      PrintStream err) {
    return withLock(
        () -> {
          Optional<WarmState> alive = aliveLocked();
          if (alive.isPresent()) {
            touch();
            return alive.get();
          }
          WarmTrinoStarter starter = new WarmTrinoStarter(lake, dir);
          starter.announce(idleTimeout, err);
          touch();
          WarmState state = starter.start(daemonJava, classpath, idleTimeout, startTimeout);
          touch();
          return state;
        });
  }

  /** The running server for this lake, if it checks out; a stale state file is removed. */
  public Optional<WarmState> find() {
    return withLock(this::aliveLocked);
  }

  /**
   * Stops the server of this lake (daemon and Trino) and removes its state file.
   *
   * @return the stopped state, empty when none was running
   */
  public Optional<WarmState> stop() {
    return withLock(
        () -> {
          Optional<WarmState> state = WarmState.read(stateFile());
          state.ifPresent(
              s -> {
                daemonProcess(s.daemonPid()).ifPresent(WarmTrino::terminate);
                trinoProcess(s.trinoPid()).ifPresent(WarmTrino::terminate);
              });
          deleteState();
          return state;
        });
  }

  /** Marks the server as used now (the daemon's idle clock). */
  public void touch() {
    try {
      Path file = dir.resolve(LAST_USED);
      if (!Files.exists(file)) {
        Files.createFile(file);
      }
      Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot touch " + dir.resolve(LAST_USED), e);
    }
  }

  /**
   * Keeps the server from going idle while a command works (touches {@code last-used} every second
   * until closed): on a loaded machine the gap between finding the server and the first query
   * reaching it can be longer than a short idle timeout.
   */
  public AutoCloseable keepAlive() {
    Thread toucher =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  touch();
                  Thread.sleep(1_000);
                } catch (InterruptedException e) {
                  return;
                } catch (UncheckedIOException e) {
                  return; // the state folder went away: nothing left to keep alive
                }
              }
            },
            "warm-trino-keep-alive");
    toucher.setDaemon(true);
    toucher.start();
    return () -> {
      toucher.interrupt();
      touch();
    };
  }

  /** When a command last used the server. */
  Instant lastUsed() {
    try {
      return Files.getLastModifiedTime(dir.resolve(LAST_USED)).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH;
    }
  }

  private Optional<WarmState> aliveLocked() {
    Optional<WarmState> state = WarmState.read(stateFile());
    if (state.isEmpty()) {
      deleteState(); // unreadable or half-written by a crashed writer
      return Optional.empty();
    }
    WarmState s = state.get();
    boolean sameServer =
        LocalTrino.VERSION.equals(s.version())
            && lake.equals(s.lake())
            && servesThisLake()
            && daemonProcess(s.daemonPid()).isPresent()
            && trinoProcess(s.trinoPid()).isPresent()
            && answers(s.port());
    if (sameServer) {
      return state;
    }
    // Stale: whatever is left of it is stopped, so it neither holds the folder nor runs forever
    // unwatched.
    daemonProcess(s.daemonPid()).ifPresent(WarmTrino::terminate);
    trinoProcess(s.trinoPid()).ifPresent(WarmTrino::terminate);
    deleteState();
    return Optional.empty();
  }

  /**
   * The server's Hive catalog points at this lake (the folder is per lake, but never trust a hash
   * alone).
   */
  private boolean servesThisLake() {
    try {
      return Files.readAllLines(
              dir.resolve("server/etc/catalog/" + LocalTrino.CATALOG + ".properties"),
              StandardCharsets.UTF_8)
          .contains("local.location=" + lake);
    } catch (IOException e) {
      return false;
    }
  }

  void deleteState() {
    try {
      Files.deleteIfExists(stateFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + stateFile(), e);
    }
  }

  interface Locked<T> {
    T run();
  }

  /**
   * Runs {@code body} holding the lake's lock file (between processes) and this class's monitor
   * (threads).
   */
  <T> T withLock(Locked<T> body) {
    synchronized (WarmTrino.class) {
      try {
        Files.createDirectories(dir);
        try (FileChannel channel =
                FileChannel.open(
                    dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.lock()) {
          return body.run();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot lock " + dir.resolve(LOCK_FILE), e);
      }
    }
  }

  /** The live Trino server with this pid (a recycled pid must never be stopped). */
  static Optional<ProcessHandle> trinoProcess(long pid) {
    return live(pid, "io.trino.server.TrinoServer");
  }

  static Optional<ProcessHandle> daemonProcess(long pid) {
    return live(pid, WarmTrinoDaemon.class.getName());
  }

  private static Optional<ProcessHandle> live(long pid, String mainClass) {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(h -> h.info().commandLine().map(c -> c.contains(mainClass)).orElse(false));
  }

  /** Asks a process to stop, waits up to 30 s, then kills it. */
  static void terminate(ProcessHandle process) {
    process.destroy();
    try {
      process.onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
    }
  }

  /**
   * Whether the server on {@code port} says it has started. HttpURLConnection rather than
   * java.net.http: this runs in every warm query, and the JDK's HttpClient starts a selector thread
   * and ~300 classes for one local GET.
   */
  static boolean answers(int port) {
    HttpURLConnection http = null;
    try {
      http =
          (HttpURLConnection)
              URI.create("http://127.0.0.1:" + port + "/v1/info").toURL().openConnection();
      http.setConnectTimeout(2_000);
      http.setReadTimeout(2_000);
      if (http.getResponseCode() != 200) {
        return false;
      }
      try (InputStream body = http.getInputStream()) {
        return new String(body.readAllBytes(), StandardCharsets.UTF_8)
            .contains("\"starting\":false");
      }
    } catch (IOException e) {
      return false;
    } finally {
      if (http != null) {
        http.disconnect();
      }
    }
  }

  static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
