package io.tglake.sql;

import static io.tglake.sql.ItLake.DAY1;
import static io.tglake.sql.ItLake.DAY2;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every query of sql/queries on Trino 476 over the lake the real ETL made from the fixture
 * (src/test/resources/raw). Expected rows are worked out by hand from the fixture:
 *
 * <pre>
 * UTC 2026-11-20 (Fri; Sao Paulo = UTC-3)          UTC 2026-11-21 (Sat)
 * 12:00 Ana /start                                  00:10 Carla "Alguém pode me ajudar?"   (local Fri 21h)
 * 12:01 Ana "Como faço para redefinir minha senha?" 09:00 Ana "Ainda não consegui redefinir a senha"
 * 12:03 Ana callback helped:no                      09:01 Ana /human
 * 12:04 Ana "Quero falar com um atendente"          10:00 Bob forward "Your password was changed"
 * 13:00 Ana "como faço para redefinir minha senha"  10:01 Bob callback helped:yes
 * 14:00 Bob /help                                   15:00 Dan "How do I reset my password?"
 * 14:02 Bob "How do I reset my password?"           15:01 Dan sticker
 * 14:03 Bob edits it                                15:02 Dan callback helped:yes
 * 14:05 Bob callback helped:yes                     + redelivery of 100011 (Carla 23:50) after midnight:
 * 14:10 Bob photo, caption "Error screen 😕"          the ETL must count it once, on 2026-11-20
 * 23:50 Carla "Oi, minha fatura veio errada"
 * </pre>
 *
 * <p>What the bot said (src/test/resources/outgoing; W = webhook answer timed by capture, A = Bot
 * API send timed by Telegram's date, + = "did this help?" buttons):
 *
 * <pre>
 * 12:00:02.000 W Ana "Olá! Como posso ajudar?"         00:10:30.000 W Carla "Um momento, vou verificar..."
 * 12:01:05     A Ana msg 9001 "Para redefinir..." +      09:00:40     A Ana "Vamos tentar de novo..."
 * 12:03:01     A answerCallbackQuery cb100003            09:03:01     A Ana "Transferindo para um atendente..."
 * 12:04:03.500 W Ana "Um atendente vai falar..."         10:00:20     A Bob msg 9003 "Great! Anything else?" +
 * 14:00:10     A Bob "Choose a topic..."                 15:00:04.250 W Dan "To reset your password..." +
 * 14:02:30     A Bob msg 9002 "To reset your..." +       15:06:00     A Dan: refused (403, blocked)
 * 14:05:05     A Bob: edit of 9002
 * </pre>
 *
 * Conversations (private chat, 30 min rule): Ana 12:00 (first answer 2.0 s, 3 bot messages), Ana
 * 13:00 (no answer), Bob 14:00 (10.0 s, 2), Carla 23:50 (answered after midnight: 1230.0 s, 1); day
 * 2: Ana 09:00 (40.0 s, 2), Bob 10:00 (20.0 s, 1), Dan 15:00 (4.25 s, 1).
 */
class QueriesIT {

  private static ItLake lake;

  @BeforeAll
  static void lake() {
    lake = ItLake.get();
  }

  @Test
  void everyLibraryQueryIsCoveredHere() {
    assertThat(new QueryLibrary(Optional.of(Path.of("queries"))).names())
        .as("a new query file needs exact-row assertions in this class")
        .containsExactlyInAnyOrder(
            "activity_hour_weekday_local",
            "avg_text_length_per_user",
            "content_types",
            "daily_active_new_users",
            "edited_forwarded_per_day",
            "messages_per_day",
            "messages_per_user_per_day",
            "resolution_signals_per_day",
            "sessions_per_day",
            "top_commands",
            "top_questions",
            "top_words",
            "first_response_time_per_day",
            "first_response_time_per_local_hour",
            "unanswered_conversations",
            "human_handoff_time",
            "bot_messages_per_conversation",
            "helpfulness_per_answer",
            // today so far (local day, intraday refresh): exact rows in TodaySoFarIT
            "today_messages_per_local_hour",
            "today_top_questions",
            "today_unanswered_conversations");
  }

  @Test
  void messagesPerDayCountsTheRedeliveryOnceAndLeavesEditsOut() {
    assertResult(
        "messages_per_day",
        DAY1,
        DAY2,
        "context_date|messages|users",
        "2026-11-20|8|3",
        "2026-11-21|6|4");
  }

  @Test
  void messagesPerUserPerDay() {
    assertResult(
        "messages_per_user_per_day",
        DAY1,
        DAY2,
        "context_date|user_id|user_first_name|messages",
        "2026-11-20|1001|Ana|4",
        "2026-11-20|1002|Bob|3",
        "2026-11-20|1003|Carla|1",
        "2026-11-21|1001|Ana|2",
        "2026-11-21|1004|Dan|2",
        "2026-11-21|1002|Bob|1",
        "2026-11-21|1003|Carla|1");
  }

  @Test
  void averageTextLengthPerUserIgnoresCommandsAndMedia() {
    // Ana (37+28+36+36)/4 = 34.25, Bob (27+25)/2, Carla (28+22)/2, Dan 27
    assertResult(
        "avg_text_length_per_user",
        DAY1,
        DAY2,
        "user_id|user_first_name|text_messages|avg_text_length",
        "1001|Ana|4|34.3",
        "1004|Dan|1|27.0",
        "1002|Bob|2|26.0",
        "1003|Carla|2|25.0");
  }

  @Test
  void hourWeekdayActivityIsInSaoPauloTimeNotUtc() {
    assertResult(
        "activity_hour_weekday_local",
        DAY1,
        DAY2,
        "local_weekday|local_weekday_name|local_hour|messages",
        "5|Fri|9|3",
        "5|Fri|10|1",
        "5|Fri|11|3",
        "5|Fri|20|1",
        "5|Fri|21|1", // Carla 00:10 UTC Saturday is still Friday evening in Sao Paulo
        "6|Sat|6|2",
        "6|Sat|7|1",
        "6|Sat|12|2");
  }

  @Test
  void hourWeekdayForOneDayReadsOnlyThatPartition() {
    assertResult(
        "activity_hour_weekday_local",
        DAY2,
        DAY2,
        "local_weekday|local_weekday_name|local_hour|messages",
        "5|Fri|21|1",
        "6|Sat|6|2",
        "6|Sat|7|1",
        "6|Sat|12|2");
  }

  @Test
  void topQuestionsNormalizeCaseAndPunctuationAndSkipForwards() {
    assertResult(
        "top_questions",
        DAY1,
        DAY2,
        "question|messages|users",
        "how do i reset my password|2|2",
        "como faço para redefinir minha senha|2|1",
        "ainda não consegui redefinir a senha|1|1",
        "alguém pode me ajudar|1|1",
        "oi minha fatura veio errada|1|1",
        "quero falar com um atendente|1|1");
  }

  @Test
  void topCommands() {
    assertResult(
        "top_commands", DAY1, DAY2, "command|uses|users", "/help|1|1", "/human|1|1", "/start|1|1");
  }

  @Test
  void topWordsDropPortugueseAndEnglishStopWords() {
    assertResult(
        "top_words",
        DAY1,
        DAY2,
        "word|occurrences",
        "redefinir|3",
        "senha|3",
        "faço|2",
        "password|2",
        "reset|2",
        "ajudar|1",
        "atendente|1",
        "consegui|1",
        "errada|1",
        "error|1",
        "falar|1",
        "fatura|1",
        "pode|1",
        "quero|1",
        "screen|1",
        "veio|1");
  }

  @Test
  void contentTypes() {
    assertResult(
        "content_types",
        DAY1,
        DAY2,
        "message_type|messages|share_pct",
        "text|12|85.7",
        "photo|1|7.1",
        "sticker|1|7.1");
  }

  @Test
  void dailyActiveAndNewUsers() {
    assertResult(
        "daily_active_new_users",
        DAY1,
        DAY2,
        "context_date|active_users|new_users",
        "2026-11-20|3|3",
        "2026-11-21|4|1");
  }

  @Test
  void newUsersLookBeforeTheWindow() {
    assertResult(
        "daily_active_new_users",
        DAY2,
        DAY2,
        "context_date|active_users|new_users",
        "2026-11-21|4|1");
  }

  @Test
  void resolutionSignals() {
    // day 1: Ana no, Bob yes; Ana asks for an "atendente"; Ana comes back 56 min after her first
    // session
    // day 2: Bob yes, Dan yes; Ana sends /human; Ana (20 h) and Bob (19 h 50) come back within 24 h
    assertResult(
        "resolution_signals_per_day",
        DAY1,
        DAY2,
        "context_date|feedback_yes|feedback_no|resolution_rate|human_requests|returning_users",
        "2026-11-20|1|1|0.5|1|1",
        "2026-11-21|2|0|1.0|1|2");
  }

  @Test
  void returningUsersSeeThePreviousDay() {
    assertResult(
        "resolution_signals_per_day",
        DAY2,
        DAY2,
        "context_date|feedback_yes|feedback_no|resolution_rate|human_requests|returning_users",
        "2026-11-21|2|0|1.0|1|2");
  }

  @Test
  void sessionsSplitAfterThirtyMinutesOfSilence() {
    // day 1: Ana 12:00-12:04 (3) and 13:00 (1), Bob 14:00-14:10 (3), Carla 23:50-00:10 (2, crosses
    // midnight)
    // day 2: Ana 09:00-09:01 (2), Bob 10:00 (1), Dan 15:00-15:01 (2)
    assertResult(
        "sessions_per_day",
        DAY1,
        DAY2,
        "context_date|sessions|avg_messages_per_session|avg_duration_seconds|max_duration_seconds",
        "2026-11-20|4|2.25|510.0|1200",
        "2026-11-21|3|1.67|40.0|60");
  }

  @Test
  void firstResponseTimePerDay() {
    // day 1 answered: 2.0, 10.0, 1230.0 -> p50 = 2nd, p90 = 3rd; day 2: 4.25, 20.0, 40.0
    assertResult(
        "first_response_time_per_day",
        DAY1,
        DAY2,
        "context_date|conversations|answered|unanswered|p50_first_response_seconds|p90_first_response_seconds",
        "2026-11-20|4|3|1|10.0|1230.0",
        "2026-11-21|3|3|0|20.0|40.0");
  }

  @Test
  void firstResponseTimePerLocalHourUsesTheConversationsSaoPauloStart() {
    assertResult(
        "first_response_time_per_local_hour",
        DAY1,
        DAY2,
        "local_hour|conversations|answered|unanswered|p50_first_response_seconds|p90_first_response_seconds",
        "6|1|1|0|40.0|40.0",
        "7|1|1|0|20.0|20.0",
        "9|1|1|0|2.0|2.0",
        "10|1|0|1|NULL|NULL",
        "11|1|1|0|10.0|10.0",
        "12|1|1|0|4.25|4.25",
        "20|1|1|0|1230.0|1230.0");
  }

  @Test
  void unansweredConversations() {
    assertResult(
        "unanswered_conversations",
        DAY1,
        DAY2,
        "context_date|chat_id|started_at|last_user_message_at|user_messages",
        "2026-11-20|1001|2026-11-20 13:00:00.000|2026-11-20 13:00:00.000|1");
  }

  @Test
  void aQuestionAnsweredAfterMidnightNeedsTheNextDaysBotMessages() {
    // Carla's 23:50 conversation is day 1's; the answer is in day 2's bot_messages partition (read:
    // to + 1 day).
    assertResult(
        "first_response_time_per_day",
        DAY1,
        DAY1,
        "context_date|conversations|answered|unanswered|p50_first_response_seconds|p90_first_response_seconds",
        "2026-11-20|4|3|1|10.0|1230.0");
  }

  @Test
  void humanHandOffTime() {
    // Ana asks for an "atendente" at 12:04:00, handed off 12:04:03.500; /human at 09:01:00,
    // 09:03:01
    assertResult(
        "human_handoff_time",
        DAY1,
        DAY2,
        "context_date|human_requests|handed_off|p50_handoff_seconds|max_handoff_seconds",
        "2026-11-20|1|1|3.5|3.5",
        "2026-11-21|1|1|121.0|121.0");
  }

  @Test
  void botMessagesPerConversationLeaveEditsCallbackAnswersAndRefusalsOut() {
    assertResult(
        "bot_messages_per_conversation",
        DAY1,
        DAY2,
        "context_date|conversations|user_messages|bot_messages|avg_bot_messages_per_conversation|"
            + "max_bot_messages_per_conversation",
        "2026-11-20|4|9|6|1.5|3",
        "2026-11-21|3|5|4|1.33|2");
  }

  @Test
  void helpfulnessPerAnswerMatchesPressesToAnswersAlsoWithoutMessageId() {
    // cb100019 presses Dan's message 9004: the webhook answer has no message_id, the latest answer
    // with buttons
    // in his chat before the press is it
    assertResult(
        "helpfulness_per_answer",
        DAY1,
        DAY2,
        "answer_type|shown|feedback_yes|feedback_no|helped_rate",
        "Great! Anything else?|1|1|0|1.0",
        "Para redefinir a senha, acesse Configurações.|1|0|1|0.0",
        "To reset your password, open Settings.|2|2|0|1.0");
  }

  @Test
  void editedAndForwarded() {
    assertResult(
        "edited_forwarded_per_day",
        DAY1,
        DAY2,
        "context_date|messages|edited|forwarded",
        "2026-11-20|8|1|0",
        "2026-11-21|6|0|1");
  }

  @Test
  void localTimeViewConvertsUtcToTheConfiguredZone() throws Exception {
    try (Connection c = lake.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT CAST(local_sent_at AS varchar), CAST(local_date AS varchar), "
                    + "local_hour, local_weekday, local_weekday_name, CAST(context_date AS varchar) "
                    + "FROM messages_local WHERE update_id = 100012")) {
      assertThat(rs.next()).isTrue();
      assertThat(
              List.of(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6)))
          .as(
              "00:10 UTC on Saturday 21 is 21:10 on Friday 20 in Sao Paulo; the partition stays UTC")
          .containsExactly("2026-11-20 21:10:00.000", "2026-11-20", "21", "5", "Fri", "2026-11-21");
    }
  }

  @Test
  void bytesReadForOneDayHourQueryVersusRawJson() {
    // A generated day of realistic traffic: partition pruning (one day) and column pruning
    // (sent_at,
    // update_type of one Parquet file) leave a few percent of the raw JSON to read.
    QueryResult day = lake.query("activity_hour_weekday_local", ItLake.GEN_FROM, ItLake.GEN_FROM);
    long raw = lake.rawBytes(ItLake.GEN_FROM);
    System.out.printf(
        "BYTES-READ generated day %s (%d updates): Trino physicalInputBytes=%d, raw JSON=%d bytes"
            + " (%.2f%%)%n",
        ItLake.GEN_FROM,
        ItLake.GEN_UPDATES_PER_DAY,
        day.bytesRead(),
        raw,
        100.0 * day.bytesRead() / raw);
    QueryResult fixture = lake.query("activity_hour_weekday_local", DAY1, DAY1);
    System.out.printf(
        "BYTES-READ fixture day %s: Trino physicalInputBytes=%d, raw JSON=%d bytes (tiny day: Parquet"
            + " footers dominate)%n",
        DAY1, fixture.bytesRead(), lake.rawBytes(DAY1));

    assertThat(day.bytesRead()).as("Trino reports what it read").isPositive();
    assertThat(day.bytesRead())
        .as("partition + column pruning read a small fraction of the raw day")
        .isLessThan(raw / 10);
    QueryResult twoDays = lake.query("activity_hour_weekday_local", ItLake.GEN_FROM, ItLake.GEN_TO);
    assertThat(day.bytesRead())
        .as("a one-day window prunes the other partition")
        .isLessThan(twoDays.bytesRead());
  }

  private static void assertResult(
      String query,
      java.time.LocalDate from,
      java.time.LocalDate to,
      String header,
      String... rows) {
    QueryResult result = lake.query(query, from, to);
    assertThat(String.join("|", result.columns())).as("%s columns", query).isEqualTo(header);
    List<String> actual = new ArrayList<>();
    for (List<String> row : result.rows()) {
      actual.add(String.join("|", row.stream().map(v -> v == null ? "NULL" : v).toList()));
    }
    assertThat(actual)
        .as("%s rows for %s..%s:%n%s", query, from, to, result.toTable())
        .containsExactlyElementsOf(Arrays.asList(rows));
  }
}
