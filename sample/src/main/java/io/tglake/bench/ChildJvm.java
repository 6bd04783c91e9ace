package io.tglake.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JVMs the benchmark starts: the ETL, the DuckDB baseline and the local S3 server each run as their own
 * process, timed from spawn to exit, so that JVM start (and Spark's session start) is inside the ETL's number as
 * it is for a user of {@code bin/tglake etl}.
 *
 * @param java the {@code java} binary (this JVM's)
 * @param options JVM options for the ETL and DuckDB children: this JVM's own, which {@code bin/tglake bench} sets
 *     exactly as {@code bin/tglake etl} does (Spark's {@code --add-opens}, {@code -Xmx${TGLAKE_HEAP:-4g}},
 *     {@code TGLAKE_JAVA_OPTS}), minus the {@code -Dtglake.*} properties that only locate the modules
 * @param etlClasspath the ETL's classpath: spark-etl's, as {@code bin/tglake etl} builds it, when the module is built
 *     next to this one; otherwise this JVM's (sample's, a superset)
 * @param ownClasspath this JVM's classpath (the DuckDB child runs {@link DuckDbBaseline} from it)
 * @param localS3Classpath the local-s3 module's classpath (s3proxy, kept apart from Spark's jars), if built
 */
public record ChildJvm(String java, List<String> options, String etlClasspath, String ownClasspath,
    Optional<String> localS3Classpath) {

  /**
   * The children of this JVM, with the modules found under {@code repoRoot} ({@code bin/tglake} passes
   * {@code -Dtglake.home}; tests pass the reactor root).
   */
  public static ChildJvm of(Optional<Path> repoRoot) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> options = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(o -> !o.startsWith("-Dtglake.")).toList();
    String own = System.getProperty("java.class.path");
    String etl = repoRoot.flatMap(r -> moduleClasspath(r, "spark-etl")).orElse(own);
    return new ChildJvm(java, options, etl, own, repoRoot.flatMap(r -> moduleClasspath(r, "local-s3")));
  }

  /** {@code <module>/target/classes} and the jars of {@code target/classpath.txt}, as bin/tglake runs a module. */
  static Optional<String> moduleClasspath(Path repoRoot, String module) {
    Path target = repoRoot.resolve(module).resolve("target");
    Path list = target.resolve("classpath.txt");
    if (!Files.isDirectory(target.resolve("classes")) || !Files.isRegularFile(list)) {
      return Optional.empty();
    }
    try {
      return Optional.of(target.resolve("classes") + File.pathSeparator
          + Files.readString(list, StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code java <options> -cp <classpath> <main> <args>}. */
  List<String> command(List<String> jvmOptions, String classpath, String main, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(main);
    cmd.addAll(args);
    return cmd;
  }

  /**
   * Runs {@code command} ({@code what}, for errors) to its end with stdout and stderr in {@code log}.
   *
   * @return wall seconds from spawn to exit
   * @throws IllegalStateException if it exits non-zero (with the log's last lines)
   */
  static double run(String what, List<String> command, Map<String, String> env, Path log) {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().putAll(env);
      long t = System.nanoTime();
      Process p = pb.start();
      int code = p.waitFor();
      double seconds = (System.nanoTime() - t) / 1e9;
      if (code != 0) {
        throw new IllegalStateException(what + " exited " + code + " (log " + log + "):\n" + tail(log, 25));
      }
      return seconds;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The last {@code n} lines of a log. */
  static String tail(Path log, int n) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }
}
