package io.tglake.etl;

import static io.tglake.etl.Fixtures.DAY;
import static io.tglake.etl.Fixtures.textUpdate;
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
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bot_messages end to end: outgoing records on disk → the job → exact rows, quarantine, retries,
 * privacy.
 */
class BotMessagesTest {

  private final SparkSession spark = SharedSpark.get();
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

  @TempDir Path lake;

  static final String WEBHOOK_REPLY =
      """
      {"record_version":1,"source":"webhook_response","bot_id":7000000001,"method":"sendMessage",
       "in_response_to_update_id":1,"captured_at":"2026-11-22T10:00:01.250Z",
       "request":{"chat_id":42,"text":"Olá! Seu CPF 123.456.789-09 foi recebido.",
         "reply_parameters":"{\\"message_id\\":1}",
         "reply_markup":{"inline_keyboard":[[{"text":"Sim","callback_data":"helpful:yes"},
           {"text":"Não","callback_data":"helpful:no"}]]}},
       "ok":null,"result":null,"error_code":null,"description":null}""";

  static final String API_PHOTO =
      """
      {"record_version":1,"source":"bot_api","bot_id":7000000001,"method":"sendPhoto",
       "in_response_to_update_id":null,"captured_at":"2026-11-22T10:01:40.900Z",
       "request":{"chat_id":"-1001","caption":"Veja a foto","reply_to_message_id":5,"photo":{"file":"photo","size":1234},
         "reply_markup":"{\\"inline_keyboard\\":[[{\\"text\\":\\"a\\",\\"callback_data\\":\\"a\\"}],[{\\"text\\":\\"b\\",\\"url\\":\\"https://x.y\\"},{\\"text\\":\\"c\\",\\"callback_data\\":\\"c\\"}]]}"},
       "ok":true,"result":{"message_id":77,"date":1795341700,"chat":{"id":-1001,"type":"supergroup","title":"G"},
         "photo":[{"file_id":"f","file_unique_id":"u","width":1,"height":1}],"caption":"Veja a foto"},
       "error_code":null,"description":null}""";

  static final String API_EDIT =
      """
      {"record_version":1,"source":"bot_api","bot_id":7000000001,"method":"editMessageText",
       "in_response_to_update_id":null,"captured_at":"2026-11-22T10:05:00.010Z",
       "request":{"chat_id":42,"message_id":78,"text":"Editado"},
       "ok":true,"result":{"message_id":78,"date":1795341600,"edit_date":1795341900,
         "chat":{"id":42,"type":"private","first_name":"Ana"},"text":"Editado"},
       "error_code":null,"description":null}""";

  static final String API_CALLBACK_ANSWER =
      """
      {"record_version":1,"source":"bot_api","bot_id":7000000001,"method":"answerCallbackQuery",
       "in_response_to_update_id":null,"captured_at":"2026-11-22T10:06:00Z",
       "request":{"callback_query_id":"cb1","text":"Obrigado"},"ok":true,"result":true,
       "error_code":null,"description":null}""";

  static final String API_BLOCKED =
      """
      {"record_version":1,"source":"bot_api","bot_id":7000000001,"method":"sendMessage",
       "in_response_to_update_id":null,"captured_at":"2026-11-22T10:07:00.500Z",
       "request":{"chat_id":43,"text":"Oi?"},"ok":false,"result":null,
       "error_code":403,"description":"Forbidden: bot was blocked by the user"}""";

  static final String API_TYPING =
      """
      {"record_version":1,"source":"bot_api","bot_id":7000000001,"method":"sendChatAction",
       "in_response_to_update_id":null,"captured_at":"2026-11-22T10:08:00Z",
       "request":{"chat_id":42,"action":"typing"},"ok":true,"result":true,"error_code":null,"description":null}""";

  private Path raw() {
    return lake.resolve("telegram");
  }

  private Path outgoing() {
    return lake.resolve("outgoing");
  }

  private Path enriched() {
    return lake.resolve("enriched");
  }

  private void writeDay() throws IOException {
    writeRaw(raw(), DAY, "1.json", textUpdate(1, "Oi"), T);
    writeRaw(outgoing(), DAY, "wr-1.json", WEBHOOK_REPLY, T);
    writeRaw(outgoing(), DAY, "api-7000000001-a.json", API_PHOTO, T);
    writeRaw(outgoing(), DAY, "api-7000000001-b.json", API_EDIT, T);
    writeRaw(outgoing(), DAY, "api-7000000001-c.json", API_CALLBACK_ANSWER, T);
    writeRaw(outgoing(), DAY, "api-7000000001-d.json", API_BLOCKED, T);
    writeRaw(outgoing(), DAY, "api-7000000001-e.json", API_TYPING, T);
    writeRaw(outgoing(), DAY, "broken.json", "{not json", T);
    writeRaw(
        outgoing(),
        DAY,
        "v2.json",
        API_BLOCKED.replace("\"record_version\":1", "\"record_version\":2"),
        T);
    // The same key the day before: a retried webhook answer that crossed midnight is counted once,
    // there.
    writeRaw(outgoing(), DAY.minusDays(1), "wr-0.json", WEBHOOK_REPLY, T.minusSeconds(86_400));
    writeRaw(outgoing(), DAY, "wr-0.json", WEBHOOK_REPLY, T);
  }

  private List<String> rows(String columns) {
    return spark
        .read()
        .parquet(enriched().resolve(BotMessages.TABLE).toString())
        .selectExpr(columns.split(","))
        .orderBy("record_key")
        .collectAsList()
        .stream()
        .map(Row::toString)
        .toList();
  }

  private static final String COLUMNS =
      "record_key,source,bot_id,method,message_type,chat_id,chat_type,message_id,"
          + "reply_to_message_id,in_response_to_update_id,callback_query_id,text,cast(sent_at as string),edit,"
          + "button_count,ok,error_code,description,cast(captured_at as string),cast(context_date as string)";

  @Test
  void writesOneRowPerMessageTheBotSentOrEditedFromTheDefaultOutgoingFolder() throws IOException {
    writeDay();

    List<String> metricLines = new java.util.ArrayList<>();
    DayResult r =
        TelegramEtlJob.run(
                spark,
                JobArgs.forDay(raw().toString(), enriched().toString(), DAY),
                metricLines::add)
            .single();

    assertThat(r.status()).as("status %s", r.error()).isEqualTo(DayResult.Status.SUCCEEDED);
    assertThat(r.rows(BotMessages.TABLE)).as("bot_messages rows in the day result").isEqualTo(5);
    try {
      assertThat(EtlMetricsTest.parse(metricLines, null))
          .as("the day's EMF lines graph bot_messages rows too")
          .containsEntry("EtlRows[Table=bot_messages]", List.of("Count", "5"));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertThat(rows(COLUMNS))
        .as("exact rows (sendChatAction makes none, wr-0 is yesterday's retry)")
        .containsExactly(
            "[api-7000000001-a.json,bot_api,7000000001,sendPhoto,photo,-1001,supergroup,77,5,null,null,Veja a foto,"
                + "2026-11-22 10:01:40,false,3,true,null,null,2026-11-22 10:01:40.9,2026-11-22]",
            "[api-7000000001-b.json,bot_api,7000000001,editMessageText,text,42,private,78,null,null,null,Editado,"
                + "2026-11-22 10:05:00,true,0,true,null,null,2026-11-22 10:05:00.01,2026-11-22]",
            "[api-7000000001-c.json,bot_api,7000000001,answerCallbackQuery,callback_answer,null,null,null,null,null,cb1,"
                + "Obrigado,2026-11-22 10:06:00,false,0,true,null,null,2026-11-22 10:06:00,2026-11-22]",
            "[api-7000000001-d.json,bot_api,7000000001,sendMessage,text,43,private,null,null,null,null,Oi?,"
                + "2026-11-22 10:07:00.5,false,0,false,403,Forbidden: bot was blocked by the user,2026-11-22 10:07:00.5,"
                + "2026-11-22]",
            "[wr-1.json,webhook_response,7000000001,sendMessage,text,42,private,null,1,1,null,"
                + "Olá! Seu CPF 123.456.789-09 foi recebido.,2026-11-22 10:00:01.25,false,2,null,null,null,"
                + "2026-11-22 10:00:01.25,2026-11-22]");
    List<String> quarantined =
        spark
            .read()
            .json(
                enriched()
                    .resolve(OutgoingDay.QUARANTINE)
                    .resolve("context_date=" + DAY)
                    .toString())
            .selectExpr("regexp_extract(source_file, '[^/]+$', 0)", "error")
            .orderBy("error")
            .collectAsList()
            .stream()
            .map(Row::toString)
            .toList();
    assertThat(quarantined)
        .as("bad outgoing objects, with the reason")
        .containsExactly("[broken.json,not a JSON object]", "[v2.json,record_version is not 1]");
  }

  @Test
  void missingOutgoingFolderIsZeroRowsAndRerunRemovesTheOldPartition() throws IOException {
    writeDay();
    JobArgs args = JobArgs.forDay(raw().toString(), enriched().toString(), DAY);
    TelegramEtlJob.run(spark, args, l -> {});
    Path partition = enriched().resolve(BotMessages.TABLE).resolve("context_date=" + DAY);
    assertThat(partition).as("first run wrote the day").exists();

    DayResult r =
        TelegramEtlJob.run(spark, args.withOutgoing(lake.resolve("nowhere").toString()), l -> {})
            .single();

    assertThat(r.status())
        .as("no outgoing folder is not an error: %s", r.error())
        .isEqualTo(DayResult.Status.SUCCEEDED);
    assertThat(r.rows(BotMessages.TABLE)).as("zero rows").isZero();
    assertThat(partition).as("the rerun replaced the day: no rows, no partition").doesNotExist();
    assertThat(enriched().resolve(OutgoingDay.QUARANTINE).resolve("context_date=" + DAY))
        .as("no outgoing objects, no quarantine")
        .doesNotExist();
  }

  @Test
  void aDayWithoutUpdatesStillGetsItsBotMessages() throws IOException {
    writeRaw(raw(), DAY.minusDays(1), "1.json", textUpdate(1, "Oi"), T.minusSeconds(86_400));
    writeRaw(outgoing(), DAY, "api-7000000001-b.json", API_EDIT, T);

    DayResult r =
        TelegramEtlJob.run(
                spark, JobArgs.forDay(raw().toString(), enriched().toString(), DAY), l -> {})
            .single();

    assertThat(r.status()).as("no raw updates: %s", r.error()).isEqualTo(DayResult.Status.EMPTY);
    assertThat(r.rows(BotMessages.TABLE)).as("the edit is still a row").isEqualTo(1);
    assertThat(rows("record_key,message_id"))
        .as("exact row")
        .containsExactly("[api-7000000001-b.json,78]");
    assertThat(enriched().resolve("messages")).as("no update tables for the day").doesNotExist();
  }

  @Test
  void pseudonymizesPrivateChatIdsAndMasksTextLikeUserText() throws IOException {
    writeDay();
    Path key = Files.write(lake.resolve("key"), PseudonymizerTest.KEY_A);
    JobArgs args =
        JobArgs.forDay(raw().toString(), enriched().toString(), DAY)
            .withPseudonymize(PseudonymizeOptions.keyFile(key.toString()));

    DayResult r = TelegramEtlJob.run(spark, args, l -> {}).single();

    assertThat(r.status()).as("status %s", r.error()).isEqualTo(DayResult.Status.SUCCEEDED);
    PseudonymKey k = new PseudonymKey(PseudonymizerTest.KEY_A);
    assertThat(rows("record_key,chat_id,text"))
        .as("private chats hashed as the user, groups kept, text masked")
        .containsExactly(
            "[api-7000000001-a.json,-1001,Veja a foto]",
            "[api-7000000001-b.json," + k.pseudonym(42) + ",Editado]",
            "[api-7000000001-c.json,null,Obrigado]",
            "[api-7000000001-d.json," + k.pseudonym(43) + ",Oi?]",
            "[wr-1.json," + k.pseudonym(42) + ",Olá! Seu CPF <cpf> foi recebido.]");
    long messagesChat =
        spark
            .read()
            .parquet(enriched().resolve("messages").toString())
            .selectExpr("chat_id")
            .first()
            .getLong(0);
    assertThat(messagesChat)
        .as("the user's own message has the same chat pseudonym: bot and user rows join")
        .isEqualTo(k.pseudonym(42));
    String quarantine =
        new String(
            Files.readAllBytes(
                Files.list(
                        enriched().resolve(OutgoingDay.QUARANTINE).resolve("context_date=" + DAY))
                    .filter(p -> p.toString().endsWith(".json"))
                    .findFirst()
                    .orElseThrow()),
            StandardCharsets.UTF_8);
    assertThat(quarantine)
        .as("pseudonymized lakes keep no outgoing text in the quarantine")
        .contains("v2.json")
        .doesNotContain("Oi?");
  }

  @Test
  void defaultOutgoingFolderIsBesideRaw() {
    assertThat(
            Map.of(
                "s3://b/telegram", JobArgs.defaultOutgoing("s3://b/telegram"),
                "s3a://b/x/telegram/", JobArgs.defaultOutgoing("s3a://b/x/telegram/"),
                "s3://b", JobArgs.defaultOutgoing("s3://b"),
                "./lake/raw", JobArgs.defaultOutgoing("./lake/raw"),
                "file:///tmp/lake/raw", JobArgs.defaultOutgoing("file:///tmp/lake/raw")))
        .as("raw → default outgoing")
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "s3://b/telegram", "s3://b/outgoing",
                "s3a://b/x/telegram/", "s3a://b/x/outgoing",
                "s3://b", "s3://b/outgoing",
                "./lake/raw", "./lake/outgoing",
                "file:///tmp/lake/raw", "file:///tmp/lake/outgoing"));
  }
}
