package io.tglake.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.contract.DdlRenderer;
import io.tglake.etl.JobArgs;
import io.tglake.etl.RunResult;
import io.tglake.etl.TelegramEtlJob;
import io.tglake.sample.RawDirectorySink;
import io.tglake.sample.SupportBotTraffic;
import io.tglake.sample.TrafficSpec;
import io.tglake.sql.trino.LocalTrino;
import io.tglake.sql.trino.TrinoLake;
import io.tglake.sql.trino.TrinoQueryRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The lake every IT of this module queries, built once per test JVM: the hand-written raw fixture
 * ({@code src/test/resources/raw}, two UTC days, four users, answers worked out in QueriesIT) is
 * run through the REAL ETL ({@link TelegramEtlJob#run}) with a shared Spark session (Hive support
 * on, for the DDL check), then ONE Trino server is started over the enriched output and the tables
 * are registered from the contract's DDL ({@code contract/src/main/resources/tglake/ddl}).
 */
final class ItLake {

  static final LocalDate DAY1 = LocalDate.parse("2026-11-20");
  static final LocalDate DAY2 = LocalDate.parse("2026-11-21");

  /**
   * Generated traffic (io.tglake.sample) for the notebook and the bytes-read figure: realistic
   * volume.
   */
  static final LocalDate GEN_FROM = LocalDate.parse("2026-11-10");

  static final LocalDate GEN_TO = LocalDate.parse("2026-11-11");
  static final int GEN_UPDATES_PER_DAY = 3000;
  static final String SCHEMA = "tglake";
  static final String TZ = "America/Sao_Paulo";

  private static ItLake instance;

  final Path root;
  final Path raw;
  final Path enriched;
  final SparkSession spark;
  final LocalTrino trino;
  final TrinoLake tables;

  private ItLake(Path root, SparkSession spark, LocalTrino trino) {
    this.root = root;
    this.raw = root.resolve("raw");
    this.enriched = root.resolve("enriched");
    this.spark = spark;
    this.trino = trino;
    this.tables = new TrinoLake(enriched, DdlRenderer.bundled());
  }

  /** The shared lake; the first call builds it (ETL ~20 s, Trino ~10 s). */
  static synchronized ItLake get() {
    if (instance == null) {
      instance = build();
    }
    return instance;
  }

  private static ItLake build() {
    Path root = Path.of("target", "it-lake").toAbsolutePath();
    deleteRecursively(root);
    Path raw = root.resolve("raw");
    copyFixture(Path.of("src/test/resources/raw"), raw);
    // What the bot said on the fixture days, in the ETL's default outgoing folder beside raw.
    copyFixture(Path.of("src/test/resources/outgoing"), root.resolve("outgoing"));
    setReceivedTimes(
        raw,
        Path.of("src/test/resources/raw-received-at.tsv"),
        raw.resolve("context_date=" + DAY1),
        raw.resolve("context_date=" + DAY2));

    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("tglake-sql-it")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.warehouse.dir", root.resolve("spark-warehouse").toString())
            .config(
                "spark.hadoop.javax.jdo.option.ConnectionURL",
                "jdbc:derby:;databaseName=" + root.resolve("metastore_db") + ";create=true")
            .enableHiveSupport()
            .getOrCreate();
    RunResult result =
        TelegramEtlJob.run(
            spark,
            JobArgs.forRange(raw.toString(), root.resolve("enriched").toString(), DAY1, DAY2));
    assertThat(result.ok()).as("the real ETL must process both fixture days: %s", result).isTrue();

    // Far from the fixture days, so no fixture answer depends on them.
    try (RawDirectorySink sink = new RawDirectorySink(raw, 2)) {
      // With what the simulated bot says (outgoing records beside raw): the notebook's
      // response-time section.
      new SupportBotTraffic(
              new TrafficSpec(
                  GEN_FROM, 2, GEN_UPDATES_PER_DAY, 20261110L, TrafficSpec.DEFAULT_ZONE))
          .generate(sink, r -> r.writeTo(root.resolve("outgoing")));
    }
    RunResult generated =
        TelegramEtlJob.run(
            spark,
            JobArgs.forRange(
                raw.toString(), root.resolve("enriched").toString(), GEN_FROM, GEN_TO.plusDays(1)));
    assertThat(generated.ok())
        .as("the real ETL must process the generated days: %s", generated)
        .isTrue();

    LocalTrino trino =
        LocalTrino.start(
            LocalTrino.installation(System.getenv()),
            LocalTrino.findJavaHome(System.getenv()),
            root.resolve("enriched"),
            root.resolve("trino"),
            Duration.ofMinutes(3));
    ItLake lake = new ItLake(root, spark, trino);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  trino.close();
                  spark.stop();
                },
                "it-lake-shutdown"));
    try (Connection c = lake.connect()) {
      lake.tables.register(c, SCHEMA, TZ);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot register the lake in Trino", e);
    }
    return lake;
  }

  Connection connect() throws SQLException {
    return trino.connect(SCHEMA);
  }

  /** Runs a library query with the window bound. */
  QueryResult query(String name, LocalDate from, LocalDate to) {
    String sql =
        new QueryParameters(from, to)
            .bind(new QueryLibrary(java.util.Optional.of(Path.of("queries"))).load(name).sql());
    try (Connection c = connect()) {
      return new TrinoQueryRunner(c).run(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("query " + name + " failed: " + e.getMessage(), e);
    }
  }

  /** Sum of the raw JSON object sizes of one UTC day. */
  long rawBytes(LocalDate day) {
    try (Stream<Path> files = Files.list(raw.resolve("context_date=" + day))) {
      return files.filter(p -> p.toString().endsWith(".json")).mapToLong(ItLake::size).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copyFixture(Path from, Path to) {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The ETL takes received_at / callback sent_at from the raw object's last-modified time; a git
   * checkout sets arbitrary times, so the fixture lists the arrival time of every object.
   */
  private static void setReceivedTimes(Path raw, Path tsv, Path... fixtureDays) {
    try {
      List<String> lines = Files.readAllLines(tsv);
      int set = 0;
      for (String line : lines) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\t");
        Files.setLastModifiedTime(raw.resolve(parts[0]), FileTime.from(Instant.parse(parts[1])));
        set++;
      }
      long objects = 0;
      for (Path day : fixtureDays) {
        try (Stream<Path> files = Files.list(day)) {
          objects += files.filter(p -> p.toString().endsWith(".json")).count();
        }
      }
      assertThat(set)
          .as("every raw fixture object has an arrival time in %s", tsv)
          .isEqualTo((int) objects);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
