package io.tglake.sample;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The demo report's response-time section: how fast and how often the bot answered, from {@code
 * bot_messages} (what the bot said) and {@code messages}. Same definitions as {@code
 * sql/queries/first_response_time_per_day.sql}: a conversation is a run of user messages in a
 * private chat with no silence over 30 minutes; its first response is the first message the bot
 * sent the chat (not an edit, not a callback answer, not refused by Telegram) from its first
 * message until the chat's next conversation (at most 24 h); percentiles are nearest-rank ({@code
 * percentile_disc}).
 */
final class ResponseTimesReport {

  private final SparkSession spark;
  private final PrintStream out;

  ResponseTimesReport(SparkSession spark, PrintStream out) {
    this.spark = spark;
    this.out = out;
  }

  /**
   * Prints the section; expects the view {@code messages} (filtered to the report's days) to exist.
   *
   * @param filter the day filter for {@code bot_messages} ({@code " AND ..."} or empty); answers to
   *     the last day's late questions sit in the next day's partition, so its upper limit should be
   *     one day later
   */
  void print(Path enriched, String zone, String filter) {
    out.println();
    out.println("4. Response times - what the bot said (bot_messages)");
    Path dir = enriched.resolve("bot_messages");
    if (!DemoReport.hasParquet(dir)) {
      out.println(
          "  no outgoing records: tglake ran as a passive collector (no relay, no Bot API pass-through)");
      return;
    }
    spark
        .read()
        .parquet(dir.toString())
        .where("true" + filter)
        .createOrReplaceTempView("bot_messages");
    spark
        .sql(
            """
        WITH um AS (
          SELECT chat_id, message_id, sent_at,
                 lag(sent_at) OVER (PARTITION BY chat_id ORDER BY sent_at, message_id) AS previous_at
          FROM messages
          WHERE update_type IN ('message', 'business_message') AND chat_type = 'private'
            AND NOT coalesce(user_is_bot, false)),
        numbered AS (
          SELECT *, sum(CASE WHEN previous_at IS NULL OR sent_at > previous_at + INTERVAL 30 MINUTES THEN 1 ELSE 0
                 END) OVER (PARTITION BY chat_id ORDER BY sent_at, message_id ROWS UNBOUNDED PRECEDING) AS n
          FROM um),
        conversations AS (SELECT chat_id, n, min(sent_at) AS started_at FROM numbered GROUP BY chat_id, n),
        windows AS (
          SELECT *, least(coalesce(lead(started_at) OVER (PARTITION BY chat_id ORDER BY started_at),
                 started_at + INTERVAL 1 DAY), started_at + INTERVAL 1 DAY) AS window_end
          FROM conversations),
        bot AS (
          SELECT chat_id, sent_at FROM bot_messages
          WHERE NOT edit AND lower(method) <> 'answercallbackquery' AND coalesce(ok, true))
        SELECT w.chat_id, w.started_at, count(b.sent_at) AS bot_messages,
               (unix_micros(min(b.sent_at)) - unix_micros(w.started_at)) / 1e6 AS first_response_seconds
        FROM windows w
        LEFT JOIN bot b ON b.chat_id = w.chat_id AND b.sent_at >= w.started_at AND b.sent_at < w.window_end
        GROUP BY w.chat_id, w.started_at""")
        .createOrReplaceTempView("responses");
    Row all =
        spark
            .sql(
                """
        SELECT count(*), count(first_response_seconds),
               percentile_disc(0.5) WITHIN GROUP (ORDER BY first_response_seconds),
               percentile_disc(0.9) WITHIN GROUP (ORDER BY first_response_seconds),
               avg(bot_messages)
        FROM responses""")
            .first();
    long conversations = all.getLong(0);
    long answered = all.getLong(1);
    out.printf(
        Locale.ROOT,
        "  conversations in private chats: %d, answered: %d, no answer: %d%n",
        conversations,
        answered,
        conversations - answered);
    if (answered > 0) {
      out.printf(
          Locale.ROOT,
          "  first response: p50 %s, p90 %s; bot messages per conversation: %.2f%n",
          seconds(all.getDouble(2)),
          seconds(all.getDouble(3)),
          all.getDouble(4));
    }
    List<Row> hours =
        spark
            .sql(
                "SELECT hour(from_utc_timestamp(started_at, '"
                    + zone
                    + "')) AS h, count(*), "
                    + "count(first_response_seconds), percentile_disc(0.5) WITHIN GROUP (ORDER BY first_response_seconds) "
                    + "FROM responses GROUP BY h ORDER BY h")
            .collectAsList();
    out.printf(
        "  by local hour the conversation started (%s): hour  conversations  answered  p50%n",
        zone);
    for (Row r : hours) {
      out.printf(
          Locale.ROOT,
          "    %02d:00  %6d  %6d  %s%n",
          r.getInt(0),
          r.getLong(1),
          r.getLong(2),
          r.isNullAt(3) ? "-" : seconds(r.getDouble(3)));
    }
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.1f s", s);
  }
}
