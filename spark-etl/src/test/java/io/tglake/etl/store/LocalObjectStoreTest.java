package io.tglake.etl.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tglake.etl.store.ObjectStore.ObjectInfo;
import io.tglake.etl.store.ObjectStore.ObjectVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest {

  @TempDir Path root;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void listsKeysWithEqualsSignsRelativeToTheRootInKeyOrderWithSizes() throws Exception {
    try (LocalObjectStore store = new LocalObjectStore(root)) {
      store.put("context_date=2026-11-22/2.json", utf8("{\"update_id\":2}"));
      store.put("context_date=2026-11-22/1.json", utf8("{}"));
      store.put("context_date=2026-11-23/3.json", utf8("{}"));

      List<ObjectInfo> day = store.list("context_date=2026-11-22/");

      assertThat(day)
          .extracting(ObjectInfo::key)
          .containsExactly("context_date=2026-11-22/1.json", "context_date=2026-11-22/2.json");
      assertThat(day).extracting(ObjectInfo::size).containsExactly(2L, 15L);
      assertThat(store.list("")).hasSize(3);
      assertThat(store.list("context_date=2026-11-2"))
          .as("a prefix need not end at a folder")
          .hasSize(3);
    }
  }

  @Test
  void missingPrefixListsNothingAndMissingKeyReadsEmpty() throws Exception {
    try (LocalObjectStore store = new LocalObjectStore(root.resolve("not-there"))) {
      assertThat(store.list("context_date=2026-11-22/")).isEmpty();
      assertThat(store.get("context_date=2026-11-22/1.json")).isEmpty();
      store.delete("context_date=2026-11-22/1.json");
    }
  }

  @Test
  void putIfAbsentCreatesOnceAndNeverOverwrites() throws Exception {
    try (LocalObjectStore store = new LocalObjectStore(root)) {
      assertThat(store.putIfAbsent("a/lease.json", utf8("first"))).isTrue();
      assertThat(store.putIfAbsent("a/lease.json", utf8("second"))).isFalse();
      assertThat(store.get("a/lease.json"))
          .map(b -> new String(b, StandardCharsets.UTF_8))
          .contains("first");
      assertThat(store.list("a/"))
          .as("no temp file left behind")
          .extracting(ObjectInfo::key)
          .containsExactly("a/lease.json");
      try (var files = Files.list(root.resolve("a"))) {
        assertThat(files.count()).isEqualTo(1);
      }
    }
  }

  @Test
  void concurrentPutIfAbsentHasExactlyOneWinner() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (LocalObjectStore store = new LocalObjectStore(root)) {
      List<Future<Boolean>> tries = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        String body = "writer-" + i;
        tries.add(pool.submit(() -> store.putIfAbsent("lease", utf8(body))));
      }
      int winners = 0;
      for (Future<Boolean> f : tries) {
        winners += f.get() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void putReplacesAndDeleteRemoves() throws Exception {
    try (LocalObjectStore store = new LocalObjectStore(root)) {
      store.put("k", utf8("one"));
      store.put("k", utf8("two"));
      assertThat(store.get("k")).map(String::new).contains("two");
      store.delete("k");
      assertThat(store.get("k")).isEmpty();
      assertThat(store.list("")).isEmpty();
    }
  }

  @Test
  void everyLocalObjectIsItsOwnSingleNullVersion() throws Exception {
    try (LocalObjectStore store = new LocalObjectStore(root)) {
      store.put("context_date=2026-11-22/1.json", utf8("{}"));
      List<ObjectVersion> versions = store.listVersions("context_date=2026-11-22/");
      assertThat(versions)
          .extracting(ObjectVersion::key, ObjectVersion::versionId, ObjectVersion::latest)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("context_date=2026-11-22/1.json", "null", true));
      store.deleteVersion("context_date=2026-11-22/1.json", "3HL4kqtJlcpXroDTDmJ");
      assertThat(store.get("context_date=2026-11-22/1.json"))
          .as("an unknown version id is not the file")
          .isPresent();
      store.deleteVersion("context_date=2026-11-22/1.json", "null");
      assertThat(store.get("context_date=2026-11-22/1.json")).isEmpty();
    }
  }

  @Test
  void keysCannotEscapeTheRoot() {
    try (LocalObjectStore store = new LocalObjectStore(root.resolve("lake"))) {
      assertThatThrownBy(() -> store.get("../secret")).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void opensTheStoreTheUriNames() {
    assertThat(ObjectStores.locate("s3a://raw/telegram/"))
        .isEqualTo(new ObjectStores.Location(null, "raw", "telegram/"));
    assertThat(ObjectStores.locate("s3://lake"))
        .isEqualTo(new ObjectStores.Location(null, "lake", ""));
    assertThat(ObjectStores.locate("s3://lake/a/b"))
        .isEqualTo(new ObjectStores.Location(null, "lake", "a/b/"));
    assertThat(ObjectStores.locate(root.toUri().toString()).localRoot()).isEqualTo(root);
    assertThat(ObjectStores.locate("lake/raw").localRoot())
        .isEqualTo(Path.of("lake/raw").toAbsolutePath());
    assertThatThrownBy(() -> ObjectStores.locate("hdfs://nn/x"))
        .hasMessageContaining("unsupported URI scheme");
    try (ObjectStore s = ObjectStores.open(root.toString(), Optional.empty())) {
      assertThat(s).isInstanceOf(LocalObjectStore.class);
    }
  }
}
