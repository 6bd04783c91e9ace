package io.tglake.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/tglake etl} as a user runs it, on a day of one update of every Bot API kind: the first
 * run writes the class-data archive ({@code target/tglake-etl.jsa}) at its exit, the next maps it
 * and writes the same tables, both with nothing but the metric lines on stdout. {@code --help} and
 * {@code TGLAKE_ETL_CDS=0} write no archive; a classpath.txt newer than the archive (what a rebuild
 * leaves) makes it stale. Uses this module's real archive path: it is build output. Most of its
 * minute is the JVM writing the archive.
 */
class EtlClassArchiveIT {

  private static final Path TGLAKE = Path.of("..", "bin", "tglake").toAbsolutePath().normalize();
  private static final Path TARGET = Path.of("target").toAbsolutePath();
  private static final Path ARCHIVE = TARGET.resolve("tglake-etl.jsa");

  @TempDir Path lake;

  /** Exit code and output of one bin/tglake run. */
  private record Run(int code, String out, String err) {}

  @BeforeAll
  static void markBuildFresh() throws IOException {
    // This Maven run has just packaged the module. The dependency plugin leaves an unchanged
    // classpath.txt with its
    // old timestamp, which would make bin/tglake rebuild the module under the running test.
    Path classpath = TARGET.resolve("classpath.txt");
    assertThat(classpath).as("written at package time by the parent pom").exists();
    Files.setLastModifiedTime(classpath, FileTime.from(Instant.now()));
  }

  @Test
  void theFirstRunWritesTheArchiveAndTheNextMapsItWritingTheSameTables() throws Exception {
    for (Map.Entry<Long, String[]> u : allKinds().entrySet()) {
      Fixtures.writeRaw(
          lake.resolve("raw"),
          Fixtures.DAY,
          u.getKey() + ".json",
          u.getValue()[1],
          Fixtures.RECEIVED);
    }
    deleteArchives();

    Run help = tglake(Map.of(), "etl", "--help");
    assertThat(help.code()).as(help.err()).isZero();
    assertThat(ARCHIVE).as("--help would archive almost nothing: none written").doesNotExist();

    // A day without raw objects: a whole run (JVM, Spark session, report, exit 0) in a third of the
    // time.
    Run off =
        tglake(
            Map.of("TGLAKE_ETL_CDS", "0"),
            "etl",
            "--raw",
            lake.resolve("raw").toString(),
            "--enriched",
            lake.resolve("off").toString(),
            "--date",
            Fixtures.DAY.plusDays(1).toString());
    assertThat(off.code()).as(off.err()).isZero();
    assertThat(ARCHIVE).as("TGLAKE_ETL_CDS=0 writes none").doesNotExist();

    Run first = etl("first", Map.of());
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.err()).contains("this run also writes " + ARCHIVE);
    assertThat(ARCHIVE).as("written at the first run's exit").isNotEmptyFile();
    assertThat(temps()).as("the per-process temp file was renamed into place").isEmpty();
    FileTime written = Files.getLastModifiedTime(ARCHIVE);

    Path classLoad = lake.resolve("class-load.log");
    Run second =
        etl("second", Map.of("TGLAKE_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLoad));
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.err()).doesNotContain("also writes");
    assertThat(Files.getLastModifiedTime(ARCHIVE))
        .as("mapped, not written again")
        .isEqualTo(written);
    assertThat(Files.readString(classLoad))
        .as("the job's classes came from the archive")
        .contains("io.tglake.etl.TelegramEtlJob source: shared objects file (top)");

    Map<String, Long> rows = rows("first");
    assertThat(rows)
        .as("rows per table of the run that wrote the archive")
        .containsKeys("messages", "updates");
    assertThat(rows.get("updates")).as("one per update").isEqualTo((long) allKinds().size());
    assertThat(rows("second")).as("the run that mapped it").isEqualTo(rows);
    for (Run r : List.of(first, second)) {
      assertThat(r.out().lines())
          .as("stdout carries the metric lines only:%n%s", r.out())
          .isNotEmpty()
          .allMatch(l -> l.startsWith("{\"_aws\":"))
          .noneMatch(l -> l.contains("[cds") || l.contains("[warning]"));
    }

    Files.setLastModifiedTime(
        TARGET.resolve("classpath.txt"), FileTime.from(written.toInstant().plusSeconds(1)));
    Run afterRebuild = tglake(Map.of(), "etl", "--help");
    assertThat(afterRebuild.code()).isZero();
    assertThat(ARCHIVE)
        .as("older than classpath.txt: deleted (and --help writes no new one)")
        .doesNotExist();
  }

  @Test
  void theEtlJvmKeepsTheTieredCodeCacheUnderC1() throws Exception {
    // C1 alone shrinks the default code cache to 48 MB; a 365-day range run filled it and the JVM
    // stopped compiling for the rest of the run ("CodeCache is full. Compiler has been disabled").
    Run flags =
        tglake(
            Map.of("TGLAKE_ETL_CDS", "0", "TGLAKE_JAVA_OPTS", "-XX:+PrintFlagsFinal"),
            "etl",
            "--help");
    assertThat(flags.code()).as(flags.err()).isZero();
    assertThat(flag(flags.out(), "TieredStopAtLevel")).as("C1 only, as measured").isEqualTo("1");
    assertThat(flag(flags.out(), "ReservedCodeCacheSize"))
        .as("the tiered default, 240 MB")
        .isEqualTo(Long.toString(240L * 1024 * 1024));
  }

  /** The value of one -XX flag in -XX:+PrintFlagsFinal output. */
  private static String flag(String printFlagsFinal, String name) {
    return printFlagsFinal
        .lines()
        .map(String::trim)
        .map(line -> line.split("\\s+"))
        .filter(cols -> cols.length >= 4 && cols[1].equals(name) && cols[2].equals("="))
        .map(cols -> cols[3])
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " not in the JVM's flags"));
  }

  private static Map<Long, String[]> allKinds() {
    Map<Long, String[]> all = new LinkedHashMap<>(BotApiFixtures.updateKinds());
    all.putAll(BotApiFixtures.messageKinds());
    return all;
  }

  private Run etl(String name, Map<String, String> env) throws Exception {
    return tglake(
        env,
        "etl",
        "--raw",
        lake.resolve("raw").toString(),
        "--enriched",
        lake.resolve(name).toString(),
        "--date",
        Fixtures.DAY.toString());
  }

  /** {@code bin/tglake args} with no CDS settings of the caller's environment, plus {@code env}. */
  private Run tglake(Map<String, String> env, String... args) throws Exception {
    Path out = Files.createTempFile(lake, "out", ".txt");
    Path err = Files.createTempFile(lake, "err", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(Stream.concat(Stream.of(TGLAKE.toString()), Stream.of(args)).toList())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().remove("TGLAKE_ETL_CDS");
    pb.environment().remove("TGLAKE_JAVA_OPTS");
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(
          "bin/tglake "
              + String.join(" ", args)
              + " did not finish; stderr:\n"
              + Files.readString(err));
    }
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** The run report's rows per table. */
  private Map<String, Long> rows(String enriched) throws IOException {
    Path dir = lake.resolve(enriched).resolve("_runs").resolve("context_date=" + Fixtures.DAY);
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> reports =
          files
              .filter(
                  p ->
                      p.getFileName().toString().endsWith(".json")
                          && !p.getFileName().toString().startsWith("."))
              .toList();
      assertThat(reports).as("one run report in %s", dir).hasSize(1);
      JsonNode json = new ObjectMapper().readTree(reports.get(0).toFile());
      assertThat(json.path("status").asText()).isEqualTo("SUCCEEDED");
      Map<String, Long> rows = new LinkedHashMap<>();
      json.path("rows").fields().forEachRemaining(e -> rows.put(e.getKey(), e.getValue().asLong()));
      return rows;
    }
  }

  private static List<Path> temps() throws IOException {
    try (Stream<Path> files = Files.list(TARGET)) {
      return files.filter(p -> p.getFileName().toString().startsWith("tglake-etl.jsa.")).toList();
    }
  }

  private static void deleteArchives() throws IOException {
    Files.deleteIfExists(ARCHIVE);
    for (Path temp : temps()) {
      Files.deleteIfExists(temp);
    }
  }
}
