package io.tglake.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar as EMR runs it: {@code io.tglake.etl.TelegramEtlJob} in a separate JVM whose
 * classpath is only what emr-spark-8.0.0 provides (Spark 4.0.2 / Scala 2.13 and their runtime jars,
 * the AWS SDK v2 bundle; copied to {@code target/emr-classpath} by the build) plus the shaded job
 * jar exactly as infra uploads it — no test or Maven classpath. A class missing from that set, or
 * bundled twice in different versions, fails here instead of on the first scheduled run.
 */
class EmrClasspathIT {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 22);
  private static final int MESSAGES = 7;

  private static final Path EMR_CLASSPATH = Path.of(System.getProperty("tglake.emr.classpath.dir"));
  private static final Path JOB_JAR = Path.of(System.getProperty("tglake.emr.job.jar"));

  private static SparkSession spark;

  @BeforeAll
  static void emrClasspathWasAssembled() throws IOException {
    assertThat(JOB_JAR).as("job jar copied by the build").isRegularFile();
    assertThat(emrJars())
        .as("Spark's runtime jars and the SDK bundle")
        .anyMatch(p -> p.getFileName().toString().startsWith("spark-sql_2.13-4.0.2"))
        .anyMatch(p -> p.getFileName().toString().startsWith("spark-core_2.13-4.0.2"))
        .anyMatch(p -> p.getFileName().toString().startsWith("scala-library-2.13."))
        .anyMatch(p -> p.getFileName().toString().startsWith("hadoop-client-api-3.4.1"))
        .anyMatch(p -> p.getFileName().toString().startsWith("hadoop-client-runtime-3.4.1"))
        .anyMatch(p -> p.getFileName().toString().startsWith("bundle-2.41."));
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void jobRunsADayOnEmrsClasspathAndWritesExactlyTheDaysRows(@TempDir Path tmp) throws Exception {
    Path raw = tmp.resolve("raw");
    Path enriched = tmp.resolve("enriched");
    writeRawDay(raw);

    Run run =
        runJob(
            JOB_JAR,
            tmp,
            "--raw",
            raw.toString(),
            "--enriched",
            enriched.toString(),
            "--date",
            DAY.toString());

    assertThat(run.exitCode()).as("exit code; job output:%n%s", run.output()).isZero();
    assertThat(run.output())
        .as("no linkage problem anywhere in the output")
        .doesNotContain(
            "NoClassDefFoundError",
            "ClassNotFoundException",
            "NoSuchMethodError",
            "IncompatibleClassChangeError",
            "LinkageError");

    List<Row> messages =
        spark()
            .read()
            .parquet(enriched.resolve("messages").toString())
            .where("context_date = DATE '" + DAY + "'")
            .select("message_id", "text")
            .orderBy("message_id")
            .collectAsList();
    assertThat(messages).as("one row per message update").hasSize(MESSAGES);
    assertThat(messages).extracting(r -> r.getLong(0)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(messages.get(0).getString(1)).isEqualTo("Onde está meu pedido? #1");
    assertThat(
            spark()
                .read()
                .parquet(enriched.resolve("callback_queries").toString())
                .where("context_date = DATE '" + DAY + "'")
                .count())
        .as("the button press")
        .isEqualTo(1);

    JsonNode report = runReport(enriched);
    assertThat(report.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(report.path("objects_read").asLong()).isEqualTo(MESSAGES + 1);
    assertThat(report.path("rows").path("messages").asLong()).isEqualTo(MESSAGES);
    assertThat(report.path("rows").path("updates").asLong()).isEqualTo(MESSAGES + 1);
  }

  @Test
  void withoutTheShadedLibrariesTheSameRunFailsOnTheMissingClass(@TempDir Path tmp)
      throws Exception {
    Path thin = thinJar(tmp);
    Path raw = tmp.resolve("raw");
    writeRawDay(raw);

    Run run =
        runJob(
            thin,
            tmp,
            "--raw",
            raw.toString(),
            "--enriched",
            tmp.resolve("enriched").toString(),
            "--date",
            DAY.toString());

    assertThat(run.exitCode()).as("missing picocli must fail the run").isNotZero();
    assertThat(run.output()).contains("NoClassDefFoundError").contains("picocli/CommandLine");
  }

  @Test
  void jobJarBundlesNoClassThatEmrAlreadyProvides() throws IOException {
    Set<String> provided = new HashSet<>();
    for (Path jar : emrJars()) {
      provided.addAll(classEntries(jar));
    }
    Set<String> bundled = classEntries(JOB_JAR);
    Set<String> clashes = new TreeSet<>(bundled);
    clashes.retainAll(provided);

    assertThat(clashes)
        .as(
            "classes in the job jar that EMR's classpath also has (a version clash waiting to happen)")
        .isEmpty();
    assertThat(bundled)
        .as("only our classes and the CLI library are bundled")
        .allMatch(c -> c.startsWith("io/tglake/") || c.startsWith("picocli/"));
    assertThat(bundled)
        .contains(
            "io/tglake/etl/TelegramEtlJob.class",
            "io/tglake/cli/Cli.class",
            "io/tglake/contract/LakeLayout.class",
            "picocli/CommandLine.class");
  }

  @Test
  void everyClassTheJobJarReferencesIsOnEmrsClasspathOrInTheJdk(@TempDir Path tmp)
      throws IOException {
    assertThat(missingReferences(JOB_JAR))
        .as("references the EMR classpath cannot satisfy")
        .isEmpty();
    // The same analysis on a jar without the shaded libraries finds them missing: the check can
    // fail.
    assertThat(missingReferences(thinJar(tmp)))
        .as("thin jar")
        .anyMatch(
            l -> l.contains("io.tglake.etl.EtlCommand") && l.contains("picocli.CommandLine "));
  }

  /**
   * jdeps' "not found" lines for {@code jar} against the EMR classpath (the JDK's own modules
   * included).
   */
  private static List<String> missingReferences(Path jar) throws IOException {
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
    String classpath =
        String.join(java.io.File.pathSeparator, emrJars().stream().map(Path::toString).toList());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        jdeps.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "--multi-release",
            "17",
            "--missing-deps",
            "--class-path",
            classpath,
            jar.toString());
    assertThat(code).as("jdeps ran; output:%n%s%n%s", out, err).isZero();
    return out.toString().lines().filter(l -> l.contains("not found")).toList();
  }

  /** The job jar without picocli: what a forgotten shade step would ship. */
  private static Path thinJar(Path dir) throws IOException {
    Path thin = dir.resolve("thin-job.jar");
    try (JarFile jar = new JarFile(JOB_JAR.toFile());
        JarOutputStream out = new JarOutputStream(Files.newOutputStream(thin))) {
      for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
        JarEntry entry = e.nextElement();
        if (entry.getName().startsWith("picocli/")) {
          continue;
        }
        out.putNextEntry(new JarEntry(entry.getName()));
        try (InputStream in = jar.getInputStream(entry)) {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    }
    return thin;
  }

  @Test
  void jobClassesAreJava17Bytecode() throws IOException {
    try (JarFile jar = new JarFile(JOB_JAR.toFile())) {
      for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
        JarEntry entry = e.nextElement();
        if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")) {
          try (InputStream in = jar.getInputStream(entry)) {
            byte[] head = in.readNBytes(8);
            int major = ((head[6] & 0xff) << 8) | (head[7] & 0xff);
            assertThat(major)
                .as("class file version of %s (61 = Java 17, EMR's runtime)", entry.getName())
                .isLessThanOrEqualTo(61);
          }
        }
      }
    }
  }

  /**
   * MESSAGES text messages and one callback query, as the ingest stores them (one object per
   * update_id).
   */
  private static void writeRawDay(Path raw) throws IOException {
    Path day = Files.createDirectories(raw.resolve("context_date=" + DAY));
    long date = Instant.parse(DAY + "T12:00:00Z").getEpochSecond();
    String user =
        "{\"id\": 500000001, \"is_bot\": false, \"first_name\": \"Ana\", \"language_code\": \"pt-br\"}";
    String chat = "{\"id\": 500000001, \"first_name\": \"Ana\", \"type\": \"private\"}";
    for (int i = 1; i <= MESSAGES; i++) {
      long updateId = 800000000L + i;
      Files.writeString(
          day.resolve(updateId + ".json"),
          "{\"update_id\": "
              + updateId
              + ", \"message\": "
              + "{\"message_id\": "
              + i
              + ", \"from\": "
              + user
              + ", \"chat\": "
              + chat
              + ", \"date\": "
              + (date + i)
              + ", \"text\": \"Onde está meu pedido? #"
              + i
              + "\"}}",
          StandardCharsets.UTF_8);
    }
    long updateId = 800000000L + MESSAGES + 1;
    Files.writeString(
        day.resolve(updateId + ".json"),
        "{\"update_id\": "
            + updateId
            + ",\n  \"callback_query\": "
            + "{\"id\": \"cb-1\", \"from\": "
            + user
            + ", \"chat_instance\": \"42\", \"data\": \"helped:yes\", "
            + "\"message\": {\"message_id\": 8, \"from\": {\"id\": 1, \"is_bot\": true, \"first_name\": \"Bot\"}, "
            + "\"chat\": "
            + chat
            + ", \"date\": "
            + date
            + ", \"text\": \"Ajudou?\"}}}",
        StandardCharsets.UTF_8);
  }

  private record Run(int exitCode, String output) {}

  /**
   * {@code java -cp <emr-classpath>/*:<jar> TelegramEtlJob args} in a fresh JVM, the way
   * spark-submit starts the driver: Spark settings as {@code -Dspark.*} system properties, nothing
   * from this JVM's classpath.
   */
  private static Run runJob(Path jar, Path tmp, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(System.getProperty("tglake.spark.jvm.opts").trim().split("\\s+")));
    command.addAll(
        List.of(
            "-Dspark.master=local[2]",
            "-Dspark.driver.host=127.0.0.1",
            "-Dspark.driver.bindAddress=127.0.0.1",
            "-Dspark.ui.enabled=false",
            "-Dspark.sql.shuffle.partitions=2",
            "-Djava.io.tmpdir=" + tmp));
    command.add("-cp");
    command.add(EMR_CLASSPATH + "/*" + java.io.File.pathSeparator + jar);
    command.add("io.tglake.etl.TelegramEtlJob");
    command.addAll(List.of(args));
    Path log = tmp.resolve("job-" + jar.getFileName() + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().remove("CLASSPATH");
    pb.environment().remove("SPARK_HOME");
    Process p = pb.start();
    if (!p.waitFor(Duration.ofMinutes(8).toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("job did not finish in 8 minutes:\n" + Files.readString(log));
    }
    return new Run(p.exitValue(), Files.readString(log));
  }

  private static JsonNode runReport(Path enriched) throws IOException {
    Path dir = enriched.resolve("_runs").resolve("context_date=" + DAY);
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> reports = files.filter(f -> f.toString().endsWith(".json")).toList();
      assertThat(reports).as("one run report").hasSize(1);
      return new ObjectMapper().readTree(reports.get(0).toFile());
    }
  }

  private static List<Path> emrJars() throws IOException {
    try (Stream<Path> files = Files.list(EMR_CLASSPATH)) {
      return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
    }
  }

  private static Set<String> classEntries(Path jarPath) throws IOException {
    Set<String> names = new HashSet<>();
    try (JarFile jar = new JarFile(jarPath.toFile())) {
      for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
        String name = e.nextElement().getName();
        // module-info and multi-release variants are per jar by design, not clashes
        if (name.endsWith(".class")
            && !name.endsWith("module-info.class")
            && !name.startsWith("META-INF/")) {
          names.add(name);
        }
      }
    }
    return names;
  }

  private static synchronized SparkSession spark() {
    if (spark == null) {
      spark =
          SparkSession.builder()
              .master("local[1]")
              .appName("emr-classpath-it")
              .config("spark.ui.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.sql.session.timeZone", "UTC")
              .getOrCreate();
    }
    return spark;
  }
}
