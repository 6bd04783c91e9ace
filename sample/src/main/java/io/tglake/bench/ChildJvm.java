package io.tglake.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The processes the benchmark starts: the ETL, the DuckDB baseline and the local S3 server each run
 * as their own process, timed from spawn to exit, so that JVM start (and Spark's session start) is
 * inside the ETL's number as it is for a user of {@code bin/tglake etl}.
 *
 * <p>The ETL child is {@code bin/tglake etl} itself whenever the bench runs from a checkout: its
 * JVM options, classpath and class-data archive rules then exist once, in that script, and the
 * bench measures exactly what a user runs. Outside a checkout (no {@code tglake.home}) it falls
 * back to this JVM's classpath and options.
 *
 * @param java the {@code java} binary (this JVM's)
 * @param options JVM options for the DuckDB child (and the fallback ETL child): this JVM's own,
 *     which {@code bin/tglake bench} sets as {@code bin/tglake etl} does, minus the {@code
 *     -Dtglake.*} properties that only locate the modules
 * @param ownClasspath this JVM's classpath (the DuckDB child runs {@link DuckDbBaseline} from it)
 * @param localS3Classpath the local-s3 module's classpath (s3proxy, kept apart from Spark's jars),
 *     if built
 * @param tglake the checkout's {@code bin/tglake}, when the bench runs from one
 * @param etlEnv environment the ETL children get on top of this process's (e.g. {@code
 *     TGLAKE_JAVA_OPTS})
 */
public record ChildJvm(
    String java,
    List<String> options,
    String ownClasspath,
    Optional<String> localS3Classpath,
    Optional<Path> tglake,
    Map<String, String> etlEnv) {

  public ChildJvm {
    options = List.copyOf(options);
    etlEnv = Map.copyOf(etlEnv);
  }

  /**
   * The children of this JVM, with the modules and {@code bin/tglake} found under {@code repoRoot}
   * ({@code bin/tglake} passes {@code -Dtglake.home}; tests pass the reactor root).
   */
  public static ChildJvm of(Optional<Path> repoRoot) {
    String java =
        Path.of(System.getProperty("java.home")).resolve("bin").resolve("java").toString();
    List<String> options =
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(o -> !o.startsWith("-Dtglake."))
            .toList();
    Optional<Path> script =
        repoRoot.map(r -> r.resolve("bin").resolve("tglake")).filter(Files::isRegularFile);
    return new ChildJvm(
        java,
        options,
        System.getProperty("java.class.path"),
        repoRoot.flatMap(r -> moduleClasspath(r, "local-s3")),
        script,
        Map.of());
  }

  /** These children with {@code env} added to the ETL children's environment. */
  ChildJvm withEtlEnv(Map<String, String> env) {
    Map<String, String> all = new HashMap<>(etlEnv);
    all.putAll(env);
    return new ChildJvm(java, options, ownClasspath, localS3Classpath, tglake, all);
  }

  /**
   * {@code <module>/target/classes} and the jars of {@code target/classpath.txt}, as bin/tglake
   * runs a module.
   */
  static Optional<String> moduleClasspath(Path repoRoot, String module) {
    Path target = repoRoot.resolve(module).resolve("target");
    Path list = target.resolve("classpath.txt");
    if (!Files.isDirectory(target.resolve("classes")) || !Files.isRegularFile(list)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          target.resolve("classes")
              + File.pathSeparator
              + Files.readString(list, StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The ETL's command line: {@code bash bin/tglake etl <args>}, or this JVM's java and classpath
   * outside a checkout.
   */
  List<String> etlCommand(List<String> args) {
    if (tglake.isPresent()) {
      List<String> cmd = new ArrayList<>(List.of("bash", tglake.get().toString(), "etl"));
      cmd.addAll(args);
      return cmd;
    }
    return command(options, ownClasspath, EtlProcess.MAIN, args);
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
   * Runs {@code command} ({@code what}, for errors) to its end with stdout and stderr in {@code
   * log}.
   *
   * @return wall seconds from spawn to exit
   * @throws IllegalStateException if it exits non-zero (with the log's last lines)
   */
  static double run(String what, List<String> command, Map<String, String> env, Path log) {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder pb =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().putAll(env);
      long t = System.nanoTime();
      Process p = pb.start();
      int code = p.waitFor();
      double seconds = (System.nanoTime() - t) / 1e9;
      if (code != 0) {
        throw new IllegalStateException(
            what + " exited " + code + " (log " + log + "):\n" + tail(log, 25));
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
