package io.tglake.etl;

import static io.tglake.etl.Fixtures.DAY;
import static io.tglake.etl.Fixtures.writeRaw;
import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.etl.pseudonym.PseudonymKey;
import io.tglake.etl.pseudonym.PseudonymizeOptions;
import io.tglake.testkit.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --pseudonymize} end to end: key file, two runs, another key, contract schemas, quarantine
 * without text.
 */
class PseudonymizedEtlTest {

  private final SparkSession spark = SharedSpark.get();
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

  @TempDir Path lake;

  @Test
  void twoRunsWithOneKeyAgreeAnotherKeyDiffersAndSchemasStayTheContract() throws IOException {
    Path raw = lake.resolve("raw");
    String[] updates = PseudonymizerTest.withIdentifiers();
    for (int i = 0; i < updates.length; i++) {
      writeRaw(raw, DAY, (1000 + i) + ".json", updates[i], T.plusSeconds(i));
    }
    writeRaw(
        raw,
        DAY,
        "broken.json",
        "{\"update_id\": 5, \"message\": {\"text\": \"CPF 52998224725\"",
        T);
    Path keyA =
        Files.write(
            lake.resolve("key-a"),
            (new String(PseudonymizerTest.KEY_A, StandardCharsets.UTF_8) + "\n")
                .getBytes(StandardCharsets.UTF_8));
    Path keyB = Files.write(lake.resolve("key-b"), PseudonymizerTest.KEY_B);

    List<String> run1 = run(raw, lake.resolve("e1"), keyA);
    List<String> run2 = run(raw, lake.resolve("e2"), keyA);
    List<String> other = run(raw, lake.resolve("e3"), keyB);

    assertThat(run2).as("every row of every table, second run with the same key").isEqualTo(run1);
    assertThat(other).as("another key").isNotEqualTo(run1);
    long pseudo42 = new PseudonymKey(PseudonymizerTest.KEY_A).pseudonym(42);
    assertThat(ids(lake.resolve("e1"), "messages", "user_id"))
        .as("Ana's messages under key A (file key, newline " + "stripped)")
        .contains(pseudo42)
        .doesNotContain(42L);
    assertThat(ids(lake.resolve("e3"), "messages", "user_id"))
        .as("under key B")
        .doesNotContain(pseudo42, 42L);
    for (String table : Tables.NAMES) {
      String golden =
          Files.readString(Path.of("src/test/resources/golden", table + ".ddl")).strip();
      StructTypeCheck.assertWritten(spark, lake.resolve("e1").resolve(table), golden, table);
    }
    String quarantine;
    try (Stream<Path> s = Files.walk(lake.resolve("e1").resolve("_quarantine"))) {
      quarantine =
          s.filter(p -> p.toString().endsWith(".json"))
              .map(PseudonymizedEtlTest::read)
              .reduce("", String::concat);
    }
    assertThat(quarantine)
        .as("quarantine names the object but keeps no text")
        .contains("broken.json")
        .contains("not valid JSON")
        .doesNotContain("52998224725")
        .doesNotContain("\"raw\":\"");
  }

  private List<String> run(Path raw, Path enriched, Path key) {
    JobArgs args =
        JobArgs.forDay(raw.toString(), enriched.toString(), DAY)
            .withMaxBadFraction(0.5)
            .withPseudonymize(PseudonymizeOptions.keyFile(key.toString()));
    DayResult r = TelegramEtlJob.run(spark, args).single();
    assertThat(r.status()).as("day status %s", r.error()).isEqualTo(DayResult.Status.SUCCEEDED);
    return Tables.NAMES.stream()
        .flatMap(
            t ->
                spark.read().parquet(enriched.resolve(t).toString()).collectAsList().stream()
                    .map(row -> t + " " + row))
        .sorted()
        .toList();
  }

  private List<Long> ids(Path enriched, String table, String column) {
    return spark
        .read()
        .parquet(enriched.resolve(table).toString())
        .select(column)
        .as(Encoders.LONG())
        .collectAsList();
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Written Parquet schema vs a golden DDL. */
  static final class StructTypeCheck {
    static void assertWritten(SparkSession spark, Path table, String golden, String name) {
      Dataset<Row> df = spark.read().parquet(table.toString());
      assertThat(SchemaContractTest.written(df.schema()).toDDL())
          .as("written schema of %s", name)
          .isEqualTo(golden);
    }
  }

  @Test
  void aMissingKeyFailsEveryDayAndWritesNothing() throws IOException {
    Path raw = lake.resolve("raw");
    writeRaw(raw, DAY, "1.json", Fixtures.textUpdate(1, "hi"), T);
    JobArgs args =
        JobArgs.forDay(raw.toString(), lake.resolve("e").toString(), DAY)
            .withPseudonymize(PseudonymizeOptions.keyFile(lake.resolve("no-such-key").toString()));
    DayResult r = TelegramEtlJob.run(spark, args).single();
    assertThat(r.status()).as("status").isEqualTo(DayResult.Status.FAILED);
    assertThat(r.error().orElseThrow()).as("error").startsWith("could not load the pseudonym key");
    assertThat(lake.resolve("e")).as("nothing written in the clear").doesNotExist();
  }

  @Test
  void aShortKeyIsRefused() throws IOException {
    Path raw = lake.resolve("raw");
    writeRaw(raw, DAY, "1.json", Fixtures.textUpdate(1, "hi"), T);
    Path key = Files.writeString(lake.resolve("short"), "secret\n");
    DayResult r =
        TelegramEtlJob.run(
                spark,
                JobArgs.forDay(raw.toString(), lake.resolve("e").toString(), DAY)
                    .withPseudonymize(PseudonymizeOptions.keyFile(key.toString())))
            .single();
    assertThat(r.error().orElseThrow())
        .as("error")
        .contains("pseudonym key is 6 bytes; at least 16");
  }
}
