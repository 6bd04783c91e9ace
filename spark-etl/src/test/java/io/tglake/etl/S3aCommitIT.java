package io.tglake.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.ObjectStores;
import io.tglake.etl.store.S3Settings;
import io.tglake.etl.store.TestS3Settings;
import io.tglake.testkit.FaultProxy;
import io.tglake.testkit.S3ProxyServer;
import io.tglake.testkit.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The job's write path over s3a:// in local mode against gaul s3proxy behind {@link FaultProxy},
 * which logs every request of the run (S3A's and the SDK's): one object per table per day under a
 * fixed name, one PUT each, no server-side copy anywhere in the run, exact reruns, and a failed
 * upload that leaves the previous day readable.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3aCommitIT {

  private static final LocalDate DAY = LocalDate.parse("2026-11-22");
  private static final String BUCKET = "commitlake";
  private static final String ENRICHED = "s3a://" + BUCKET + "/enriched";
  private static final String PART = UploadCommit.PARQUET_NAME;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SparkSession spark = SharedSpark.get();
  private S3ProxyServer server;
  private FaultProxy proxy;

  /** The lake as the job sees it: through the proxy, 2 attempts per request. */
  private ObjectStore lake;

  /** The lake straight from the server: test setup and inspection, never in the proxy's log. */
  private ObjectStore direct;

  private Path raw;
  private int runs;

  @BeforeAll
  void start() throws Exception {
    FileSystem.closeAll(); // no S3A instance cached with another test's endpoint
    server = S3ProxyServer.start(BUCKET);
    proxy = new FaultProxy(server.port());
    lake =
        ObjectStores.open(
            ENRICHED,
            new S3Settings(proxy.endpoint(), S3ProxyServer.KEY, S3ProxyServer.SECRET, 16, 2));
    direct = ObjectStores.open(ENRICHED, TestS3Settings.of(server));
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    conf.set("fs.s3a.access.key", S3ProxyServer.KEY);
    conf.set("fs.s3a.secret.key", S3ProxyServer.SECRET);
    EtlSession.configureS3a(conf, proxy.endpoint());
    raw = Files.createTempDirectory("tglake-commit-raw-");
  }

  @AfterAll
  void stop() throws Exception {
    FileSystem.closeAll();
    lake.close();
    direct.close();
    proxy.close();
    server.close();
    UploadCommit.deleteTree(raw);
  }

  @BeforeEach
  void freshDay() throws Exception {
    for (ObjectStore.ObjectInfo o : direct.list("")) {
      direct.delete(o.key());
    }
    UploadCommit.deleteTree(raw);
    rawObject(
        "1.json",
        BotApiFixtures.update(
            1,
            "message",
            BotApiFixtures.msg(
                11,
                BotApiFixtures.PRIVATE,
                "\"text\": \"/start\", \"entities\": [{\"type\": \"bot_command\", \"offset\": 0, \"length\": 6}]")));
    rawObject("2.json", Fixtures.textUpdate(2, "my order is late"));
    rawObject(
        "3.json",
        BotApiFixtures.update(
            3,
            "callback_query",
            "{\"id\": \"c\", \"from\": "
                + BotApiFixtures.USER
                + ", \"chat_instance\": \"1\", \"data\": \"helpful:yes\"}"));
    rawObject(
        "4.json",
        BotApiFixtures.update(
            4,
            "message",
            BotApiFixtures.msg(
                14,
                BotApiFixtures.GROUP,
                "\"new_chat_members\": [{\"id\": 43, \"is_bot\": false, \"first_name\": \"Bia\"}]")));
    rawObject("5.json", "{oops");
    proxy.reset();
  }

  private void rawObject(String name, String body) throws Exception {
    Fixtures.writeRaw(raw, DAY, name, body, Fixtures.RECEIVED);
  }

  private DayResult runDay() {
    JobArgs args =
        JobArgs.forDay(raw.toString(), ENRICHED, DAY)
            .withS3Endpoint(proxy.endpoint())
            .withMaxBadFraction(0.5);
    runs++;
    return TelegramEtlJob.run(
            spark, args, lake, "20261123T0300%02d.000Z-run%03d".formatted(runs, runs), line -> {})
        .single();
  }

  private static String partition(String table) {
    return table + "/context_date=" + DAY + "/";
  }

  /** Keys under each table's day partition, and the quarantine's. */
  private Map<String, List<String>> partitionKeys() throws Exception {
    Map<String, List<String>> keys = new LinkedHashMap<>();
    for (String t : DayRun.TABLE_DIRS) {
      keys.put(t, direct.list(partition(t)).stream().map(ObjectStore.ObjectInfo::key).toList());
    }
    return keys;
  }

  /**
   * Rows of the day's partition of each table, read over s3a (a table without the partition has
   * none).
   */
  private Map<String, Long> rowsReadBack() throws Exception {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String t : Tables.NAMES) {
      rows.put(
          t,
          direct.list(partition(t)).isEmpty()
              ? 0L
              : spark.read().parquet(ENRICHED + "/" + partition(t)).count());
    }
    return rows;
  }

  /** PUTs of the run that stored an object under {@code prefix} (copies are counted apart). */
  private List<String> putsUnder(String prefix) {
    List<String> paths = new ArrayList<>();
    for (FaultProxy.Request r : proxy.log()) {
      if (r.method().equals("PUT")
          && !r.copy()
          && r.path().startsWith("/" + BUCKET + "/enriched/" + prefix)) {
        paths.add(r.path());
      }
    }
    return paths;
  }

  private void assertOnePutPerPartitionAndNoCopies(String run, Map<String, Long> rows) {
    assertThat(proxy.copies())
        .as("%s: server-side copies (CopyObject/UploadPartCopy) in the whole run", run)
        .isZero();
    for (String t : Tables.NAMES) {
      assertThat(putsUnder(partition(t)))
          .as("%s: PUTs into %s", run, partition(t))
          .hasSize(rows.get(t) > 0 ? 1 : 0);
    }
    assertThat(putsUnder(partition("_quarantine")))
        .as("%s: the quarantine's one PUT", run)
        .containsExactly(
            "/" + BUCKET + "/enriched/" + partition("_quarantine") + UploadCommit.JSON_NAME);
  }

  @Test
  void writesOneFixedPartPerTableWithOnePutAndNoCopiesAndARerunReplacesIt() throws Exception {
    String foreign =
        partition("messages") + "part-00000-8d1f0c2e-6a7b-4e59-9a51-0c7d3e2f1a4b.c000.zstd.parquet";
    String otherDay = "messages/context_date=" + DAY.minusDays(1) + "/" + PART;
    direct.put(foreign, "written by Spark's commit before".getBytes(StandardCharsets.UTF_8));
    direct.put(otherDay, "another day".getBytes(StandardCharsets.UTF_8));
    Map<String, Long> expected =
        Map.of(
            "messages",
            3L,
            "message_entities",
            1L,
            "callback_queries",
            1L,
            "chat_member_updates",
            1L,
            "updates",
            4L);

    DayResult first = runDay();

    assertThat(first.status())
        .as("first run: %s", first.error())
        .isEqualTo(DayResult.Status.SUCCEEDED);
    assertThat(first.quarantined()).isEqualTo(1);
    Map<String, List<String>> keys = partitionKeys();
    for (String t : DayRun.TABLE_DIRS) {
      String name = t.equals("_quarantine") ? UploadCommit.JSON_NAME : PART;
      assertThat(keys.get(t))
          .as("objects under %s (the foreign-named old part is gone)", partition(t))
          .containsExactly(partition(t) + name);
    }
    assertOnePutPerPartitionAndNoCopies("first run", expected);
    assertThat(direct.get(otherDay)).as("the day before is another partition").isPresent();
    Map<String, Long> withBot = new LinkedHashMap<>(expected);
    withBot.put(BotMessages.TABLE, 0L); // no outgoing records beside this raw folder
    assertThat(first.rowsPerTable()).as("rows per table").isEqualTo(withBot);
    assertThat(rowsReadBack()).as("rows read back over s3a").isEqualTo(expected);
    assertThat(spark.read().json(ENRICHED + "/" + partition("_quarantine")).count()).isEqualTo(1);

    proxy.reset();
    DayResult second = runDay();

    assertThat(second.status())
        .as("rerun: %s", second.error())
        .isEqualTo(DayResult.Status.SUCCEEDED);
    assertThat(partitionKeys()).as("the rerun replaces, same keys").isEqualTo(keys);
    assertOnePutPerPartitionAndNoCopies("rerun", expected);
    assertThat(rowsReadBack()).as("rows after the rerun: replaced, not added").isEqualTo(expected);
  }

  @Test
  void aDayThatLosesItsCallbacksOnRerunHasThatPartitionRemoved() throws Exception {
    assertThat(runDay().rows("callback_queries")).isEqualTo(1);
    Files.delete(raw.resolve("context_date=" + DAY).resolve("3.json"));
    proxy.reset();

    DayResult rerun = runDay();

    assertThat(rerun.status()).as("rerun: %s", rerun.error()).isEqualTo(DayResult.Status.SUCCEEDED);
    assertThat(rerun.rows("callback_queries")).isZero();
    assertThat(partitionKeys().get("callback_queries"))
        .as("no callbacks that day: no partition")
        .isEmpty();
    assertThat(putsUnder(partition("callback_queries"))).isEmpty();
    assertThat(proxy.copies()).isZero();
    assertThat(rowsReadBack()).containsEntry("callback_queries", 0L).containsEntry("updates", 3L);
  }

  @Test
  void aFailedUploadLeavesThePreviousDayInPlaceAndTheNextRunReplacesIt() throws Exception {
    assertThat(runDay().status()).isEqualTo(DayResult.Status.SUCCEEDED);
    byte[] before = direct.get(partition("messages") + PART).orElseThrow();
    rawObject("6.json", Fixtures.textUpdate(6, "still waiting"));
    proxy.failPuts(
        "/" + partition("messages") + PART, 2, 500); // both attempts of the store's one PUT

    DayResult failed = runDay();

    assertThat(failed.status()).isEqualTo(DayResult.Status.FAILED);
    assertThat(direct.list(partition("messages")))
        .extracting(ObjectStore.ObjectInfo::key)
        .as("the old day is still the partition's only object")
        .containsExactly(partition("messages") + PART);
    assertThat(direct.get(partition("messages") + PART)).as("and unchanged").hasValue(before);
    Map<String, Long> rows = rowsReadBack();
    assertThat(rows.get("messages")).as("readers still see the old day").isEqualTo(3L);
    assertThat(rows.get("updates"))
        .as("tables whose upload succeeded hold the new day")
        .isEqualTo(5L);
    JsonNode report = JSON.readTree(direct.get(latestReport()).orElseThrow());
    assertThat(report.get("status").asText()).isEqualTo("FAILED");
    List<String> written = new ArrayList<>();
    report.get("tables_written").forEach(n -> written.add(n.asText()));
    assertThat(written)
        .as("the report names the tables this run replaced")
        .containsExactly("message_entities", "callback_queries", "chat_member_updates", "updates");

    DayResult next = runDay();

    assertThat(next.status())
        .as("next run: %s", next.error())
        .isEqualTo(DayResult.Status.SUCCEEDED);
    assertThat(rowsReadBack()).containsEntry("messages", 4L).containsEntry("updates", 5L);
  }

  private String latestReport() throws Exception {
    List<String> reports =
        direct.list("_runs/context_date=" + DAY + "/").stream()
            .map(ObjectStore.ObjectInfo::key)
            .filter(k -> !k.endsWith("lease.json"))
            .sorted()
            .toList();
    return reports.get(reports.size() - 1);
  }
}
