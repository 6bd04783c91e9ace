package io.tglake.etl.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * A real S3-compatible server that versions objects: Adobe's S3Mock (the Spring Boot application
 * jar from Maven Central, {@code com.adobe.testing:s3mock:<version>:exec}), run as a child JVM
 * because its Spring and Jackson versions clash with Spark's. It listens on 127.0.0.1 only, at a
 * port the OS picks, and stores into a temporary folder deleted on {@link #close}. Every bucket is
 * created with versioning enabled, as the stack's raw and lake buckets are.
 *
 * <p>Two facts about S3Mock shape this class. Its plain-HTTP connector is an extra Tomcat connector
 * bound to every interface; a one-bean Spring XML file replaces its web server factory with a plain
 * one, so that the only connector is the main one on {@code server.address}, with TLS off. And its
 * ListObjects keeps listing a key whose latest version is a delete marker (GET answers 404): the
 * erasure purges those keys' versions and markers, which is what makes them disappear from
 * listings, so tests read listings only after the purge. And a create-only PUT ({@code
 * If-None-Match: *}) of a key whose latest version is a delete marker gets no answer (4.12.4 and
 * 5.2.0 were tried for the listing; the hang was seen on 4.12.4): a test that takes a day's lease
 * twice removes the released lease's versions in between (see {@code VersionedForgetIT}).
 */
public final class S3MockServer implements AutoCloseable {

  /** Any credentials work: S3Mock does not check signatures. */
  public static final String KEY = "test-access-key";

  public static final String SECRET = "test-secret-key";

  private static final Pattern STARTED =
      Pattern.compile("Tomcat started on port (\\d+) \\(http\\)");
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private final Process process;
  private final Path dir;
  private final int port;
  private final Thread reaper;

  private S3MockServer(Process process, Path dir, int port, Thread reaper) {
    this.process = process;
    this.dir = dir;
    this.port = port;
    this.reaper = reaper;
  }

  /**
   * The exec jar: {@code -Ds3mock.jar} (set by the build), else the local Maven repository's copy.
   */
  static Path jar() {
    String configured = System.getProperty("s3mock.jar");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String version = System.getProperty("s3mock.version", "4.12.4");
    return Path.of(
        System.getProperty("user.home"),
        ".m2",
        "repository",
        "com",
        "adobe",
        "testing",
        "s3mock",
        version,
        "s3mock-" + version + "-exec.jar");
  }

  /** Starts the server with the given buckets, each versioned. */
  public static S3MockServer start(String... buckets) throws Exception {
    Path jar = jar();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "S3Mock's exec jar is missing at "
              + jar
              + " (a test dependency of spark-etl: "
              + "run the build through Maven so that it is fetched)");
    }
    Path dir = Files.createTempDirectory("tglake-s3mock-");
    Path xml = dir.resolve("loopback-only.xml");
    Files.writeString(
        xml,
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <beans xmlns="http://www.springframework.org/schema/beans"
               xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
               xsi:schemaLocation="http://www.springframework.org/schema/beans
                 https://www.springframework.org/schema/beans/spring-beans.xsd">
          <!-- No extra connector on every interface: the main one, on server.address, is the only one. -->
          <bean id="webServerFactory"
                class="org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory"/>
        </beans>
        """,
        StandardCharsets.UTF_8);
    Path store = dir.resolve("store");
    Path log = dir.resolve("s3mock.log");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toString(),
                "--server.address=127.0.0.1",
                "--server.port=0",
                "--server.ssl.enabled=false",
                "--spring.main.sources=" + xml.toUri(),
                "--spring.main.allow-bean-definition-overriding=true",
                "--com.adobe.testing.s3mock.store.root=" + store,
                "--logging.level.root=WARN",
                "--logging.level.org.springframework.boot.web.embedded.tomcat=INFO"));
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Thread reaper = new Thread(p::destroyForcibly, "s3mock-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
    int port;
    try {
      port = awaitPort(p, log);
    } catch (Exception e) {
      p.destroyForcibly();
      Runtime.getRuntime().removeShutdownHook(reaper);
      throw e;
    }
    S3MockServer server = new S3MockServer(p, dir, port, reaper);
    try (S3Client s3 = S3ObjectStore.client(server.settings())) {
      for (String b : buckets) {
        s3.createBucket(r -> r.bucket(b));
        s3.putBucketVersioning(
            r ->
                r.bucket(b).versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
      }
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private static int awaitPort(Process p, Path log) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      Matcher m = STARTED.matcher(text);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      if (!p.isAlive()) {
        throw new IllegalStateException("S3Mock exited with " + p.exitValue() + ":\n" + tail(text));
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "S3Mock did not start within "
            + START_TIMEOUT
            + ":\n"
            + tail(Files.readString(log, StandardCharsets.UTF_8)));
  }

  private static String tail(String text) {
    return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** Settings with this server's endpoint and (unchecked) credentials. */
  public S3Settings settings() {
    return new S3Settings(endpoint(), KEY, SECRET, 8, S3Settings.DEFAULT_MAX_ATTEMPTS);
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }
}
