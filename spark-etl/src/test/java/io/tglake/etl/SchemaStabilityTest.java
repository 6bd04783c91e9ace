package io.tglake.etl;

import static io.tglake.etl.BotApiFixtures.DATE;
import static io.tglake.etl.BotApiFixtures.GROUP;
import static io.tglake.etl.BotApiFixtures.PHOTO;
import static io.tglake.etl.BotApiFixtures.PRIVATE;
import static io.tglake.etl.BotApiFixtures.USER;
import static io.tglake.etl.BotApiFixtures.msg;
import static io.tglake.etl.BotApiFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.testkit.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two very different days produce byte-identical table schemas (the golden ones): what a day
 * contains — no photos, a field null all day, a field whose type conflicts across records, a new
 * update kind — never changes a table's schema, and a conflicting value is nulled, not quarantined
 * and not an ANSI error.
 */
class SchemaStabilityTest {

  private final SparkSession spark = SharedSpark.get();
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

  @TempDir Path lake;

  @Test
  void twoVeryDifferentDaysWriteTheSameSchemas() throws IOException {
    LocalDate a = LocalDate.parse("2026-11-22");
    LocalDate b = a.plusDays(1);
    Path raw = lake.resolve("raw");
    // Day A: plain text with a command, a callback, a join. Everything well-typed.
    Fixtures.writeRaw(
        raw,
        a,
        "1.json",
        update(
            1,
            "message",
            msg(
                1,
                PRIVATE,
                "\"text\": \"/start\", \"entities\": [{\"type\": \"bot_command\", \"offset\": 0, \"length\": 6}]")),
        T);
    Fixtures.writeRaw(
        raw,
        a,
        "2.json",
        update(
            2,
            "callback_query",
            "{\"id\": \"c\", \"from\": " + USER + ", \"chat_instance\": \"1\", \"data\": \"d\"}"),
        T);
    Fixtures.writeRaw(
        raw,
        a,
        "3.json",
        update(3, "message", msg(3, GROUP, "\"new_chat_members\": [" + USER + "]")),
        T);
    // Day B: photos with caption entities, a status change, a field null all day, conflicting
    // types,
    // an unknown kind, pretty-printed JSON.
    Fixtures.writeRaw(
        raw,
        b,
        "10.json",
        update(
                10,
                "message",
                msg(
                    10,
                    PRIVATE,
                    "\"photo\": "
                        + PHOTO
                        + ", \"caption\": \"see\", \"caption_entities\": [{\"type\": \"bold\", \"offset\": \"0\", "
                        + "\"length\": 3}], \"text\": null"))
            .replace(", ", ",\n    "),
        T);
    Fixtures.writeRaw(
        raw,
        b,
        "11.json",
        "{\"update_id\": 11, \"message\": {\"message_id\": \"eleven\", "
            + "\"from\": \"not-a-user\", \"chat\": "
            + PRIVATE
            + ", \"date\": \"yesterday\", \"text\": 42, "
            + "\"text_extra\": 1}}",
        T);
    Fixtures.writeRaw(
        raw,
        b,
        "12.json",
        update(
            12,
            "my_chat_member",
            "{\"chat\": "
                + PRIVATE
                + ", \"from\": "
                + USER
                + ", \"date\": "
                + DATE
                + ", \"old_chat_member\": {\"status\": \"member\", \"user\": "
                + USER
                + "}, \"new_chat_member\": {\"status\": \"kicked\", \"user\": "
                + USER
                + "}}"),
        T);
    Fixtures.writeRaw(
        raw, b, "13.json", update(13, "brand_new_kind", "{\"chat\": " + GROUP + "}"), T);
    Fixtures.writeRaw(
        raw,
        b,
        "14.json",
        update(
            14,
            "callback_query",
            "{\"id\": 99, \"from\": "
                + USER
                + ", \"message\": {\"chat\": "
                + PRIVATE
                + ", \"message_id\": 3, \"date\": 0}, \"data\": true}"),
        T);

    // A tiny day of deliberate conflicts: 1 of 5 objects rescued is above the default
    // --max-rescued-fraction
    // (RescueTest covers the threshold); here the schemas are the point.
    RunResult run =
        TelegramEtlJob.run(
            spark,
            JobArgs.forRange(raw.toString(), lake.resolve("enriched").toString(), a, b)
                .withMaxRescuedFraction(1));

    assertThat(run.days())
        .extracting(DayResult::quarantined)
        .as("conflicts are not quarantined")
        .containsExactly(0L, 0L);
    assertThat(run.days().get(1).quality().rescuedPaths())
        .as(
            "object 11's mismatches and object 10's quoted "
                + "offset (loaded as 0, counted by the update gate), each counted once")
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of(
                "message.date",
                1L,
                "message.from",
                1L,
                "message.message_id",
                1L,
                "message.caption_entities[].offset",
                1L));
    assertThat(run.days())
        .extracting(d -> d.quality().rescued())
        .as("rescued objects")
        .containsExactly(0L, 2L);
    for (String table : Tables.NAMES) {
      String golden =
          Files.readString(Path.of("src/test/resources/golden", table + ".ddl")).strip();
      for (LocalDate d : new LocalDate[] {a, b}) {
        // Read the day's file alone: its own schema, plus the partition column Spark adds from the
        // path.
        Path dir = lake.resolve("enriched").resolve(table).resolve("context_date=" + d);
        assertThat(dir).as("%s has a partition on %s", table, d).exists();
        String actual =
            spark
                .read()
                .option("basePath", lake.resolve("enriched").resolve(table).toString())
                .parquet(dir.toString())
                .schema()
                .toDDL();
        assertThat(actual).as("%s schema on %s", table, d).isEqualTo(golden);
      }
    }
    Row conflicted =
        spark
            .read()
            .parquet(lake.resolve("enriched/messages").toString())
            .where("update_id = 11")
            .first();
    assertThat(conflicted.<Long>getAs("message_id")).as("non-numeric message_id nulled").isNull();
    assertThat(conflicted.<Long>getAs("user_id")).as("from of the wrong type nulled").isNull();
    assertThat(conflicted.<String>getAs("text")).as("a number read as text").isEqualTo("42");
    assertThat(conflicted.<Long>getAs("chat_id"))
        .as("the rest of the record survives")
        .isEqualTo(42L);
    Row entity =
        spark
            .read()
            .parquet(lake.resolve("enriched/message_entities").toString())
            .where("update_id = 10")
            .first();
    assertThat(entity.<String>getAs("entity_text"))
        .as("string offset \"0\" still converts")
        .isEqualTo("see");
    Row cb =
        spark
            .read()
            .parquet(lake.resolve("enriched/callback_queries").toString())
            .where("update_id = 14")
            .first();
    assertThat(cb.<String>getAs("callback_query_id"))
        .as("numeric id read as string")
        .isEqualTo("99");
    assertThat(cb.<String>getAs("data")).as("boolean data read as string").isEqualTo("true");
    assertThat(
            spark
                .read()
                .parquet(lake.resolve("enriched/updates").toString())
                .where("update_id = 13")
                .first()
                .<String>getAs("update_type"))
        .as("unknown kind")
        .isEqualTo("brand_new_kind");
  }
}
