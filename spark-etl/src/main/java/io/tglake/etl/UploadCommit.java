package io.tglake.etl;

import io.tglake.contract.LakeLayout;
import io.tglake.etl.store.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The commit of a single-file partition without renames, for an {@code s3://}/{@code s3a://} lake
 * written by Spark in local mode (the CLI, local runs against S3-compatible servers). S3 has no
 * rename: Spark's classic committer would copy the file at task commit, at job commit and again for
 * the dynamic-overwrite move. Here Spark writes to a local folder ({@link #stage}), and {@link
 * #replace} makes that one file the partition's whole content: one PUT to a fixed key, then a
 * DELETE of every other object under the partition's prefix.
 *
 * <p><b>Crash safety.</b> A PUT replaces an object atomically: a reader sees the old body or the
 * new one, never a mix or nothing. Because the name is fixed, a partition this class wrote before
 * holds exactly that key, so a rerun, or a crash at any point of one, leaves the partition old or
 * new, never empty or doubled. A partition last written under another name (Spark's {@code
 * part-00000-<uuid>.c000…} from an older run or from EMR) is the one case S3 cannot switch
 * atomically: the PUT comes first, so the day is never missing, and a crash between the PUT and the
 * clean-up leaves the old file next to the new one (the run report stays {@code RUNNING}) until the
 * next run of the day removes it. A day with no rows deletes the partition's objects; a crash
 * part-way leaves some of them, and the rerun deletes the rest.
 */
final class UploadCommit {

  /** A table's day on this path: fixed, so that the next run's PUT replaces it in one step. */
  static final String PARQUET_NAME = "part-00000.zstd.parquet";

  /** The quarantine's day on this path (JSON lines, uncompressed as on the Spark path). */
  static final String JSON_NAME = "part-00000.json";

  private final ObjectStore lake;

  /**
   * @param lake the enriched lake; keys are {@link LakeLayout#tablePrefix} then a file name
   */
  UploadCommit(ObjectStore lake) {
    this.lake = lake;
  }

  /**
   * Whether a lake should be written through this class rather than Spark's committer: an S3 lake
   * and every task in this JVM, so a local folder can stand in for the task output. Elsewhere
   * Spark's commit stays — on EMR its own commit protocol writes S3 without renames; a local lake
   * renames for free.
   */
  static boolean appliesTo(SparkSession spark, String lakeRoot) {
    return (lakeRoot.startsWith("s3://") || lakeRoot.startsWith("s3a://"))
        && spark.sparkContext().isLocal();
  }

  /** A fresh local folder for one write; the caller deletes it with {@link #deleteTree}. */
  static Path stage(String label) throws IOException {
    return Files.createTempDirectory("tglake-" + label + "-");
  }

  /**
   * Makes {@code file} the only object under {@code partitionPrefix} (as {@code partitionPrefix +
   * name}), or, when empty, removes every object there: one PUT, then one list and a DELETE per
   * other key.
   *
   * @param partitionPrefix a {@link LakeLayout#tablePrefix}, e.g. the messages of one day
   * @return the object names now in the partition: {@code [name]}, or none
   */
  List<String> replace(String partitionPrefix, String name, Optional<Path> file)
      throws IOException {
    if (!partitionPrefix.endsWith("/")) {
      throw new IllegalArgumentException("partition prefix must end with /: " + partitionPrefix);
    }
    String target = partitionPrefix + name;
    if (file.isPresent()) {
      lake.put(target, file.get());
    }
    // Listed after the PUT, so the clean-up sees everything an earlier run or another path left
    // there.
    for (ObjectStore.ObjectInfo o : lake.list(partitionPrefix)) {
      if (file.isEmpty() || !o.key().equals(target)) {
        lake.delete(o.key());
      }
    }
    return file.isPresent() ? List.of(name) : List.of();
  }

  /**
   * Writes {@code rows} as one JSON-lines file and makes it the partition's only object ({@link
   * #replace}). For the quarantine: small, written once per day before the tables.
   */
  void replaceWithJsonLines(Dataset<Row> rows, String partitionPrefix) throws IOException {
    Path staging = stage("json");
    try {
      Path out = staging.resolve("out");
      rows.coalesce(1)
          .write()
          .mode(SaveMode.ErrorIfExists)
          .option("compression", "none")
          .json(out.toString());
      replace(partitionPrefix, JSON_NAME, singleFile(out, ".json"));
    } finally {
      deleteTree(staging);
    }
  }

  /**
   * The one data file Spark wrote in {@code dir} (names ending in {@code suffix}; Hadoop's hidden
   * {@code .crc} and {@code _SUCCESS} files are not data), or empty when the folder does not exist
   * (a partitioned write of no rows).
   */
  static Optional<Path> singleFile(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    List<Path> data = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files
          .filter(
              f -> {
                String n = f.getFileName().toString();
                return n.endsWith(suffix) && !n.startsWith(".") && !n.startsWith("_");
              })
          .forEach(data::add);
    }
    if (data.size() > 1) {
      throw new IOException(
          "expected one " + suffix + " file in " + dir + " (a coalesce(1) write), found " + data);
    }
    return data.stream().findFirst();
  }

  /** Deletes a local folder and everything in it; a missing folder is fine. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
