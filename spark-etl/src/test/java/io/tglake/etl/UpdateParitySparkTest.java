package io.tglake.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.etl.UpdateParityTest.Kind;
import io.tglake.etl.UpdateParityTest.Mutation;
import io.tglake.testkit.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link UpdateParityTest}'s claim through the real pipeline: one body per mutation kind in one raw
 * day, the ETL run with gates wide open; every body the webhook accepts is a row of {@code
 * updates}, every body it refuses is in the quarantine under its own key, and nothing is in both or
 * neither.
 */
class UpdateParitySparkTest {

  private final SparkSession spark = SharedSpark.get();

  @TempDir Path lake;

  @Test
  void everyMutationKindGetsTheWebhooksVerdictFromTheRealPipeline() throws IOException {
    Path day = lake.resolve("raw").resolve("context_date=" + Fixtures.DAY);
    Files.createDirectories(day);
    Map<String, Boolean> accepted = new TreeMap<>();
    List<Long> acceptedIds = new ArrayList<>();
    Kind[] kinds = Kind.values();
    for (int i = 0; i < kinds.length; i++) {
      long id = 600_000_000L + i;
      String update =
          UpdateParityTest.UPDATES
              .get(i % UpdateParityTest.UPDATES.size())
              .replaceFirst("\"update_id\":\\s*\\d+", "\"update_id\": " + id);
      byte[] body = UpdateParityTest.mutate(update, List.of(new Mutation(kinds[i], 37 * i)));
      String name = String.format("%02d-%s.json", i, kinds[i]);
      Files.write(day.resolve(name), body);
      Files.setLastModifiedTime(
          day.resolve(name), FileTime.from(Instant.parse("2026-11-22T10:00:00Z")));
      boolean ok = UpdateParityTest.webhookAccepts(body);
      accepted.put(name, ok);
      if (ok) {
        acceptedIds.add(kinds[i] == Kind.UPDATE_ID_MAX_LONG ? Long.MAX_VALUE : id);
      }
    }
    assertThat(accepted.values()).as("the sample has both verdicts").contains(true, false);

    DayResult r =
        TelegramEtlJob.run(
                spark,
                JobArgs.forDay(
                        lake.resolve("raw").toString(),
                        lake.resolve("enriched").toString(),
                        Fixtures.DAY)
                    .withMaxBadFraction(1)
                    .withMaxRescuedFraction(1)
                    .withDedupLookbackDays(0))
            .single();

    assertThat(r.status()).isEqualTo(DayResult.Status.SUCCEEDED);
    assertThat(r.objectsRead()).as("every object read").isEqualTo(kinds.length);
    TreeSet<String> quarantined =
        new TreeSet<>(
            spark
                .read()
                .json(lake.resolve("enriched/_quarantine/context_date=" + Fixtures.DAY).toString())
                .select("source_file")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList()
                .stream()
                .map(f -> f.replaceAll(".*/", ""))
                .toList());
    TreeSet<String> refused =
        new TreeSet<>(
            accepted.entrySet().stream()
                .filter(e -> !e.getValue())
                .map(Map.Entry::getKey)
                .toList());
    assertThat(quarantined)
        .as("quarantined by the ETL = refused by the webhook")
        .isEqualTo(refused);
    List<Long> loaded =
        spark
            .read()
            .parquet(lake.resolve("enriched/updates").toString())
            .select("update_id")
            .as(org.apache.spark.sql.Encoders.LONG())
            .collectAsList();
    assertThat(loaded)
        .as("loaded by the ETL = accepted by the webhook")
        .containsExactlyInAnyOrderElementsOf(acceptedIds);
  }
}
