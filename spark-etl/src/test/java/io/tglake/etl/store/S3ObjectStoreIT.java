package io.tglake.etl.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.etl.store.ObjectStore.ObjectInfo;
import io.tglake.testkit.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/** {@link S3ObjectStore} and {@link ObjectStores} against gaul s3proxy on 127.0.0.1. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3ObjectStoreIT {

  private S3ProxyServer server;

  @BeforeAll
  void start() throws Exception {
    server = S3ProxyServer.start("raw", "many", "lake");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private ObjectStore open(String uri) {
    return ObjectStores.open(uri, TestS3Settings.of(server));
  }

  @Test
  void keysWithEqualsSignsAreRelativeToThePrefixAndCarrySizeAndTime() throws Exception {
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    try (ObjectStore store = open("s3a://raw/telegram")) {
      store.put("context_date=2026-11-22/500000002.json", utf8("{\"update_id\":500000002}"));
      store.put("context_date=2026-11-22/500000001.json", utf8("{ }"));
      store.put("context_date=2026-11-23/500000003.json", utf8("{}"));

      List<ObjectInfo> day = store.list("context_date=2026-11-22/");

      assertThat(day)
          .extracting(ObjectInfo::key)
          .containsExactly(
              "context_date=2026-11-22/500000001.json", "context_date=2026-11-22/500000002.json");
      assertThat(day).extracting(ObjectInfo::size).containsExactly(3L, 23L);
      assertThat(day).allSatisfy(o -> assertThat(o.lastModified()).isAfterOrEqualTo(before));
      assertThat(store.get("context_date=2026-11-22/500000002.json"))
          .map(String::new)
          .contains("{\"update_id\":500000002}");
    }
    try (ObjectStore bucketRoot = open("s3://raw")) {
      assertThat(bucketRoot.list("telegram/context_date=2026-11-23/"))
          .extracting(ObjectInfo::key)
          .containsExactly("telegram/context_date=2026-11-23/500000003.json");
    }
  }

  @Test
  void aRootExistsWhenAKeyIsUnderItsPrefixOrItIsAnExistingBucket() throws Exception {
    try (ObjectStore store = open("s3a://lake/raw-root-check")) {
      assertThat(store.rootExists()).as("no key under the prefix yet: S3 has no folders").isFalse();
      store.put("context_date=2026-11-22/1.json", utf8("{}"));
      assertThat(store.rootExists()).as("one key under it").isTrue();
    }
    try (ObjectStore typo = open("s3a://lake/raw-root-chec")) {
      assertThat(typo.rootExists())
          .as("a prefix of an existing prefix's name is not a root")
          .isFalse();
    }
    try (ObjectStore bucket = open("s3a://lake")) {
      assertThat(bucket.rootExists()).as("an existing bucket").isTrue();
    }
    try (ObjectStore missing = open("s3a://no-such-bucket/telegram")) {
      assertThat(missing.rootExists()).as("a missing bucket").isFalse();
    }
  }

  @Test
  void listsEveryPageBeyondAThousandKeys() throws Exception {
    int n = 1_205;
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try (ObjectStore store = open("s3a://many/telegram")) {
      List<Future<?>> puts = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String key = String.format("context_date=2026-11-22/%d.json", 500_000_000 + i);
        puts.add(
            pool.submit(
                () -> {
                  store.put(key, utf8("{}"));
                  return null;
                }));
      }
      for (Future<?> f : puts) {
        f.get();
      }

      List<ObjectInfo> listed = store.list("context_date=2026-11-22/");

      assertThat(listed).hasSize(n);
      assertThat(listed).extracting(ObjectInfo::key).doesNotHaveDuplicates().isSorted();
      try (S3Client raw = S3ObjectStore.client(TestS3Settings.of(server))) {
        ListObjectsV2Response first = raw.listObjectsV2(r -> r.bucket("many").prefix("telegram/"));
        assertThat(first.isTruncated())
            .as("the server pages at 1,000, so the store followed a continuation")
            .isTrue();
        assertThat(first.contents()).hasSize(1_000);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void missingPrefixAndMissingKey() throws Exception {
    try (ObjectStore store = open("s3a://raw/nothing-here")) {
      assertThat(store.list("context_date=2026-01-01/")).isEmpty();
      assertThat(store.get("context_date=2026-01-01/1.json")).isEmpty();
      store.delete("context_date=2026-01-01/1.json");
    }
  }

  @Test
  void putIfAbsentTwiceWritesOnceAndReportsTheSecondAsTaken() throws Exception {
    try (ObjectStore store = open("s3a://lake/enriched")) {
      assertThat(store.putIfAbsent("_leases/context_date=2026-11-22.json", utf8("run-1"))).isTrue();
      assertThat(store.putIfAbsent("_leases/context_date=2026-11-22.json", utf8("run-2")))
          .isFalse();
      assertThat(store.get("_leases/context_date=2026-11-22.json"))
          .map(String::new)
          .contains("run-1");

      store.delete("_leases/context_date=2026-11-22.json");
      assertThat(store.get("_leases/context_date=2026-11-22.json")).isEmpty();
      assertThat(store.putIfAbsent("_leases/context_date=2026-11-22.json", utf8("run-3"))).isTrue();
    }
  }

  @Test
  void defaultChainCredentialsFromSystemPropertiesReachTheServer() throws Exception {
    // The default chain reads the aws.accessKeyId / aws.secretAccessKey system properties first,
    // then env.
    try (var credentials = S3ProxyServer.defaultChainCredentials();
        ObjectStore store = ObjectStores.open("s3a://raw/chain", Optional.of(server.endpoint()))) {
      store.put("x.json", utf8("{}"));
      assertThat(store.list("")).extracting(ObjectInfo::key).containsExactly("x.json");
    }
  }
}
