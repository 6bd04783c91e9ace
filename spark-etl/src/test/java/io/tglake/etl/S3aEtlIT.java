package io.tglake.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.ObjectStores;
import io.tglake.etl.store.S3Settings;
import io.tglake.testkit.S3ProxyServer;
import io.tglake.testkit.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The job over s3a:// against a real S3-compatible server (gaul s3proxy, in-memory store) on
 * 127.0.0.1: reading the raw day, the tables and quarantine through the upload commit (local mode),
 * run reports through S3A, idempotent rerun.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3aEtlIT {

  private static final String KEY = S3ProxyServer.KEY;
  private static final String SECRET = S3ProxyServer.SECRET;
  private static final LocalDate DAY = LocalDate.parse("2026-11-22");

  private final SparkSession spark = SharedSpark.get();
  private S3ProxyServer server;
  private String endpoint;

  @BeforeAll
  void startS3() throws Exception {
    server = S3ProxyServer.start("lake");
    endpoint = server.endpoint();
    // The S3A default credential chain reads these; the job itself would take them from the
    // environment.
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    conf.set("fs.s3a.access.key", KEY);
    conf.set("fs.s3a.secret.key", SECRET);
    EtlSession.configureS3a(conf, endpoint);
  }

  @AfterAll
  void stopS3() throws Exception {
    FileSystem.closeAll();
    server.close();
  }

  private void put(FileSystem fs, String key, String body) throws Exception {
    try (FSDataOutputStream out = fs.create(new Path("s3a://lake/" + key), true)) {
      out.write(body.getBytes(StandardCharsets.UTF_8));
    }
  }

  private List<String> names(FileSystem fs, String prefix) throws Exception {
    List<String> out = new ArrayList<>();
    for (FileStatus s : fs.listStatus(new Path("s3a://lake/" + prefix))) {
      out.add(s.getPath().getName());
    }
    return out;
  }

  @Test
  void runsADayOnS3aAndRerunsIdempotently() throws Exception {
    FileSystem fs =
        new Path("s3a://lake/").getFileSystem(spark.sparkContext().hadoopConfiguration());
    String day = "telegram/context_date=" + DAY + "/";
    put(fs, day + "1.json", Fixtures.textUpdate(1, "/start"));
    put(fs, day + "2.json", Fixtures.textUpdate(2, "my order is late"));
    put(
        fs,
        day + "3.json",
        "{\"update_id\": 3, \"callback_query\": {\"id\": \"c\", \"from\": "
            + BotApiFixtures.USER
            + ", \"chat_instance\": \"1\", \"data\": \"helpful:yes\"}}");
    put(fs, day + "4.json", "{oops");
    put(
        fs,
        "telegram/context_date=" + DAY.minusDays(1) + "/2.json",
        Fixtures.textUpdate(2, "my order is late"));
    JobArgs args =
        JobArgs.forDay("s3a://lake/telegram", "s3a://lake/enriched", DAY)
            .withS3Endpoint(endpoint)
            .withMaxBadFraction(0.5);

    DayResult first;
    DayResult second;
    // The day lease goes through the ObjectStore port (conditional PUT on the same server); the job
    // would take
    // the credentials from the default chain, the test hands them over explicitly.
    try (ObjectStore lease =
        ObjectStores.open(
            "s3a://lake/enriched",
            S3Settings.of(Optional.of(endpoint)).withCredentials(KEY, SECRET))) {
      first =
          TelegramEtlJob.run(spark, args, lease, "20261123T030000.000Z-run001", line -> {})
              .single();
      second =
          TelegramEtlJob.run(spark, args, lease, "20261123T030500.000Z-run002", line -> {})
              .single();
      assertThat(lease.get("_runs/context_date=" + DAY + "/lease.json"))
          .as("lease released on S3")
          .isEmpty();
    }

    assertThat(first.status())
        .as("first run: %s", first.error())
        .isEqualTo(DayResult.Status.SUCCEEDED);
    assertThat(
            List.of(
                first.objectsRead(),
                first.updates(),
                first.duplicatesDropped(),
                first.quarantined()))
        .as("objects, updates, cross-midnight duplicates, quarantined")
        .containsExactly(4L, 2L, 1L, 1L);
    assertThat(second.rowsPerTable())
        .as("rerun gives the same rows")
        .isEqualTo(first.rowsPerTable());
    for (String t : List.of("messages", "callback_queries", "updates")) {
      assertThat(names(fs, "enriched/" + t + "/context_date=" + DAY))
          .as("exactly one file in %s after rerun", t)
          .hasSize(1)
          .allMatch(n -> n.endsWith(".zstd.parquet"));
    }
    List<Long> ids =
        spark
            .read()
            .parquet("s3a://lake/enriched/updates")
            .orderBy("update_id")
            .select("update_id")
            .as(Encoders.LONG())
            .collectAsList();
    assertThat(ids).as("updates read back over s3a").containsExactly(1L, 3L);
    assertThat(spark.read().json("s3a://lake/enriched/_quarantine/context_date=" + DAY).count())
        .as("quarantine on s3a")
        .isEqualTo(1);
    assertThat(names(fs, "enriched/_runs/context_date=" + DAY)).as("a report per run").hasSize(2);
  }
}
