package io.tglake.etl;

import static io.tglake.etl.RangeLake.D1;
import static io.tglake.etl.RangeLake.D2;
import static io.tglake.etl.RangeLake.D3;
import static io.tglake.etl.RangeLake.D4;
import static io.tglake.etl.RangeLake.D5;
import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.ObjectStores;
import io.tglake.etl.store.S3Settings;
import io.tglake.testkit.S3ProxyServer;
import io.tglake.testkit.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A range in one pass over s3a:// (gaul s3proxy on 127.0.0.1): raw and outgoing read from S3, the
 * days committed through the upload commit, compared row for row with the same days run one by one
 * on the same server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3aRangeIT {

  private final SparkSession spark = SharedSpark.get();
  private S3ProxyServer server;
  private String endpoint;

  @BeforeAll
  void startS3() throws Exception {
    server = S3ProxyServer.start("lake");
    endpoint = server.endpoint();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    conf.set("fs.s3a.access.key", S3ProxyServer.KEY);
    conf.set("fs.s3a.secret.key", S3ProxyServer.SECRET);
    EtlSession.configureS3a(conf, endpoint);
  }

  @AfterAll
  void stopS3() throws Exception {
    FileSystem.closeAll();
    server.close();
  }

  private ObjectStore store(String root) {
    return ObjectStores.open(
        root,
        S3Settings.of(Optional.of(endpoint))
            .withCredentials(S3ProxyServer.KEY, S3ProxyServer.SECRET));
  }

  @Test
  void aRangeOnS3WritesExactlyWhatDayByDayRunsWrite(@TempDir Path local) throws Exception {
    RangeLake.fiveDays(local);
    // Uploaded in name order per day: "received" (last-modified) follows the upload, the same for
    // both runs.
    try (ObjectStore bucket = store("s3a://lake")) {
      for (String layer : List.of("raw", "outgoing")) {
        try (Stream<Path> files = Files.walk(local.resolve(layer))) {
          for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
            bucket.put(
                (layer.equals("raw") ? "telegram/" : "outgoing/")
                    + local.resolve(layer).relativize(f),
                Files.readAllBytes(f));
          }
        }
      }
    }
    List<LocalDate> days = List.of(D1, D2, D3, D4, D5);
    String raw = "s3a://lake/telegram";
    List<String> expected = new ArrayList<>();
    try (ObjectStore byDay = store("s3a://lake/by-day")) {
      for (LocalDate d : days) {
        JobArgs a =
            JobArgs.forDay(raw, "s3a://lake/by-day", d)
                .withS3Endpoint(endpoint)
                .withOutgoing("s3a://lake/outgoing");
        expected.add(
            RangeLake.summary(
                TelegramEtlJob.run(spark, a, byDay, TelegramEtlJob.newRunId(), l -> {}).single()));
      }
    }
    RunResult range;
    try (ObjectStore lake = store("s3a://lake/range")) {
      range =
          TelegramEtlJob.run(
              spark,
              JobArgs.forRange(raw, "s3a://lake/range", D1, D5)
                  .withS3Endpoint(endpoint)
                  .withOutgoing("s3a://lake/outgoing"),
              lake,
              TelegramEtlJob.newRunId(),
              l -> {});
      assertThat(
              lake.list("_runs/").stream()
                  .map(ObjectStore.ObjectInfo::key)
                  .filter(k -> k.endsWith("lease.json"))
                  .toList())
          .as("every lease released on S3")
          .isEmpty();
    }

    assertThat(range.days().stream().map(RangeLake::summary).toList())
        .as("day results")
        .isEqualTo(expected);
    Map<String, List<String>> reference = RangeLake.content(spark, "s3a://lake/by-day", days);
    assertThat(RangeLake.content(spark, "s3a://lake/range", days))
        .as("every table, every day, row for row")
        .isEqualTo(reference);
    assertThat(reference.get("updates/" + D2))
        .as("D2 on S3: 10 and 11, update 3 dropped as D1's redelivery")
        .hasSize(3);
    List<Long> ids =
        spark
            .read()
            .parquet("s3a://lake/range/updates/context_date=" + D2)
            .select("update_id")
            .orderBy("update_id")
            .as(Encoders.LONG())
            .collectAsList();
    assertThat(ids).as("D2's update ids").containsExactly(10L, 11L);
    reference.forEach(
        (partition, rows) ->
            assertThat(partition.startsWith("_quarantine/") || rows.get(0).equals("#files=1"))
                .as("one file in %s: %s", partition, rows.get(0))
                .isTrue());
    assertThat(range.days().stream().map(r -> r.status().name()).toList())
        .as("statuses")
        .containsExactly("SUCCEEDED", "SUCCEEDED", "EMPTY", "EMPTY", "SUCCEEDED");
  }
}
