package io.tglake.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Test resources as bytes, exactly as stored in src/test/resources. */
public final class Fixtures {
  private Fixtures() {}

  /** Bytes of a resource, e.g. {@code "updates/private-text-message.json"}. */
  public static byte[] bytes(String resource) {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An update fixture (src/test/resources/updates). */
  public static byte[] update(String name) {
    return bytes("updates/" + name);
  }

  /** An event fixture (src/test/resources/events). */
  public static byte[] event(String name) {
    return bytes("events/" + name);
  }

  /**
   * The shaded Lambda jar the module's package phase built (target/*-lambda.jar): exactly what gets
   * deployed.
   */
  static Path shadedJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(f -> f.getFileName().toString().endsWith("-lambda.jar"))
          .findFirst()
          .orElseThrow(
              () -> new IllegalStateException("no target/*-lambda.jar: run through 'mvn verify'"));
    }
  }
}
