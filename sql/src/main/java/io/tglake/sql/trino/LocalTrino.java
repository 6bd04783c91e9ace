package io.tglake.sql.trino;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Trino server (the engine behind Athena engine v3) running as a child process over a
 * local enriched lake: Hive connector, file metastore, native local file system, bound to 127.0.0.1
 * on a free port.
 *
 * <p>Only the plugins we use are linked into the server's plugin directory, which keeps start-up
 * around ten seconds on two cores. The server needs a JDK &gt;= 24; see {@link #findJavaHome(Map)}.
 */
public final class LocalTrino implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalTrino.class);

  /** Trino version of the tarball; keep equal to the parent pom's trino.version. */
  public static final String VERSION = "476";

  /** Catalog name of the Hive connector. */
  public static final String CATALOG = "hive";

  private static final int MIN_JAVA = 24;
  private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

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
      Path etc = Files.createDirectories(workDir.resolve("etc"));
      Path catalogs = Files.createDirectories(etc.resolve("catalog"));
      Path data = Files.createDirectories(workDir.resolve("data"));
      Path plugins = Files.createDirectories(data.resolve("plugin"));
      // Trino loads every plugin directory at start; linking only Hive saves most of the start-up
      // time.
      Path hive = plugins.resolve("hive");
      if (!Files.exists(hive, LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(hive, installation.resolve("plugin/hive"));
      }
      Path secrets = data.resolve("secrets-plugin");
      if (Files.isDirectory(installation.resolve("secrets-plugin"))
          && !Files.exists(secrets, LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(secrets, installation.resolve("secrets-plugin"));
      }
      Files.createDirectories(lakeRoot.resolve("_metastore"));
      int port = freePort();
      Files.writeString(
          etc.resolve("config.properties"),
          String.join(
              "\n",
              "coordinator=true",
              "node-scheduler.include-coordinator=true",
              "http-server.http.port=" + port,
              "discovery.uri=http://127.0.0.1:" + port,
              "plugin.dir=" + plugins.toAbsolutePath(),
              "catalog.config-dir=" + catalogs.toAbsolutePath(),
              "query.max-memory=1GB",
              "query.max-memory-per-node=1GB",
              ""),
          StandardCharsets.UTF_8);
      Files.writeString(
          catalogs.resolve(CATALOG + ".properties"),
          String.join(
              "\n",
              "connector.name=hive",
              "hive.metastore=file",
              // The metastore folder must not hold table data: it lives in _metastore under the
              // lake root.
              "hive.metastore.catalog.dir=local:///_metastore",
              "fs.native-local.enabled=true",
              "local.location=" + lakeRoot.toAbsolutePath(),
              // The ETL writes UTC instants; read them back as UTC wall-clock whatever the machine
              // zone.
              "hive.parquet.time-zone=UTC",
              // Trino reads a Parquet file under 3 MB in one piece; off, so that the bytes it
              // reports reflect
              // column pruning as on S3/Athena (a day's file is often that small).
              "parquet.small-file-threshold=0B",
              ""),
          StandardCharsets.UTF_8);
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
                  "-Dconfig=" + etc.resolve("config.properties").toAbsolutePath(),
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
        trino.awaitReady(startTimeout, log);
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
   * Waits until the server runs queries, not merely until it answers HTTP: {@code /v1/info} reports
   * {@code starting:false} before the coordinator has announced itself as a worker to its own
   * discovery service, and a query in that gap fails with "No nodes available to run query". So
   * after the info check this also waits for an active node in {@code system.runtime.nodes} and for
   * a trivial query over the Hive catalog to succeed.
   */
  /**
   * How long the readiness checks must keep passing: more than discovery's node refresh (5 s by
   * default).
   */
  private static final Duration STABLE = Duration.ofSeconds(6);

  private void awaitReady(Duration timeout, Path log) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest info =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/info"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean started = false;
    long firstOk = 0;
    String lastProblem = "not answering HTTP yet";
    while (System.nanoTime() < deadline) {
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
          Optional<String> notReady = queryProblem();
          if (notReady.isEmpty() && firstOk == 0) {
            firstOk = System.nanoTime();
          }
          // The node set a catalog's queries are scheduled on is refreshed from discovery every few
          // seconds, after
          // system.runtime.nodes already lists the node (a fresh start in the full suite still
          // failed its first
          // table scan with "No nodes available"): ready only once the checks have held across one
          // refresh.
          if (notReady.isEmpty() && System.nanoTime() - firstOk >= STABLE.toNanos()) {
            LOG.info("Trino {} ready on 127.0.0.1:{}", VERSION, port);
            return;
          }
          if (notReady.isPresent()) {
            firstOk = 0;
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
      sleep(250);
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

  /** Why the server cannot run a query yet, or empty when it can. */
  private Optional<String> queryProblem() {
    try (Connection c = connect(jdbcUrl(), null);
        Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery("SELECT count(*) FROM system.runtime.nodes WHERE state = 'active'")) {
        if (!rs.next() || rs.getLong(1) < 1) {
          return Optional.of("no active worker node yet");
        }
      }
      try (ResultSet rs =
          st.executeQuery("SELECT count(*) FROM " + CATALOG + ".information_schema.schemata")) {
        rs.next();
      }
      return Optional.empty();
    } catch (SQLException e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * Finds a JDK that can run Trino 476 (Java &gt;= 24), in order: {@code TRINO_JAVA_HOME}, {@code
   * JAVA_HOME} (if new enough), then {@code /usr/lib/jvm/*} (newest first).
   *
   * @throws IllegalStateException with installation advice when there is none (never silently skip)
   */
  public static Path findJavaHome(Map<String, String> env) {
    return findJavaHome(env, Path.of("/usr/lib/jvm"));
  }

  static Path findJavaHome(Map<String, String> env, Path jvms) {
    List<Path> candidates = new ArrayList<>();
    Optional.ofNullable(env.get("TRINO_JAVA_HOME"))
        .filter(s -> !s.isBlank())
        .map(Path::of)
        .ifPresent(candidates::add);
    Optional.ofNullable(env.get("JAVA_HOME"))
        .filter(s -> !s.isBlank())
        .map(Path::of)
        .ifPresent(candidates::add);
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> dirs = Files.list(jvms)) {
        dirs.sorted((a, b) -> Integer.compare(javaVersion(b), javaVersion(a)))
            .forEach(candidates::add);
      } catch (IOException e) {
        LOG.debug("cannot list {}: {}", jvms, e.toString());
      }
    }
    for (Path home : candidates) {
      if (javaVersion(home) >= MIN_JAVA && Files.isExecutable(home.resolve("bin/java"))) {
        return home;
      }
    }
    throw new IllegalStateException(
        "Trino "
            + VERSION
            + " needs a JDK >= "
            + MIN_JAVA
            + " and none was found "
            + "(looked at TRINO_JAVA_HOME, JAVA_HOME and "
            + jvms
            + "/*). Install one, e.g. Temurin 25 "
            + "(apt-get install temurin-25-jdk from packages.adoptium.net, or unpack the tarball from adoptium.net) "
            + "and point TRINO_JAVA_HOME at it. The project itself still builds with JDK 17.");
  }

  /** Feature version of a JDK from its {@code release} file, or -1. */
  static int javaVersion(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return -1;
    }
    try {
      Matcher m = JAVA_VERSION.matcher(Files.readString(release, StandardCharsets.UTF_8));
      return m.find() ? Integer.parseInt(m.group(1)) : -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /**
   * The unpacked Trino server: {@code TGLAKE_TRINO_HOME} if set, else {@code
   * ~/.cache/tglake/trino-server-476}. When that is missing but the tarball is in the local Maven
   * repository (the sql module's build puts it there), it is unpacked first with {@code tar}.
   *
   * @throws IllegalStateException with the command that fetches the tarball when it is nowhere
   */
  public static Path installation(Map<String, String> env) {
    String explicit = env.get("TGLAKE_TRINO_HOME");
    if (explicit != null && !explicit.isBlank()) {
      Path home = Path.of(explicit);
      if (!Files.isDirectory(home.resolve("lib"))) {
        throw new IllegalStateException(
            "TGLAKE_TRINO_HOME=" + home + " is not an unpacked trino-server (no lib/)");
      }
      return home;
    }
    Path cache = Path.of(System.getProperty("user.home"), ".cache", "tglake");
    Path home = cache.resolve("trino-server-" + VERSION);
    if (Files.isDirectory(home.resolve("lib")) && Files.isDirectory(home.resolve("plugin/hive"))) {
      return home;
    }
    Path tarball =
        Path.of(
            System.getProperty("user.home"),
            ".m2",
            "repository",
            "io",
            "trino",
            "trino-server",
            VERSION,
            "trino-server-" + VERSION + ".tar.gz");
    if (!Files.isRegularFile(tarball)) {
      throw new IllegalStateException(
          "Trino server "
              + VERSION
              + " is not installed. Fetch it once (820 MB) with\n"
              + "  ./mvnw -pl sql dependency:get -Dartifact=io.trino:trino-server:"
              + VERSION
              + ":tar.gz"
              + " -Dtransitive=false\nor point TGLAKE_TRINO_HOME at an unpacked trino-server-"
              + VERSION
              + ".");
    }
    unpack(tarball, cache, home);
    return home;
  }

  private static void unpack(Path tarball, Path cache, Path home) {
    try {
      Files.createDirectories(cache);
      // Unpack into a private folder and rename, so a crash never leaves a half-unpacked server in
      // place
      // and two builds unpacking at the same time never delete each other's server.
      Path tmp = Files.createTempDirectory(cache, "unpack-");
      try {
        LOG.info("unpacking {} into {}", tarball, home);
        Process tar =
            new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", tmp.toString())
                .inheritIO()
                .start();
        if (tar.waitFor() != 0) {
          throw new IllegalStateException("tar failed unpacking " + tarball);
        }
        if (Files.exists(home) && !Files.isDirectory(home.resolve("plugin/hive"))) {
          deleteRecursively(home); // a broken earlier attempt, not a complete server
        }
        try {
          Files.move(tmp.resolve(home.getFileName()), home, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
          LOG.info("{} was unpacked concurrently; using that one", home);
        }
      } finally {
        deleteRecursively(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + tarball, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted unpacking " + tarball, e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
