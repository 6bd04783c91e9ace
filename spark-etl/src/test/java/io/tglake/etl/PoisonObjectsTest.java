package io.tglake.etl;

import static io.tglake.etl.Fixtures.DAY;
import static io.tglake.etl.Fixtures.textUpdate;
import static io.tglake.etl.Fixtures.writeRaw;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.contract.UpdateRules;
import io.tglake.testkit.SharedSpark;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe's poison objects in a real local lake: each is quarantined with its key and the {@link
 * UpdateRules} reason (or, for a sub-folder object, loaded), the day's good updates load, a range
 * goes on, nothing is half-loaded and nothing disappears without a trace.
 */
class PoisonObjectsTest {

  private final SparkSession spark = SharedSpark.get();
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path lake;

  private Path raw() {
    return lake.resolve("raw");
  }

  private Path enriched() {
    return lake.resolve("enriched");
  }

  private void goodUpdates(LocalDate day, long firstId, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      writeRaw(raw(), day, (firstId + i) + ".json", textUpdate(firstId + i, "ok " + i), T);
    }
  }

  /** The probe's body: the right update with a 999-deep array (Jackson's default limit is 1000). */
  private static String deep(long updateId, int depth) {
    return "{\"update_id\":"
        + updateId
        + ",\"x\":"
        + "[".repeat(depth - 1)
        + "]".repeat(depth - 1)
        + "}";
  }

  @Test
  void aNineHundredNinetyNineDeepObjectIsQuarantinedByNameAndTheDaysUpdatesLoad()
      throws IOException {
    goodUpdates(DAY, 1000, 40);
    writeRaw(raw(), DAY, "3001.json", deep(3001, 999), T);

    DayResult r =
        TelegramEtlJob.run(spark, JobArgs.forDay(raw().toString(), enriched().toString(), DAY))
            .single();

    assertThat(r.status())
        .as("1 of 41 is under the 5%% gate; the JVM does not die")
        .isEqualTo(DayResult.Status.SUCCEEDED);
    assertThat(r.updates()).as("every good update").isEqualTo(40);
    assertThat(quarantine(DAY))
        .as("the object named, with the rule's reason")
        .containsExactly("3001.json " + UpdateRules.TOO_DEEP);
    JsonNode report = report(DAY);
    assertThat(report.get("objects_read").asLong()).isEqualTo(41);
    assertThat(report.get("quarantined").asLong()).isEqualTo(1);
  }

  @Test
  void aDeepObjectInTheFirstDayOfARangeStopsNeitherThatDayNorTheNext() throws IOException {
    LocalDate next = DAY.plusDays(1);
    goodUpdates(DAY, 1000, 25);
    writeRaw(raw(), DAY, "3001.json", deep(3001, 999), T);
    goodUpdates(next, 2000, 10);

    RunResult run =
        TelegramEtlJob.run(
            spark, JobArgs.forRange(raw().toString(), enriched().toString(), DAY, next));

    assertThat(run.days())
        .extracting(DayResult::status)
        .as("both days")
        .containsExactly(DayResult.Status.SUCCEEDED, DayResult.Status.SUCCEEDED);
    assertThat(run.days()).extracting(DayResult::updates).containsExactly(25L, 10L);
    assertThat(run.exitCode()).isZero();
    assertThat(quarantine(DAY)).containsExactly("3001.json " + UpdateRules.TOO_DEEP);
  }

  @Test
  void concatenatedUpdatesAndTrailingContentAreQuarantinedWholeNeverHalfLoaded()
      throws IOException {
    goodUpdates(DAY, 1000, 4);
    writeRaw(
        raw(), DAY, "3009.json", textUpdate(3009, "first") + "\n" + textUpdate(3010, "second"), T);
    writeRaw(raw(), DAY, "3011.json", textUpdate(3011, "third") + " trailing", T);

    DayResult r =
        TelegramEtlJob.run(
                spark,
                JobArgs.forDay(raw().toString(), enriched().toString(), DAY)
                    .withMaxBadFraction(0.5))
            .single();

    assertThat(r.status()).isEqualTo(DayResult.Status.SUCCEEDED);
    assertThat(updateIds())
        .as("neither half of either object")
        .containsExactly(1000L, 1001L, 1002L, 1003L);
    assertThat(quarantine(DAY))
        .containsExactly(
            "3009.json " + UpdateRules.SEVERAL_VALUES, "3011.json " + UpdateRules.TRAILING_CONTENT);
  }

  @Test
  void anObjectInASubFolderOfTheDayIsReadWithTheDay() throws IOException {
    goodUpdates(DAY, 1000, 2);
    Path sub = raw().resolve("context_date=" + DAY).resolve("sub=1");
    Files.createDirectories(sub);
    Files.writeString(
        sub.resolve("2012.json"), textUpdate(2012, "in a sub-folder"), StandardCharsets.UTF_8);
    Files.writeString(
        raw().resolve("context_date=" + DAY).resolve("_hidden.json"), textUpdate(9, "skipped"));

    DayResult r =
        TelegramEtlJob.run(spark, JobArgs.forDay(raw().toString(), enriched().toString(), DAY))
            .single();

    assertThat(r.objectsRead()).as("listed and read, not skipped").isEqualTo(3);
    assertThat(updateIds()).containsExactly(1000L, 1001L, 2012L);
  }

  @Test
  void foreignEncodingsAreQuarantinedWithTheWebhooksReasons() throws IOException {
    goodUpdates(DAY, 1000, 4);
    String update = textUpdate(3020, "olá");
    byte[] bom = ("\uFEFF" + update).getBytes(StandardCharsets.UTF_8);
    write(DAY, "a-utf8-bom.json", bom);
    write(DAY, "b-utf16-bom.json", update.getBytes(StandardCharsets.UTF_16));
    write(DAY, "c-utf16le.json", update.getBytes(StandardCharsets.UTF_16LE));
    write(DAY, "d-utf32.json", update.getBytes(Charset.forName("UTF-32")));

    DayResult r =
        TelegramEtlJob.run(
                spark,
                JobArgs.forDay(raw().toString(), enriched().toString(), DAY).withMaxBadFraction(1))
            .single();

    assertThat(r.updates()).isEqualTo(4);
    assertThat(quarantine(DAY))
        .as("the same verdict and reason as the webhook's 400")
        .containsExactly(
            "a-utf8-bom.json " + UpdateRules.BYTE_ORDER_MARK,
            "b-utf16-bom.json " + UpdateRules.BYTE_ORDER_MARK,
            "c-utf16le.json " + UpdateRules.NUL_BYTE,
            "d-utf32.json " + UpdateRules.NUL_BYTE);
  }

  @Test
  void duplicateKeysAreQuarantinedAndAStringForANumberIsLoadedAndCountedAsRescued()
      throws IOException {
    goodUpdates(DAY, 1000, 30);
    writeRaw(
        raw(),
        DAY,
        "3030.json",
        "{\"update_id\":3030,\"message\":{\"message_id\":\"77\",\"date\":1795341600,"
            + "\"chat\":{\"id\":42,\"type\":\"private\"},\"text\":\"hi\"}}",
        T);
    writeRaw(
        raw(),
        DAY,
        "3031.json",
        "{\"update_id\":3031,\"message\":{\"message_id\":1,\"text\":\"a\","
            + "\"text\":\"b\",\"chat\":{\"id\":42,\"type\":\"private\"}}}",
        T);

    DayResult r =
        TelegramEtlJob.run(spark, JobArgs.forDay(raw().toString(), enriched().toString(), DAY))
            .single();

    assertThat(r.status()).isEqualTo(DayResult.Status.SUCCEEDED);
    assertThat(quarantine(DAY)).containsExactly("3031.json " + UpdateRules.duplicateKey("text"));
    Row m =
        spark
            .read()
            .parquet(enriched().resolve("messages").toString())
            .where("update_id = 3030")
            .first();
    assertThat(m.<Long>getAs("message_id")).as("\"77\" loaded as the number").isEqualTo(77L);
    assertThat(r.quality().rescued()).as("counted, not silent").isEqualTo(1);
    assertThat(r.quality().rescuedPaths()).containsEntry("message.message_id", 1L);
    assertThat(report(DAY).get("rescued_paths").get("message.message_id").asLong()).isEqualTo(1);
  }

  @Test
  void aMissingRawRootFailsTheRunNamingThePathWhileAMissingDayUnderAnExistingRootIsEmpty()
      throws IOException {
    goodUpdates(DAY, 1000, 1);
    String typo = lake.resolve("rwa").toString();

    RunResult missingRoot =
        TelegramEtlJob.run(spark, JobArgs.forDay(typo, enriched().toString(), DAY));
    assertThat(missingRoot.exitCode()).as("a scheduler must see the typo").isEqualTo(1);
    assertThat(missingRoot.single().error().orElseThrow()).contains(typo, "does not exist");

    RunResult missingDay =
        TelegramEtlJob.run(
            spark, JobArgs.forDay(raw().toString(), enriched().toString(), DAY.minusDays(5)));
    assertThat(missingDay.single().status()).isEqualTo(DayResult.Status.EMPTY);
    assertThat(missingDay.exitCode()).isZero();
  }

  @Test
  void anUnexpectedErrorIsOneShortLineInTheReport() {
    Exception e =
        new IllegalStateException(
            "Job aborted due to stage failure: boom\n\tat a.b.C(C.java:1)\n\tat x");
    assertThat(DayResult.shortMessage(e))
        .isEqualTo("IllegalStateException: Job aborted due to stage failure: boom");
    assertThat(DayResult.shortMessage(new RuntimeException("x".repeat(5000)))).hasSizeLessThan(400);
  }

  private void write(LocalDate day, String name, byte[] body) throws IOException {
    Path dir = raw().resolve("context_date=" + day);
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), body);
    Files.setLastModifiedTime(dir.resolve(name), FileTime.from(T));
  }

  private List<Long> updateIds() {
    return spark
        .read()
        .parquet(enriched().resolve("updates").toString())
        .orderBy("update_id")
        .select("update_id")
        .as(org.apache.spark.sql.Encoders.LONG())
        .collectAsList();
  }

  /** "name reason" per quarantined object, by name. */
  private List<String> quarantine(LocalDate day) {
    return spark
        .read()
        .json(enriched().resolve("_quarantine/context_date=" + day).toString())
        .orderBy("source_file")
        .collectAsList()
        .stream()
        .map(
            row ->
                row.getAs("source_file").toString().replaceAll(".*/", "")
                    + " "
                    + row.getAs("error"))
        .toList();
  }

  private JsonNode report(LocalDate day) throws IOException {
    try (Stream<Path> files = Files.list(enriched().resolve("_runs/context_date=" + day))) {
      Path last =
          files
              .filter(p -> !p.getFileName().toString().startsWith("lease"))
              .sorted()
              .reduce((a, b) -> b)
              .orElseThrow();
      return JSON.readTree(last.toFile());
    }
  }
}
