package io.tglake.sql.trino;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Trino server (the engine behind Athena engine v3) running as a child process over a
 * local enriched lake: Hive connector, file metastore, native local file system, bound to 127.0.0.1
 * on a free port.
 *
 * <p>Only the plugins we use are linked into the server's plugin directory, which keeps start-up
 * around ten seconds on two cores. The server needs a JDK &gt;= 24; see {@link #findJavaHome(Map)}.
 *
 * <p>This class starts and stops the process; the parts of a start live beside it: {@link
 * TrinoInstallation} (the unpacked server), {@link TrinoJava} (its JDK), {@link TrinoServerConfig}
 * (config and catalog files) and {@link TrinoReadiness} (when it runs queries).
 */
public final class LocalTrino implements AutoCloseable {

  /** Trino version of the tarball; keep equal to the parent pom's trino.version. */
  public static final String VERSION = "476";

  /** Catalog name of the Hive connector. */
  public static final String CATALOG = "hive";

  private final Process process;
  private final int port;
  private final Path workDir;

  private LocalTrino(Process process, int port, Path workDir) {
    this.process = process;
    this.port = port;
    this.workDir = workDir;
  }

  /**
   * Starts Trino and waits until it accepts queries.
   *
   * @param installation unpacked trino-server-476 directory (holds lib/ and plugin/)
   * @param javaHome a JDK &gt;= 24
   * @param lakeRoot the enriched root: {@code <lakeRoot>/}{@link
   *     io.tglake.contract.LakeLayout#tablePrefix}
   * @param workDir scratch directory for config, data dir and server log (created)
   * @param startTimeout how long to wait for the server
   */
  public static LocalTrino start(
      Path installation, Path javaHome, Path lakeRoot, Path workDir, Duration startTimeout) {
    try {
      int port = freePort();
      TrinoServerConfig config = TrinoServerConfig.write(installation, lakeRoot, workDir, port);
      Path data = config.data();
      List<String> command =
          new ArrayList<>(
              List.of(
                  javaHome.resolve("bin/java").toString(),
                  "-Xmx2G",
                  "-XX:+UseG1GC",
                  "-XX:+ExitOnOutOfMemoryError",
                  "-Djdk.attach.allowAttachSelf=true",
                  "-Duser.timezone=UTC",
                  "-Dfile.encoding=UTF-8",
                  "--add-modules=jdk.incubator.vector",
                  "--enable-native-access=ALL-UNNAMED",
                  // node.* are read from system properties only (the launcher does the same with
                  // node.properties).
                  "-Dnode.environment=tglake",
                  "-Dnode.id=tglake-local",
                  "-Dnode.data-dir=" + data.toAbsolutePath(),
                  "-Dnode.bind-ip=127.0.0.1",
                  "-Dnode.internal-address=127.0.0.1",
                  "-Dconfig=" + config.configFile().toAbsolutePath(),
                  "-cp",
                  installation.resolve("lib").toAbsolutePath() + "/*",
                  "io.trino.server.TrinoServer"));
      Path log = workDir.resolve("server.log");
      Process process =
          new ProcessBuilder(command)
              .directory(data.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      LocalTrino trino = new LocalTrino(process, port, workDir);
      try {
        new TrinoReadiness(process, port, trino.jdbcUrl(), log).await(startTimeout);
      } catch (RuntimeException e) {
        trino.close();
        throw e;
      }
      return trino;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Trino in " + workDir, e);
    }
  }

  /** JDBC URL of the Hive catalog, e.g. {@code jdbc:trino://127.0.0.1:41234/hive}. */
  public String jdbcUrl() {
    return "jdbc:trino://127.0.0.1:" + port + "/" + CATALOG;
  }

  /** The HTTP port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** Process id of the server (for the reuse marker of the CLI). */
  public long pid() {
    return process.pid();
  }

  /** The scratch directory: config, data dir, server.log. */
  public Path workDir() {
    return workDir;
  }

  /** A new JDBC connection to {@code hive.<schema>} with session time zone UTC (as on Athena). */
  public Connection connect(String schema) throws SQLException {
    return connect(jdbcUrl(), schema);
  }

  /** A JDBC connection to any Trino (e.g. a reused server) with session time zone UTC. */
  public static Connection connect(String jdbcUrl, String schema) throws SQLException {
    return connect(jdbcUrl, schema, "tglake");
  }

  /**
   * As {@link #connect(String, String)} as another user (the warm server's idle watcher uses its
   * own).
   */
  static Connection connect(String jdbcUrl, String schema, String user) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("timezone", "UTC");
    return DriverManager.getConnection(jdbcUrl + (schema == null ? "" : "/" + schema), props);
  }

  /** Stops the server and waits for it (up to 30 s, then kills it). */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Finds a JDK that can run Trino 476 (Java &gt;= 24), in order: {@code TRINO_JAVA_HOME}, {@code
   * JAVA_HOME} (if new enough), then {@code /usr/lib/jvm/*} (newest first).
   *
   * @throws IllegalStateException with installation advice when there is none (never silently skip)
   */
  public static Path findJavaHome(Map<String, String> env) {
    return TrinoJava.findJavaHome(env, Path.of("/usr/lib/jvm"));
  }

  /**
   * The unpacked Trino server: {@code TGLAKE_TRINO_HOME} if set, else {@code
   * ~/.cache/tglake/trino-server-476}. When that is missing but the tarball is in the local Maven
   * repository (the sql module's build puts it there), it is unpacked first with {@code tar}.
   *
   * @throws IllegalStateException with the command that fetches the tarball when it is nowhere
   */
  public static Path installation(Map<String, String> env) {
    return TrinoInstallation.find(env);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
