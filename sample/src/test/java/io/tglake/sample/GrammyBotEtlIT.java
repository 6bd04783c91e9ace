package io.tglake.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.etl.BotMessages;
import io.tglake.etl.DayResult;
import io.tglake.etl.JobArgs;
import io.tglake.etl.TelegramEtlJob;
import io.tglake.ingest.local.GrammyBotRun;
import io.tglake.testkit.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake a real grammY bot behind tglake's relay and pass-through produced ({@link GrammyBotRun},
 * serve's test fixture), through the ETL: exact {@code bot_messages} rows, and the first-response
 * time the demo report computes from them (same definitions as {@code
 * sql/queries/first_response_time_per_day.sql}).
 */
class GrammyBotEtlIT {
  /**
   * tglake's clock: half a second after the user's message (Telegram's date 2026-11-23T02:15:12Z).
   */
  private static final Instant NOW = Instant.parse("2026-11-23T02:15:12.500Z");

  private static final LocalDate DAY = LocalDate.parse("2026-11-23");

  @TempDir Path dir;

  @Test
  void botMessagesAndFirstResponseTimesComeFromWhatTheRealBotSaid() throws Exception {
    GrammyBotRun.Result run =
        GrammyBotRun.run(
            dir, NOW, Path.of("../serve/src/test/node/grammy-bot"), Path.of("target/grammy-bot"));
    assertThat(run.outgoing())
        .as("the relay's and the pass-through's records (bot output in the log: %s)", run.log())
        .hasSize(3);
    SparkSession spark = SharedSpark.get();
    Path enriched = dir.resolve("enriched");

    DayResult r =
        TelegramEtlJob.run(
                spark,
                JobArgs.forDay(dir.resolve("raw").toString(), enriched.toString(), DAY),
                l -> {})
            .single();

    assertThat(r.status()).as("status %s", r.error()).isEqualTo(DayResult.Status.SUCCEEDED);
    assertThat(r.rows("messages")).as("the user's message").isEqualTo(1);
    List<String> rows =
        spark
            .read()
            .parquet(enriched.resolve(BotMessages.TABLE).toString())
            .selectExpr(
                "regexp_replace(record_key, '[0-9a-f]{64}', '<sha256>')",
                "source",
                "bot_id",
                "method",
                "message_type",
                "chat_id",
                "chat_type",
                "message_id",
                "reply_to_message_id",
                "in_response_to_update_id",
                "callback_query_id",
                "text",
                "cast(sent_at as string)",
                "edit",
                "button_count",
                "ok",
                "cast(context_date as string)")
            .orderBy("sent_at", "method")
            .collectAsList()
            .stream()
            .map(Row::toString)
            .toList();
    assertThat(rows)
        .as(
            "one row per thing the bot said: the webhook reply (sent when tglake answered Telegram), "
                + "the callback answer and the Bot API message (Telegram's date)")
        .containsExactly(
            "[api-6123456789-<sha256>.json,bot_api,6123456789,answerCallbackQuery,callback_answer,null,null,null,null,"
                + "null,4382bfdwdsb323b2d9,Obrigado!,2026-11-23 02:15:12.5,false,0,true,2026-11-23]",
            "[wr-500020001.json,webhook_response,6123456789,sendMessage,text,7391200458,private,null,null,500020001,"
                + "null,Recebido: Meu pedido não chegou,2026-11-23 02:15:12.5,false,0,null,2026-11-23]",
            "[api-6123456789-<sha256>.json,bot_api,6123456789,sendMessage,text,7391200458,private,5002,null,null,null,"
                + "Um atendente responde em breve.,2026-11-23 02:15:13,false,1,true,2026-11-23]");

    spark
        .read()
        .parquet(enriched.resolve("messages").toString())
        .createOrReplaceTempView("messages");
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    new ResponseTimesReport(spark, new PrintStream(report, true, StandardCharsets.UTF_8))
        .print(enriched, "America/Sao_Paulo", "");
    assertThat(report.toString(StandardCharsets.UTF_8).lines().toList())
        .as(
            "first response = the webhook reply, 0.5 s after the message; the callback answer is no message")
        .containsExactly(
            "",
            "4. Response times - what the bot said (bot_messages)",
            "  conversations in private chats: 1, answered: 1, no answer: 0",
            "  first response: p50 0.5 s, p90 0.5 s; bot messages per conversation: 2.00",
            "  by local hour the conversation started (America/Sao_Paulo): hour  conversations  answered  p50",
            "    23:00       1       1  0.5 s");
  }
}
