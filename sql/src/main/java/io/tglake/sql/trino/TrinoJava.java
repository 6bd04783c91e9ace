package io.tglake.sql.trino;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK a local Trino server runs on: Trino {@value LocalTrino#VERSION} needs Java &gt;= {@value
 * #MIN_JAVA}, while the project builds and runs with JDK 17.
 */
final class TrinoJava {

  private static final Logger LOG = LoggerFactory.getLogger(TrinoJava.class);

  static final int MIN_JAVA = 24;
  private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

  private TrinoJava() {}

  /**
   * As {@link LocalTrino#findJavaHome(Map)}, looking in {@code jvms} instead of {@code
   * /usr/lib/jvm}.
   */
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
            + LocalTrino.VERSION
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
}
