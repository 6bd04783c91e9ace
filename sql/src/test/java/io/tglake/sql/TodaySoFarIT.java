package io.tglake.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.cli.Cli;
import io.tglake.etl.DayResult;
import io.tglake.etl.EtlCommand;
import io.tglake.etl.RunKind;
import io.tglake.etl.RunResult;
import io.tglake.etl.TelegramEtlJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Today so far: raw objects written exactly as the ingest stores them (the body byte for byte, Telegram's
 * {@code {"update_id":N,} and the update on a second line), a redelivery across UTC midnight, a truncated object,
 * what the bot said as outgoing records; the real ETL run as the intraday refresh (run kind intraday) twice during
 * the day and then as the nightly scheduled run; the three today queries on Trino with exact rows after each.
 *
 * <pre>
 * UTC 2026-12-01 (nightly done)   23:30 Eva (private 2001) "Onde está meu pedido?"      local Tue 12-01 20:30
 * UTC 2026-12-02 refresh 1 (13:00): the 23:30 object again (redelivery, after midnight: dropped, counted on 12-01)
 *   03:10 Eva "onde esta meu pedido"  (local 00:10)    12:00 Fia (2002) "Onde está meu pedido?!"  (09:00)
 *   12:05 Fia /start                  (09:05)          12:30 Gil (2003) "Qual o prazo de entrega?" (09:30)
 *   12:40..12:59 twenty users "Bom dia!" in a supergroup (09:40..09:59)      + one truncated object (quarantined)
 *   bot: 12:00:02 webhook answer to Fia
 * refresh 2 (15:00) adds: 14:00 Gil "Alguém?" (11:00, a new conversation), 14:30 Ivo (2004) "Onde está meu
 *   pedido" (11:30); bot: 14:10 Bot API message to Eva (answers her 03:10 conversation)
 * </pre>
 */
class TodaySoFarIT {

  private static final LocalDate YESTERDAY = LocalDate.parse("2026-12-01");
  private static final LocalDate TODAY = LocalDate.parse("2026-12-02");

  private static ItLake lake;

  @BeforeAll
  static void lake() throws IOException {
    lake = ItLake.get();
    update(
        YESTERDAY,
        200001,
        2001,
        "Eva",
        "private",
        2001,
        "2026-12-01T23:30:00Z",
        "Onde está meu pedido?");
    RunResult nightly = etl("--date", YESTERDAY.toString());
    assertThat(nightly.single().status())
        .as("yesterday, as the nightly run left it")
        .isEqualTo(DayResult.Status.SUCCEEDED);
    try {
      register();
    } catch (Exception e) {
      throw new IllegalStateException("cannot register the lake in Trino", e);
    }
  }

  @Test
  void theIntradayRefreshMakesTodayQueryableAndTheNightlyRunKeepsTheSameAnswers() throws Exception {
    // Refresh 1, as the intraday schedule starts it at 13:00 UTC.
    Path redelivered = lake.raw.resolve("context_date=" + TODAY).resolve("200001.json");
    Files.createDirectories(redelivered.getParent());
    Files.copy(lake.raw.resolve("context_date=" + YESTERDAY).resolve("200001.json"), redelivered);
    Files.setLastModifiedTime(redelivered, FileTime.from(Instant.parse("2026-12-02T00:00:20Z")));
    update(
        TODAY,
        200002,
        2001,
        "Eva",
        "private",
        2001,
        "2026-12-02T03:10:00Z",
        "onde esta meu pedido");
    update(
        TODAY,
        200003,
        2002,
        "Fia",
        "private",
        2002,
        "2026-12-02T12:00:00Z",
        "Onde está meu pedido?!");
    update(TODAY, 200004, 2002, "Fia", "private", 2002, "2026-12-02T12:05:00Z", "/start");
    update(
        TODAY,
        200005,
        2003,
        "Gil",
        "private",
        2003,
        "2026-12-02T12:30:00Z",
        "Qual o prazo de entrega?");
    for (int i = 0; i < 20; i++) {
      update(
          TODAY,
          200010 + i,
          2100 + i,
          "U" + i,
          "supergroup",
          -100500,
          "2026-12-02T12:%02d:00Z".formatted(40 + i),
          "Bom dia!");
    }
    Path broken = lake.raw.resolve("context_date=" + TODAY).resolve("200099.json");
    Files.writeString(
        broken,
        "{\"update_id\":200099,\n\"message\":{\"message_id\":9,\"chat\":{\"id\":20",
        StandardCharsets.UTF_8);
    outgoing(
        "wr-200003.json",
        "{\"record_version\": 1, \"source\": \"webhook_response\", \"bot_id\": 7000000001, "
            + "\"method\": \"sendMessage\", \"in_response_to_update_id\": 200003, \"captured_at\": \"2026-12-02T12:00:02.000Z\", "
            + "\"request\": {\"chat_id\": 2002, \"text\": \"Vou verificar seu pedido.\"}, \"ok\": null, \"result\": null, "
            + "\"error_code\": null, \"description\": null}");

    RunResult first = etl("--intraday-time", "2026-12-02T13:00:00Z");
    DayResult day = first.single();
    assertThat(day.status())
        .as("one truncated object in 26 stays under --max-bad-fraction: %s", day)
        .isEqualTo(DayResult.Status.SUCCEEDED);
    assertThat(day.quarantined()).as("the truncated object").isEqualTo(1);
    assertThat(day.duplicatesDropped()).as("the redelivery across midnight").isEqualTo(1);
    assertThat(first.exitCode(RunKind.INTRADAY)).isZero();
    register();

    assertToday(
        "today_messages_per_local_hour",
        "local_date|local_hour|messages|users",
        "2026-12-02|0|1|1",
        "2026-12-02|9|23|22");
    assertToday(
        "today_top_questions",
        "question|messages|users",
        "bom dia|20|20",
        "onde esta meu pedido|1|1",
        "onde está meu pedido|1|1",
        "qual o prazo de entrega|1|1");
    assertToday(
        "today_unanswered_conversations",
        "local_date|chat_id|local_started_at|last_user_message_at|user_messages",
        "2026-12-02|2001|2026-12-02 00:10:00.000|2026-12-02 03:10:00.000|1",
        "2026-12-02|2003|2026-12-02 09:30:00.000|2026-12-02 12:30:00.000|1");

    // Refresh 2 at 15:00 UTC: new messages and the bot's late answer to Eva replace today's
    // partitions.
    update(TODAY, 200030, 2003, "Gil", "private", 2003, "2026-12-02T14:00:00Z", "Alguém?");
    update(
        TODAY,
        200031,
        2004,
        "Ivo",
        "private",
        2004,
        "2026-12-02T14:30:00Z",
        "Onde está meu pedido");
    outgoing(
        "api-7000000001-t1.json",
        "{\"record_version\": 1, \"source\": \"bot_api\", \"bot_id\": 7000000001, "
            + "\"method\": \"sendMessage\", \"in_response_to_update_id\": null, \"captured_at\": \"2026-12-02T14:10:00.300Z\", "
            + "\"request\": {\"chat_id\": 2001, \"text\": \"Seu pedido sai hoje.\"}, \"ok\": true, \"result\": {\"message_id\": "
            + "9100, \"date\": "
            + Instant.parse("2026-12-02T14:10:00Z").getEpochSecond()
            + ", \"chat\": {\"id\": 2001, "
            + "\"type\": \"private\"}, \"text\": \"Seu pedido sai hoje.\"}, \"error_code\": null, \"description\": null}");
    assertThat(etl("--intraday-time", "2026-12-02T15:00:00Z").single().status())
        .isEqualTo(DayResult.Status.SUCCEEDED);
    register();
    String[] hours = {"2026-12-02|0|1|1", "2026-12-02|9|23|22", "2026-12-02|11|2|2"};
    String[] top = {
      "bom dia|20|20",
      "onde está meu pedido|2|2",
      "alguém|1|1",
      "onde esta meu pedido|1|1",
      "qual o prazo de entrega|1|1"
    };
    String[] waiting = {
      "2026-12-02|2003|2026-12-02 09:30:00.000|2026-12-02 12:30:00.000|1",
      "2026-12-02|2003|2026-12-02 11:00:00.000|2026-12-02 14:00:00.000|1",
      "2026-12-02|2004|2026-12-02 11:30:00.000|2026-12-02 14:30:00.000|1"
    };
    assertToday("today_messages_per_local_hour", "local_date|local_hour|messages|users", hours);
    assertToday("today_top_questions", "question|messages|users", top);
    assertToday(
        "today_unanswered_conversations",
        "local_date|chat_id|local_started_at|last_user_message_at|user_messages",
        waiting);

    // The nightly run of the day (01:30 UTC next day): a scheduled run, not a duplicate start of
    // anything the
    // refreshes left, and the same answers, now final.
    RunResult nightly = etl("--scheduled-time", "2026-12-03T01:30:00Z");
    assertThat(nightly.single().status())
        .as("the refreshes took no scheduled-start marker: %s", nightly.single())
        .isEqualTo(DayResult.Status.SUCCEEDED);
    register();
    assertToday("today_messages_per_local_hour", "local_date|local_hour|messages|users", hours);
    assertToday("today_top_questions", "question|messages|users", top);
    assertToday(
        "today_unanswered_conversations",
        "local_date|chat_id|local_started_at|last_user_message_at|user_messages",
        waiting);
  }

  @Test
  void noConversationIsCalledUnansweredOnADayWithoutOutgoingRecords() {
    // Eva's 23:30 UTC message is local 20:30 on 12-01, a day for which the lake holds nothing the
    // bot said.
    assertResult(
        "today_unanswered_conversations",
        YESTERDAY,
        "local_date|chat_id|local_started_at|last_user_message_at|user_messages");
    assertResult(
        "today_messages_per_local_hour",
        YESTERDAY,
        "local_date|local_hour|messages|users",
        "2026-12-01|20|1|1");
  }

  /** The ETL on the IT lake as bin/tglake etl would run it with these day options. */
  private static RunResult etl(String... dayOptions) {
    List<String> argv =
        new ArrayList<>(
            List.of("--raw", lake.raw.toString(), "--enriched", lake.enriched.toString()));
    argv.addAll(Arrays.asList(dayOptions));
    List<RunResult> results = new ArrayList<>();
    int code =
        Cli.of(
                new EtlCommand(
                    Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC),
                    args -> {
                      results.add(TelegramEtlJob.run(lake.spark, args, line -> {}));
                      return 0;
                    }))
            .execute(argv.toArray(String[]::new));
    if (code != 0 || results.size() != 1) {
      throw new IllegalStateException("etl " + argv + " ended with exit code " + code);
    }
    return results.get(0);
  }

  private static void register() throws Exception {
    try (Connection c = lake.connect()) {
      lake.tables.register(c, ItLake.SCHEMA, ItLake.TZ);
    }
  }

  /**
   * One update as the ingest stores it: Telegram's body byte for byte, {@code update_id} on the
   * first line and the message on the second, under the day it arrived, last-modified = arrival (a
   * second after the message).
   */
  private static void update(
      LocalDate day,
      long updateId,
      long userId,
      String name,
      String chatType,
      long chatId,
      String sentAt,
      String text)
      throws IOException {
    long date = Instant.parse(sentAt).getEpochSecond();
    String chat =
        chatType.equals("private")
            ? "{\"id\":" + chatId + ",\"first_name\":\"" + name + "\",\"type\":\"private\"}"
            : "{\"id\":" + chatId + ",\"title\":\"Loja\",\"type\":\"" + chatType + "\"}";
    String body =
        "{\"update_id\":"
            + updateId
            + ",\n\"message\":{\"message_id\":"
            + (updateId - 199000)
            + ",\"from\":{\"id\":"
            + userId
            + ",\"is_bot\":false,\"first_name\":\""
            + name
            + "\",\"language_code\":\"pt-br\"},"
            + "\"chat\":"
            + chat
            + ",\"date\":"
            + date
            + ",\"text\":\""
            + text
            + "\""
            + (text.startsWith("/")
                ? ",\"entities\":[{\"offset\":0,\"length\":"
                    + text.length()
                    + ",\"type\":\"bot_command\"}]"
                : "")
            + "}}";
    Path file = lake.raw.resolve("context_date=" + day).resolve(updateId + ".json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, body, StandardCharsets.UTF_8);
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse(sentAt).plusSeconds(1)));
  }

  private static void outgoing(String name, String json) throws IOException {
    Path file = lake.root.resolve("outgoing").resolve("context_date=" + TODAY).resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, json, StandardCharsets.UTF_8);
  }

  private static void assertToday(String query, String header, String... rows) {
    assertResult(query, TODAY, header, rows);
  }

  private static void assertResult(String query, LocalDate day, String header, String... rows) {
    QueryResult result = lake.query(query, day, day);
    assertThat(String.join("|", result.columns())).as("%s columns", query).isEqualTo(header);
    List<String> actual = new ArrayList<>();
    for (List<String> row : result.rows()) {
      actual.add(String.join("|", row.stream().map(v -> v == null ? "NULL" : v).toList()));
    }
    assertThat(actual)
        .as("%s rows for %s:%n%s", query, day, result.toTable())
        .containsExactlyElementsOf(Arrays.asList(rows));
  }
}
