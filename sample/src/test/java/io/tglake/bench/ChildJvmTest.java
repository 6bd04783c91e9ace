package io.tglake.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the bench starts the ETL child: on spark-etl's jar-only classpath, with bin/tglake etl's class-data archive
 * mapped when it exists, written by a run of its own when it is missing or older than what it was made from.
 * A fake checkout with empty files; nothing is started.
 */
class ChildJvmTest {

  private static final Instant BUILT = Instant.parse("2026-11-29T08:00:00Z");

  @TempDir Path repo;
  private Path target;
  private Path plainJar;
  private Path sparkJar;
  private Path archive;

  @BeforeEach
  void checkout() throws IOException {
    target = repo.resolve("spark-etl").resolve("target");
    Path classFile = target.resolve("classes").resolve("io").resolve("tglake").resolve("etl")
        .resolve("TelegramEtlJob.class");
    Files.createDirectories(classFile.getParent());
    plainJar = target.resolve("tglake-spark-etl-0.1.0-SNAPSHOT-plain.jar");
    sparkJar = repo.resolve("m2").resolve("spark-sql_2.13-4.0.2.jar");
    Files.createDirectories(sparkJar.getParent());
    Files.writeString(target.resolve("classpath.txt"), sparkJar + File.pathSeparator + repo.resolve("m2")
        .resolve("picocli-4.7.7.jar") + "\n");
    for (Path f : List.of(classFile, target.resolve("tglake-spark-etl-0.1.0-SNAPSHOT.jar"), sparkJar, plainJar,
        target.resolve("classpath.txt"))) {
      touch(f, BUILT);
    }
    archive = target.resolve("tglake-etl.jsa");
  }

  @Test
  void theEtlRunsOnThePlainJarAndTheJarsOfClasspathTxtNeverOnAClassDirectory() {
    ChildJvm jvm = ChildJvm.of(Optional.of(repo), Optional.of(archive));

    assertThat(jvm.etlClasspath().split(File.pathSeparator))
        .as("the plain jar first (not the shaded one), then classpath.txt; no directory, which CDS refuses")
        .containsExactly(plainJar.toString(), sparkJar.toString(), repo.resolve("m2").resolve("picocli-4.7.7.jar")
            .toString());
    assertThat(jvm.etlArchive()).as("an archive is possible with jars only").isPresent();
  }

  @Test
  void theArchiveIsMappedOnlyWhenItExistsAndAheadOfThisJvmsOwnOptions() throws IOException {
    ChildJvm jvm = ChildJvm.of(Optional.of(repo), Optional.of(archive));
    List<String> args = List.of("--raw", "r", "--enriched", "e", "--date", "2026-03-02");

    List<String> without = jvm.etlCommand(args);
    assertThat(without).as("no archive yet").noneMatch(o -> o.startsWith("-XX:SharedArchiveFile"));
    assertThat(without.subList(without.size() - 9, without.size()))
        .containsExactly("-cp", jvm.etlClasspath(), EtlProcess.MAIN, "--raw", "r", "--enriched", "e", "--date",
            "2026-03-02");

    touch(archive, BUILT.plusSeconds(60));
    List<String> with = jvm.etlCommand(args);
    assertThat(with).as("the archive mapped, CDS's stdout warnings off")
        .contains("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off")
        .containsSubsequence("-XX:SharedArchiveFile=" + archive, "-cp", jvm.etlClasspath(), EtlProcess.MAIN);
    assertThat(with.indexOf("-Xlog:cds*=off")).as("before this JVM's options, so TGLAKE_JAVA_OPTS can override")
        .isLessThan(with.indexOf(jvm.options().isEmpty() ? "-cp" : jvm.options().get(0)));
    assertThat(with).noneMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit"));
  }

  @Test
  void theArchiveIsFreshOnlyWhileNewerThanEveryJarClasspathTxtAndTheJdk() throws IOException {
    EtlClassArchive a = ChildJvm.of(Optional.of(repo), Optional.of(archive)).etlArchive().orElseThrow();
    assertThat(a.madeFrom()).contains(plainJar, sparkJar, target.resolve("classpath.txt"),
        Path.of(System.getProperty("java.home"), "lib", "modules"));
    assertThat(a.isFresh()).as("missing").isFalse();
    assertThat(a.canBeWritten()).as("a writable folder with room for ~150 MB").isTrue();

    touch(archive, BUILT.plusSeconds(60));
    assertThat(a.isFresh()).as("written after the build").isTrue();

    touch(target.resolve("classpath.txt"), BUILT.plusSeconds(120));
    assertThat(a.isFresh()).as("bin/tglake touches classpath.txt after a rebuild").isFalse();
    touch(target.resolve("classpath.txt"), BUILT);
    touch(sparkJar, BUILT.plusSeconds(61));
    assertThat(a.isFresh()).as("a jar newer than the archive").isFalse();
  }

  @Test
  void aMissingOrOutdatedPlainJarMeansTheClassDirectoryAndNoArchive() throws IOException {
    touch(target.resolve("classes").resolve("io").resolve("tglake").resolve("etl").resolve("TelegramEtlJob.class"),
        BUILT.plusSeconds(1));
    ChildJvm compiledAfterPackage = ChildJvm.of(Optional.of(repo), Optional.of(archive));
    assertThat(compiledAfterPackage.etlClasspath()).as("mvn compile after package: the jar would run old code")
        .startsWith(target.resolve("classes") + File.pathSeparator);
    assertThat(compiledAfterPackage.etlArchive()).isEmpty();

    Files.delete(plainJar);
    assertThat(ChildJvm.of(Optional.of(repo), Optional.of(archive)).etlClasspath())
        .startsWith(target.resolve("classes") + File.pathSeparator);
  }

  @Test
  void withoutAnArchiveFromBinTglakeTheEtlRunsWithoutOne() {
    ChildJvm jvm = ChildJvm.of(Optional.of(repo), Optional.empty());
    assertThat(jvm.etlArchive()).isEmpty();
    assertThat(jvm.etlCommand(List.of())).noneMatch(o -> o.startsWith("-XX:SharedArchiveFile")
        || o.startsWith("-Xlog:cds"));
  }

  @Test
  void aWrittenArchiveGoesIntoPlaceOnlyWhenItsCheckPasses() throws IOException {
    EtlClassArchive a = ChildJvm.of(Optional.of(repo), Optional.of(archive)).etlArchive().orElseThrow();
    Path temp = a.temp();
    assertThat(temp.getParent()).as("same folder: the rename is atomic").isEqualTo(target);
    assertThat(temp.getFileName().toString()).as("one file per writing process")
        .isEqualTo("tglake-etl.jsa." + ProcessHandle.current().pid() + ".tmp");
    assertThat(EtlClassArchive.writeOptions(temp)).containsExactly("-XX:ArchiveClassesAtExit=" + temp,
        "-Xlog:cds*=off");
    assertThat(EtlClassArchive.checkOptions(temp)).contains("-Xshare:on", "-XX:SharedArchiveFile=" + temp);

    Files.writeString(temp, "archive");
    assertThat(a.publish(temp, List.of("false"))).as("check failed").isFalse();
    assertThat(temp).doesNotExist();
    assertThat(archive).doesNotExist();

    Files.writeString(temp, "archive");
    assertThat(a.publish(temp, List.of("true"))).isTrue();
    assertThat(temp).doesNotExist();
    assertThat(archive).hasContent("archive");

    Files.writeString(temp, "");
    assertThat(a.publish(temp, List.of("true"))).as("an empty file is never an archive").isFalse();
    assertThat(archive).as("the previous archive stays").hasContent("archive");
  }

  private static void touch(Path file, Instant time) throws IOException {
    if (!Files.exists(file)) {
      Files.createFile(file);
    }
    Files.setLastModifiedTime(file, FileTime.from(time));
  }
}
