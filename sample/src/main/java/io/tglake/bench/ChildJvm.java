package io.tglake.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The JVMs the benchmark starts: the ETL, the DuckDB baseline and the local S3 server each run as their own
 * process, timed from spawn to exit, so that JVM start (and Spark's session start) is inside the ETL's number as
 * it is for a user of {@code bin/tglake etl}.
 *
 * @param java the {@code java} binary (this JVM's)
 * @param options JVM options for the ETL and DuckDB children: this JVM's own, which {@code bin/tglake bench} sets
 *     exactly as {@code bin/tglake etl} does (Spark's {@code --add-opens}, {@code -Xmx${TGLAKE_HEAP:-4g}},
 *     {@code TGLAKE_JAVA_OPTS}), minus the {@code -Dtglake.*} properties that only locate the modules
 * @param etlClasspath the ETL's classpath: spark-etl's, as {@code bin/tglake etl} builds it (its plain jar and the
 *     jars of its {@code classpath.txt}), when the module is built next to this one; its class directory instead of
 *     the jar when the jar is missing or older than the classes; otherwise this JVM's (sample's, a superset)
 * @param ownClasspath this JVM's classpath (the DuckDB child runs {@link DuckDbBaseline} from it)
 * @param localS3Classpath the local-s3 module's classpath (s3proxy, kept apart from Spark's jars), if built
 * @param etlArchive the class-data archive the ETL children map (and the bench writes when it is missing or stale):
 *     {@code bin/tglake etl}'s, whose path {@code bin/tglake} passes as {@code -Dtglake.etl.cds.archive} unless
 *     {@code TGLAKE_ETL_CDS=0}; only with the jar-only ETL classpath (the JVM cannot archive from a class directory)
 */
public record ChildJvm(String java, List<String> options, String etlClasspath, String ownClasspath,
    Optional<String> localS3Classpath, Optional<EtlClassArchive> etlArchive) {

  /** The system property {@code bin/tglake bench etl} passes the ETL's class-data archive in. */
  static final String ARCHIVE_PROPERTY = "tglake.etl.cds.archive";

  /**
   * The children of this JVM, with the modules found under {@code repoRoot} ({@code bin/tglake} passes
   * {@code -Dtglake.home}; tests pass the reactor root) and the ETL's class-data archive if {@code bin/tglake} passed
   * one.
   */
  public static ChildJvm of(Optional<Path> repoRoot) {
    return of(repoRoot, Optional.ofNullable(System.getProperty(ARCHIVE_PROPERTY)).filter(p -> !p.isBlank())
        .map(Path::of));
  }

  /** The children of this JVM, the ETL's with the class-data archive {@code archive} if it can have one. */
  static ChildJvm of(Optional<Path> repoRoot, Optional<Path> archive) {
    Path javaHome = Path.of(System.getProperty("java.home"));
    String java = javaHome.resolve("bin").resolve("java").toString();
    List<String> options = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(o -> !o.startsWith("-Dtglake.")).toList();
    String own = System.getProperty("java.class.path");
    Optional<String> jars = repoRoot.flatMap(r -> jarClasspath(r, "spark-etl"));
    String etl = jars.or(() -> repoRoot.flatMap(r -> moduleClasspath(r, "spark-etl"))).orElse(own);
    Optional<EtlClassArchive> etlArchive = jars.flatMap(cp -> archive.map(a -> new EtlClassArchive(a,
        madeFrom(cp, repoRoot.get().resolve("spark-etl").resolve("target").resolve("classpath.txt"), javaHome))));
    return new ChildJvm(java, options, etl, own, repoRoot.flatMap(r -> moduleClasspath(r, "local-s3")), etlArchive);
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

  /**
   * {@code <module>/target/*-plain.jar} (the newest, should a version change have left an older one) and the jars of
   * {@code target/classpath.txt}, as bin/tglake runs the ETL; empty when there is no such jar or a compiled class is
   * newer than it (built by {@code mvn compile} or {@code test}, not {@code package}).
   */
  static Optional<String> jarClasspath(Path repoRoot, String module) {
    Path target = repoRoot.resolve(module).resolve("target");
    Path list = target.resolve("classpath.txt");
    if (!Files.isRegularFile(list) || !Files.isDirectory(target)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(target)) {
      Optional<Path> jar = files.filter(p -> p.getFileName().toString().endsWith("-plain.jar"))
          .max(Comparator.comparing(ChildJvm::modified));
      if (jar.isEmpty() || newerThan(target.resolve("classes"), modified(jar.get()))) {
        return Optional.empty();
      }
      return Optional.of(jar.get() + File.pathSeparator + Files.readString(list, StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What an archive for the jar-only {@code classpath} is made from ({@link EtlClassArchive#madeFrom()}). */
  static List<Path> madeFrom(String classpath, Path classpathTxt, Path javaHome) {
    List<Path> inputs = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        inputs.add(Path.of(entry));
      }
    }
    inputs.add(classpathTxt);
    inputs.add(javaHome.resolve("lib").resolve("modules"));
    return inputs;
  }

  private static boolean newerThan(Path dir, FileTime time) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).anyMatch(f -> modified(f).compareTo(time) > 0);
    }
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** These children with the ETL's run without a class-data archive. */
  ChildJvm withoutEtlArchive() {
    return new ChildJvm(java, options, etlClasspath, ownClasspath, localS3Classpath, Optional.empty());
  }

  /**
   * The ETL's command line: this JVM's options with the class-data archive mapped when it exists, the ETL classpath.
   * The archive's options come first so that {@code TGLAKE_JAVA_OPTS} (among this JVM's options) can override them.
   */
  List<String> etlCommand(List<String> args) {
    List<String> jvmOptions = new ArrayList<>();
    etlArchive.filter(a -> Files.isRegularFile(a.file())).ifPresent(a -> jvmOptions.addAll(a.useOptions()));
    jvmOptions.addAll(options);
    return command(jvmOptions, etlClasspath, EtlProcess.MAIN, args);
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
