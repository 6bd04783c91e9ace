package io.tglake.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The ETL's class-data archive as {@code bin/tglake etl} keeps it: a JDK dynamic AppCDS archive of the classes an
 * ETL run loads, written by one run at its exit and mapped by later runs, which then skip most of loading and
 * verifying ~15k classes from jars (Spark session start 4.8 s → 2.1 s on this project's machine).
 *
 * <p>The rules are bin/tglake's ({@code etl_cds_mode}, {@code run_etl_writing_archive}); keep the two alike so that
 * the bench and {@code bin/tglake etl} keep each other's archive. It is valid while it is newer than everything it
 * was made from: the JVM itself compares only the jars' times and sizes, and on a mismatch silently runs without it,
 * so a stale archive would never be replaced. It is written to a file of the writing process's and renamed into place
 * only after the run exited 0 and a JVM mapped it: a truncated archive does not fall back, it crashes the JVM.
 *
 * @param file the archive ({@code spark-etl/target/tglake-etl.jsa})
 * @param madeFrom the jars of the classpath it is for, spark-etl's {@code classpath.txt} (bin/tglake touches it after
 *     a rebuild) and the JDK's module image
 */
public record EtlClassArchive(Path file, List<Path> madeFrom) {

  /**
   * CDS reports every class it cannot archive (signed jars, pre-Java-6 class files) and a stale archive as
   * {@code [warning]} lines on stdout, where the ETL's metric lines go; a stale archive is then simply not used.
   */
  static final List<String> QUIET = List.of("-Xlog:cds*=off");

  public EtlClassArchive {
    madeFrom = List.copyOf(madeFrom);
  }

  /** Whether the archive exists and is newer than everything it was made from (inputs that are gone are ignored). */
  public boolean isFresh() {
    try {
      FileTime archive = Files.getLastModifiedTime(file);
      for (Path input : madeFrom) {
        try {
          if (Files.getLastModifiedTime(input).compareTo(archive) > 0) {
            return false;
          }
        } catch (NoSuchFileException e) {
          // the JVM rejects the archive itself if a jar it holds classes of is gone
        }
      }
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether a JVM can write the archive: a JVM that cannot (~150 MB) exits 1 whatever the ETL's outcome, so the bench,
   * like bin/tglake, only tries in a writable folder with a gigabyte free.
   */
  boolean canBeWritten() {
    try {
      Path dir = file.toAbsolutePath().getParent();
      return Files.isDirectory(dir) && Files.isWritable(dir) && Files.getFileStore(dir).getUsableSpace() >= 1L << 30;
    } catch (IOException e) {
      return false;
    }
  }

  /** JVM options of a run that maps the archive. */
  List<String> useOptions() {
    List<String> options = new ArrayList<>(List.of("-XX:SharedArchiveFile=" + file));
    options.addAll(QUIET);
    return options;
  }

  /** Where this process has a JVM write the archive before it is renamed into place (one file per writer). */
  Path temp() {
    return file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
  }

  /** JVM options of a run that writes the archive to {@code temp} at its exit. */
  static List<String> writeOptions(Path temp) {
    List<String> options = new ArrayList<>(List.of("-XX:ArchiveClassesAtExit=" + temp));
    options.addAll(QUIET);
    return options;
  }

  /**
   * The JVM options that check a written archive: {@code java <these> -cp <classpath> -version} exits 0 only if the
   * JVM maps it for that classpath ({@code -Xshare:on} turns every reason for not using it into an error).
   */
  static List<String> checkOptions(Path temp) {
    List<String> options = new ArrayList<>(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + temp));
    options.addAll(QUIET);
    options.addAll(List.of("-XX:ErrorFile=/dev/null", "-XX:-CreateCoredumpOnCrash"));
    return options;
  }

  /**
   * Renames {@code temp} into place if {@code check} (a {@link #checkOptions} command) exits 0; deletes it otherwise.
   *
   * @return whether the archive is now in place
   */
  boolean publish(Path temp, List<String> check) {
    try {
      if (Files.isRegularFile(temp) && Files.size(temp) > 0 && exitsZero(check)) {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return true;
      }
      Files.deleteIfExists(temp);
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean exitsZero(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      return p.waitFor() == 0;
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
