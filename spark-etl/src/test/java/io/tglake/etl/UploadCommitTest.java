package io.tglake.etl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tglake.etl.store.LocalObjectStore;
import io.tglake.etl.store.ObjectStore;
import io.tglake.testkit.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partition replace of the upload commit, on a local object store (same calls as on S3; no
 * Spark).
 */
class UploadCommitTest {

  private static final String DAY = "messages/context_date=2026-11-22/";

  @TempDir Path lakeDir;

  @TempDir Path staging;

  private final List<String> untouched =
      List.of(
          "messages/context_date=2026-11-21/part-00000.zstd.parquet",
          "messages/context_date=2026-11-2/part-00000.zstd.parquet",
          "updates/context_date=2026-11-22/part-00000.zstd.parquet");

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private ObjectStore lakeWithOtherPartitions() throws IOException {
    ObjectStore lake = new LocalObjectStore(lakeDir);
    for (String key : untouched) {
      lake.put(key, utf8("other"));
    }
    return lake;
  }

  private List<String> keys(ObjectStore lake, String prefix) throws IOException {
    return lake.list(prefix).stream().map(ObjectStore.ObjectInfo::key).toList();
  }

  @Test
  void replacesThePartitionWithTheOneFixedKeyAndRemovesForeignFiles() throws Exception {
    try (ObjectStore lake = lakeWithOtherPartitions()) {
      lake.put(DAY + "part-00000.zstd.parquet", utf8("previous run"));
      lake.put(
          DAY + "part-00000-8d1f0c2e-6a7b-4e59-9a51-0c7d3e2f1a4b.c000.zstd.parquet",
          utf8("spark commit"));
      Path file = Files.writeString(staging.resolve("part-00000-x.c000.zstd.parquet"), "new day");

      List<String> names =
          new UploadCommit(lake).replace(DAY, UploadCommit.PARQUET_NAME, Optional.of(file));

      assertThat(names).containsExactly("part-00000.zstd.parquet");
      assertThat(keys(lake, DAY))
          .as("one object, the fixed name")
          .containsExactly(DAY + "part-00000.zstd.parquet");
      assertThat(lake.get(DAY + "part-00000.zstd.parquet"))
          .map(b -> new String(b, StandardCharsets.UTF_8))
          .contains("new day");
      for (String key : untouched) {
        assertThat(lake.get(key)).as("%s is another partition", key).isPresent();
      }
    }
  }

  @Test
  void aDayWithoutRowsRemovesEveryObjectOfItsPartitionOnly() throws Exception {
    try (ObjectStore lake = lakeWithOtherPartitions()) {
      lake.put(DAY + "part-00000.zstd.parquet", utf8("previous run"));
      lake.put(DAY + "part-00001-old.c000.zstd.parquet", utf8("older"));

      List<String> names =
          new UploadCommit(lake).replace(DAY, UploadCommit.PARQUET_NAME, Optional.empty());

      assertThat(names).isEmpty();
      assertThat(keys(lake, DAY)).isEmpty();
      assertThat(keys(lake, "")).containsExactlyInAnyOrderElementsOf(untouched);
    }
  }

  @Test
  void refusesAPrefixThatIsNotAFolder() throws Exception {
    try (ObjectStore lake = new LocalObjectStore(lakeDir)) {
      assertThatThrownBy(
              () ->
                  new UploadCommit(lake)
                      .replace(
                          "messages/context_date=2026-11-2",
                          UploadCommit.PARQUET_NAME,
                          Optional.empty()))
          .as("context_date=2026-11-2 would also match the 20th to the 29th")
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void findsTheOneDataFileSparkWroteAndNothingForAMissingFolder() throws Exception {
    Path dir = Files.createDirectories(staging.resolve("context_date=2026-11-22"));
    Files.writeString(dir.resolve(".part-00000-x.c000.zstd.parquet.crc"), "crc");
    Files.writeString(dir.resolve("_SUCCESS"), "");
    Path data = Files.writeString(dir.resolve("part-00000-x.c000.zstd.parquet"), "data");

    assertThat(UploadCommit.singleFile(dir, ".parquet")).contains(data);
    assertThat(UploadCommit.singleFile(staging.resolve("context_date=2026-11-23"), ".parquet"))
        .as("a partitioned write of no rows creates no folder")
        .isEmpty();

    Files.writeString(dir.resolve("part-00001-y.c000.zstd.parquet"), "data");
    assertThatThrownBy(() -> UploadCommit.singleFile(dir, ".parquet"))
        .as("two files: not a coalesce(1) write")
        .isInstanceOf(IOException.class);
  }

  @Test
  void appliesToS3LakesOnlyWhenSparkRunsInThisJvm() {
    var spark = SharedSpark.get();
    assertThat(UploadCommit.appliesTo(spark, "s3a://lake/enriched")).isTrue();
    assertThat(UploadCommit.appliesTo(spark, "s3://lake/enriched")).isTrue();
    assertThat(UploadCommit.appliesTo(spark, "file:/tmp/lake/enriched")).isFalse();
  }
}
