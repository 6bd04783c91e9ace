package io.tglake.sql.trino;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unpacked Trino server a {@link LocalTrino} runs from, unpacked on first use from the tarball
 * the sql module's build puts into the local Maven repository.
 */
final class TrinoInstallation {

  private static final Logger LOG = LoggerFactory.getLogger(TrinoInstallation.class);

  private TrinoInstallation() {}

  /** See {@link LocalTrino#installation(Map)}. */
  static Path find(Map<String, String> env) {
    String explicit = env.get("TGLAKE_TRINO_HOME");
    if (explicit != null && !explicit.isBlank()) {
      Path home = Path.of(explicit);
      if (!Files.isDirectory(home.resolve("lib"))) {
        throw new IllegalStateException(
            "TGLAKE_TRINO_HOME=" + home + " is not an unpacked trino-server (no lib/)");
      }
      return home;
    }
    String version = LocalTrino.VERSION;
    Path cache = Path.of(System.getProperty("user.home"), ".cache", "tglake");
    Path home = cache.resolve("trino-server-" + version);
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
            version,
            "trino-server-" + version + ".tar.gz");
    if (!Files.isRegularFile(tarball)) {
      throw new IllegalStateException(
          "Trino server "
              + version
              + " is not installed. Fetch it once (820 MB) with\n"
              + "  ./mvnw -pl sql dependency:get -Dartifact=io.trino:trino-server:"
              + version
              + ":tar.gz"
              + " -Dtransitive=false\nor point TGLAKE_TRINO_HOME at an unpacked trino-server-"
              + version
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
}
