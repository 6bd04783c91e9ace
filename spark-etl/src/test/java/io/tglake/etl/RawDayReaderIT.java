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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The raw reader against gaul s3proxy behind {@link FaultProxy} (real HTTP, real SDK client; faults
 * are HTTP answers, not a mocked client): one GET per object and no HEAD, objects deleted between
 * list and GET, 503 SlowDown that succeeds on retry, persistent failures, empty and missing days,
 * and the job's report of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RawDayReaderIT {

  private static final LocalDate DAY = LocalDate.parse("2026-11-22");
  private static final String RAW = "s3a://raw/telegram";
  private static final int OBJECTS = 40;

  private final SparkSession spark = SharedSpark.get();
  private S3ProxyServer server;
  private FaultProxy proxy;
  private ObjectStore direct;

  @BeforeAll
  void start() throws Exception {
    server = S3ProxyServer.start("raw");
    proxy = new FaultProxy(server.port());
    direct = ObjectStores.open(RAW, TestS3Settings.of(server));
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    conf.set("fs.s3a.access.key", S3ProxyServer.KEY);
    conf.set("fs.s3a.secret.key", S3ProxyServer.SECRET);
  }

  @AfterAll
  void stop() throws Exception {
    direct.close();
    proxy.close();
    server.close();
  }

  @BeforeEach
  void freshDay() throws Exception {
    for (ObjectStore.ObjectInfo o : direct.list("")) {
      direct.delete(o.key());
    }
    for (int i = 0; i < OBJECTS; i++) {
      direct.put(key(i), body(i));
    }
    proxy.reset();
  }

  private static String key(int i) {
    return "context_date=" + DAY + "/" + (500_000_000 + i) + ".json";
  }

  private static byte[] body(int i) {
    return ("{\"update_id\":"
            + (500_000_000 + i)
            + ",\"message\":{\"message_id\":"
            + i
            + ",\"date\":1795000000,"
            + "\"chat\":{\"id\":-100,\"type\":\"supergroup\"},\"from\":{\"id\":7,\"is_bot\":false,\"first_name\":\"A\"},"
            + "\"text\":\"hi "
            + i
            + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private RawDayReader reader(int maxAttempts) {
    return new RawDayReader(
        spark,
        RAW,
        new S3Settings(proxy.endpoint(), S3ProxyServer.KEY, S3ProxyServer.SECRET, 16, maxAttempts),
        8,
        new ObjectMapper());
  }

  @Test
  void readsEveryObjectWithOneGetEachAndNoHead() throws Exception {
    direct.put("context_date=" + DAY + "/_SUCCESS", new byte[0]);
    RawDayReader.Read read = reader(8).read(DAY);
    List<Row> rows = read.rows().collectAsList();

    assertThat(read.listed())
        .as("hidden names are skipped, like Spark's file sources")
        .isEqualTo(OBJECTS);
    assertThat(rows).hasSize(OBJECTS);
    assertThat(read.unreadable()).isEmpty();
    assertThat(rows)
        .extracting(r -> r.getString(1))
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.IntStream.range(0, OBJECTS)
                .mapToObj(i -> RAW + "/" + key(i))
                .toList());
    Row first =
        rows.stream().filter(r -> r.getString(1).endsWith(key(3))).findFirst().orElseThrow();
    assertThat(first.getString(0)).isEqualTo(new String(body(3), StandardCharsets.UTF_8));
    assertThat(first.getTimestamp(2)).isNotNull();
    assertThat(proxy.requests("GET"))
        .as("one ListObjectsV2 page + one GET per object")
        .isEqualTo(OBJECTS + 1);
    assertThat(proxy.requests("HEAD")).isZero();
  }

  @Test
  void anObjectDeletedBetweenListAndGetIsReportedNotRead() throws Exception {
    RawDayReader.Read read = reader(8).read(DAY);
    direct.delete(key(17));

    long rows = read.rows().count();

    assertThat(read.listed()).isEqualTo(OBJECTS);
    assertThat(rows).isEqualTo(OBJECTS - 1);
    assertThat(read.unreadable()).containsOnlyKeys(key(17));
    assertThat(read.unreadable().get(key(17))).contains("vanished between list and get");
  }

  @Test
  void slowDownAnswersAreRetriedUntilTheGetSucceeds() throws Exception {
    proxy.failGets(key(1), 2, 503);
    proxy.failGets(key(20), 2, 503);
    proxy.failGets(key(39), 3, 500);

    RawDayReader.Read read = reader(8).read(DAY);
    long rows = read.rows().count();

    assertThat(rows).isEqualTo(OBJECTS);
    assertThat(read.unreadable()).isEmpty();
    assertThat(proxy.injected()).isEqualTo(7);
    assertThat(proxy.requests("GET")).isEqualTo(OBJECTS + 1 + 7);
  }

  @Test
  void anObjectStillFailingAfterTheRetriesIsReportedWithItsKey() throws Exception {
    proxy.failGets(key(5), 1_000, 500);

    RawDayReader.Read read = reader(3).read(DAY);
    long rows = read.rows().count();

    assertThat(rows).isEqualTo(OBJECTS - 1);
    assertThat(read.unreadable()).containsOnlyKeys(key(5));
    assertThat(read.unreadable().get(key(5))).contains("500");
    assertThat(proxy.injected()).as("3 attempts, then give up").isEqualTo(3);
  }

  @Test
  void emptyAndMissingDaysListNothing() throws Exception {
    direct.put("context_date=2026-11-20/_SUCCESS", new byte[0]);
    RawDayReader.Read empty = reader(8).read(LocalDate.parse("2026-11-20"));
    RawDayReader.Read missing = reader(8).read(LocalDate.parse("2026-11-21"));

    assertThat(empty.listed()).isZero();
    assertThat(empty.rows().count()).isZero();
    assertThat(missing.listed()).isZero();
    assertThat(missing.rows().count()).isZero();
    assertThat(proxy.requests("HEAD")).isZero();
  }

  @Test
  void theJobReportsUnreadableObjectsAndCountsThemAsBad(@TempDir Path enriched) throws Exception {
    proxy.failGets(key(9), 1_000, 500);

    DayResult day =
        TelegramEtlJob.run(
                spark,
                JobArgs.forDay(RAW, enriched.toString(), DAY)
                    .withS3Endpoint(proxy.endpoint())
                    .withMaxBadFraction(0.0))
            .single();

    assertThat(day.status()).isEqualTo(DayResult.Status.FAILED);
    assertThat(day.unreadable()).containsOnlyKeys(key(9));
    assertThat(day.error()).hasValueSatisfying(e -> assertThat(e).contains("1 unreadable"));
    assertThat(Files.exists(enriched.resolve("messages"))).as("no table touched").isFalse();
    Path reports = enriched.resolve("_runs/context_date=" + DAY);
    Set<JsonNode> written = new HashSet<>();
    try (Stream<Path> files = Files.list(reports)) {
      for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
        written.add(new ObjectMapper().readTree(f.toFile()));
      }
    }
    assertThat(written)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.get("status").asText()).isEqualTo("FAILED");
              assertThat(r.get("unreadable").asInt()).isEqualTo(1);
              assertThat(r.get("unreadable_objects").has(key(9))).isTrue();
            });
  }
}
