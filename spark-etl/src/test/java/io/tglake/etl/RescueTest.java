package io.tglake.etl;

import static io.tglake.etl.Fixtures.DAY;
import static io.tglake.etl.Fixtures.writeRaw;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.testkit.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A value of the wrong type affects only the object that has it: the others keep their values, the
 * object is counted as rescued with the JSON path, its row keeps what did fit and its raw JSON
 * stays in updates.
 */
class RescueTest {

  private final SparkSession spark = SharedSpark.get();
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

  @TempDir Path lake;

  private static String privateMessage(long updateId, String from) {
    return """
        {"update_id": %d, "message": {"message_id": %d, "date": 1795341600, "from": %s,
          "chat": {"id": %d, "type": "private"}, "text": "hello %d"}}"""
        .formatted(updateId, updateId, from, 1000 + updateId, updateId);
  }

  private static String user(long id) {
    return "{\"id\": %d, \"is_bot\": false, \"first_name\": \"U%d\"}".formatted(id, id);
  }

  private void twentyMessagesOneWithAStringFrom() throws IOException {
    for (int i = 1; i <= 20; i++) {
      String from = i == 7 ? "\"not-a-user\"" : user(100 + i);
      writeRaw(lake.resolve("raw"), DAY, i + ".json", privateMessage(i, from), T.plusSeconds(i));
    }
  }

  private JobArgs args() {
    return JobArgs.forDay(lake.resolve("raw").toString(), lake.resolve("enriched").toString(), DAY);
  }

  private Dataset<Row> table(String name) {
    return spark
        .read()
        .parquet(lake.resolve("enriched").resolve(name).resolve("context_date=" + DAY).toString());
  }

  @Test
  void oneStringFromNullsOnlyThatMessagesUserAndIsReportedWithItsPath() throws IOException {
    twentyMessagesOneWithAStringFrom();

    DayResult r = TelegramEtlJob.run(spark, args()).single();

    assertThat(r.status())
        .as("1 of 20 is within the default --max-rescued-fraction")
        .isEqualTo(DayResult.Status.SUCCEEDED);
    assertThat(r.quality().rescued()).as("rescued objects").isEqualTo(1);
    assertThat(r.quality().rescuedPaths())
        .as("paths")
        .containsExactly(Map.entry("message.from", 1L));
    Dataset<Row> messages = table("messages");
    assertThat(messages.count()).as("every message has its row").isEqualTo(20);
    assertThat(messages.where(col("user_id").isNotNull()).count())
        .as("intact user_id")
        .isEqualTo(19);
    List<Long> userIds =
        messages
            .where(col("user_id").isNotNull())
            .orderBy("update_id")
            .select("user_id")
            .as(Encoders.LONG())
            .collectAsList();
    List<Long> expected = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      if (i != 7) {
        expected.add(100L + i);
      }
    }
    assertThat(userIds).as("the other objects keep their own user ids").isEqualTo(expected);
    Row seventh = messages.where("update_id = 7").select("user_id", "chat_id", "text").first();
    assertThat(seventh.isNullAt(0)).as("the rescued object's user_id").isTrue();
    assertThat(List.of(seventh.getLong(1), (Object) seventh.getString(2)))
        .as("what did fit is kept")
        .containsExactly(1007L, "hello 7");
    assertThat(table("updates").where("update_id = 7").select("raw_json").first().getString(0))
        .as("raw JSON kept whole")
        .contains("\"from\": \"not-a-user\"");

    JsonNode report = report();
    assertThat(report.get("rescued").asLong()).as("report rescued").isEqualTo(1);
    assertThat(report.get("rescued_paths").get("message.from").asLong())
        .as("report path count")
        .isEqualTo(1);
    assertThat(report.get("rescued_paths").size()).as("report paths").isEqualTo(1);
  }

  @Test
  void aDayAboveMaxRescuedFractionFailsLoudlyBeforeWritingTables() throws IOException {
    twentyMessagesOneWithAStringFrom();

    DayResult r = TelegramEtlJob.run(spark, args().withMaxRescuedFraction(0.04)).single();

    assertThat(r.status()).as("1/20 = 0.05 > 0.04").isEqualTo(DayResult.Status.FAILED);
    assertThat(r.error().orElseThrow())
        .as("error names counts, option and path")
        .contains("1 of 20", "--max-rescued-fraction", "message.from");
    assertThat(r.quality().rescuedPaths())
        .as("paths in the failed result")
        .containsExactly(Map.entry("message.from", 1L));
    assertThat(lake.resolve("enriched/messages")).as("no table written").doesNotExist();
    assertThat(report().get("status").asText()).as("report status").isEqualTo("FAILED");
  }

  @Test
  void theRescuedFractionLimitGivenOnTheCommandLineDecidesTheDay() throws Exception {
    twentyMessagesOneWithAStringFrom();
    JobArgs parsed =
        EtlArgv.parse(
            java.time.Clock.systemUTC(),
            "--raw",
            lake.resolve("raw").toString(),
            "--enriched",
            lake.resolve("enriched").toString(),
            "--date",
            DAY.toString(),
            "--max-rescued-fraction",
            "0.04");

    DayResult r = TelegramEtlJob.run(spark, parsed, line -> {}).single();

    assertThat(r.status())
        .as("1/20 = 0.05 is within the default 0.05 but above --max-rescued-fraction 0.04")
        .isEqualTo(DayResult.Status.FAILED);
    assertThat(r.error().orElseThrow())
        .as("the limit from the command line in the message")
        .contains("--max-rescued-fraction 0.040");
    assertThat(lake.resolve("enriched/messages")).as("no table written").doesNotExist();
  }

  @Test
  void aMismatchInsideAnArrayElementDropsOnlyThatElement() {
    String good =
        """
        {"update_id": 1, "message": {"message_id": 1, "date": 1, "chat": {"id": 5, "type": "private"},
          "text": "/start now", "entities": [{"type": "bot_command", "offset": 0, "length": 6}]}}""";
    String mixed =
        """
        {"update_id": 2, "message": {"message_id": 2, "date": 1, "chat": {"id": 5, "type": "private"},
          "text": "bold and link", "entities": [{"type": "bold", "offset": 0, "length": 4}, "oops",
          {"type": "url", "offset": 9, "length": 4}]}}""";
    String alsoGood = good.replace("\"update_id\": 1", "\"update_id\": 3");

    Dataset<Row> updates = Fixtures.updates(spark, good, mixed, alsoGood);

    assertThat(rescued(updates))
        .as("rescued paths per update")
        .containsExactly("1 []", "2 [message.entities[]]", "3 []");
    List<String> entities =
        Tables.messageEntities(updates)
            .orderBy("update_id", "entity_index")
            .collectAsList()
            .stream()
            .map(
                r ->
                    r.getAs("update_id")
                        + ":"
                        + r.getAs("entity_index")
                        + ":"
                        + r.getAs("type")
                        + ":"
                        + r.getAs("entity_text"))
            .toList();
    assertThat(entities)
        .as("every entity that fits, at its own index")
        .containsExactly(
            "1:0:bot_command:/start", "2:0:bold:bold", "2:2:url:link", "3:0:bot_command:/start");
  }

  @Test
  void aMismatchInsideANestedStructNullsOnlyThatStruct() {
    String cb =
        """
        {"update_id": %d, "callback_query": {"id": "cb%d", "from": {"id": 42, "is_bot": false, "first_name": "A"},
          "chat_instance": "ci", "data": "d%d", "message": {"message_id": %d, "date": 0, "chat": %s}}}""";
    String chat = "{\"id\": -100, \"type\": \"group\"}";
    Dataset<Row> updates =
        Fixtures.updates(
            spark,
            cb.formatted(1, 1, 1, 11, chat),
            cb.formatted(2, 2, 2, 12, "\"x\""),
            cb.formatted(3, 3, 3, 13, chat));

    assertThat(rescued(updates))
        .as("rescued paths per update")
        .containsExactly("1 []", "2 [callback_query.message.chat]", "3 []");
    List<String> rows =
        Tables.callbackQueries(updates).orderBy("update_id").collectAsList().stream()
            .map(
                r ->
                    r.getAs("update_id")
                        + ":"
                        + r.getAs("chat_id")
                        + ":"
                        + r.getAs("message_id")
                        + ":"
                        + r.getAs("user_id")
                        + ":"
                        + r.getAs("data"))
            .toList();
    assertThat(rows)
        .as("siblings of the bad struct and the other objects intact")
        .containsExactly("1:-100:11:42:d1", "2:null:12:42:d2", "3:-100:13:42:d3");
  }

  @Test
  void leafMismatchesAndAWholeKindOfTheWrongShapeAreRescuedPerObject() {
    String ok = Fixtures.textUpdate(1, "fine");
    String badId =
        Fixtures.textUpdate(2, "id").replace("\"message_id\": 2", "\"message_id\": \"two\"");
    String stringMessage = "{\"update_id\": 3, \"message\": \"hello\"}";
    String numberId =
        Fixtures.textUpdate(4, "quoted number")
            .replace("\"message_id\": 4", "\"message_id\": \"4\"");

    Dataset<Row> updates = Fixtures.updates(spark, ok, badId, stringMessage, numberId);

    assertThat(rescued(updates))
        .as("rescued paths per update")
        .containsExactly("1 []", "2 [message.message_id]", "3 [message]", "4 []");
    List<String> rows =
        Tables.messages(updates).orderBy("update_id").collectAsList().stream()
            .map(
                r ->
                    r.getAs("update_id")
                        + ":"
                        + r.getAs("message_id")
                        + ":"
                        + r.getAs("user_id")
                        + ":"
                        + r.getAs("text"))
            .toList();
    assertThat(rows)
        .as("a quoted number still converts; only the bad values are null")
        .containsExactly("1:1:42:fine", "2:null:42:id", "4:4:42:quoted number");
  }

  private static List<String> rescued(Dataset<Row> updates) {
    return updates
        .orderBy("update_id")
        .select("update_id", "rescued_paths")
        .collectAsList()
        .stream()
        .map(r -> r.getLong(0) + " " + r.getList(1))
        .toList();
  }

  private JsonNode report() throws IOException {
    try (Stream<Path> s = Files.list(lake.resolve("enriched/_runs/context_date=" + DAY))) {
      List<Path> reports =
          s.filter(p -> p.getFileName().toString().matches("\\d{8}T.*\\.json")).toList();
      assertThat(reports).as("one report").hasSize(1);
      return new ObjectMapper().readTree(reports.get(0).toFile());
    }
  }
}
