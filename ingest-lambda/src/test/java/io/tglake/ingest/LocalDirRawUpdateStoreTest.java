package io.tglake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDirRawUpdateStoreTest {
  @TempDir Path raw;

  @Test
  void createsOnceAndNeverOverwrites() throws Exception {
    LocalDirRawUpdateStore store = new LocalDirRawUpdateStore(raw);
    byte[] first = Fixtures.update("private-text-message.json");
    assertThat(store.putIfAbsent("context_date=2026-11-22/500012345.json", first))
        .isEqualTo(RawUpdateStore.PutResult.CREATED);
    assertThat(
            store.putIfAbsent(
                "context_date=2026-11-22/500012345.json", "{}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(RawUpdateStore.PutResult.ALREADY_EXISTS);
    assertThat(Files.readAllBytes(raw.resolve("context_date=2026-11-22/500012345.json")))
        .isEqualTo(first);
  }

  @Test
  void concurrentDeliveriesOfOneUpdateLeaveExactlyOneCompleteFileAndNoTempFiles() throws Exception {
    LocalDirRawUpdateStore store = new LocalDirRawUpdateStore(raw);
    byte[] body = Fixtures.update("supergroup-text-message.json");
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      for (int round = 0; round < 20; round++) {
        String key = "context_date=2026-11-22/" + round + ".json";
        CountDownLatch go = new CountDownLatch(1);
        List<Future<RawUpdateStore.PutResult>> results = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          results.add(
              pool.submit(
                  () -> {
                    go.await();
                    return store.putIfAbsent(key, body);
                  }));
        }
        go.countDown();
        int created = 0;
        for (Future<RawUpdateStore.PutResult> f : results) {
          created += f.get() == RawUpdateStore.PutResult.CREATED ? 1 : 0;
        }
        assertThat(created).as("round %d: exactly one writer wins", round).isEqualTo(1);
        assertThat(Files.readAllBytes(raw.resolve(key))).isEqualTo(body);
      }
    } finally {
      pool.shutdownNow();
    }
    try (Stream<Path> files = Files.list(raw.resolve("context_date=2026-11-22"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temp files left")
          .hasSize(20)
          .allMatch(n -> n.endsWith(".json") && !n.startsWith("."));
    }
  }

  @Test
  void migrationMarkersLiveOutsideEveryPartition() {
    LocalDirRawUpdateStore store = new LocalDirRawUpdateStore(raw);
    assertThat(store.isMigratedChat(-1002233445566L)).isFalse();
    store.recordChatMigration(-1002233445566L, -4012345678L);
    store.recordChatMigration(-1002233445566L, -4012345678L);
    assertThat(store.isMigratedChat(-1002233445566L)).isTrue();
    assertThat(raw.resolve("_chat_migrations/-1002233445566")).exists();
  }
}
