package io.tglake.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.bench.DuckDbBaseline.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DuckDB's declared-columns baseline on hand-written objects: which updates become messages rows,
 * and how.
 */
class DuckDbBaselineTest {

  private static final LocalDate DAY = LocalDate.of(2026, 3, 2);

  @Test
  void declaredWritesOneFlattenedRowPerMessageLikeUpdateAndIgnoresUndeclaredKeys(@TempDir Path tmp)
      throws Exception {
    Path day = Files.createDirectories(tmp.resolve("raw").resolve("context_date=" + DAY));
    Files.writeString(
        day.resolve("1.json"),
        """
        {"update_id":1,"message":{"message_id":10,"date":1772409655,"text":"/Start@SupportBot now",\
        "entities":[{"offset":0,"length":17,"type":"bot_command"}],\
        "from":{"id":7,"is_bot":false,"first_name":"Ana","added_to_attachment_menu":true},\
        "chat":{"id":7,"type":"private","first_name":"Ana"}},"undeclared_top_level":{"x":1}}""");
    // pretty-printed with tabs and CRLF, as some deliveries are stored; no bot_command entity, so
    // no command
    Files.writeString(
        day.resolve("2.json"),
        "{\r\n\t\"update_id\": 2,\r\n\t\"edited_message\": {\"message_id\": 10,"
            + " \"date\": 1772409655, \"edit_date\": 1772409700, \"text\": \"/start later\", \"chat\": {\"id\": 7,"
            + " \"type\": \"private\"}, \"from\": {\"id\": 7, \"is_bot\": false, \"first_name\": \"Ana\"}}\r\n}\r\n");
    Files.writeString(
        day.resolve("3.json"),
        """
        {"update_id":3,"channel_post":{"message_id":5,"date":1772409800,"text":"news",\
        "sender_chat":{"id":-100},"chat":{"id":-100,"type":"channel","title":"Aurora"}}}""");
    Files.writeString(
        day.resolve("4.json"),
        """
        {"update_id":4,"callback_query":{"id":"c1","from":{"id":7,"is_bot":false,"first_name":"Ana"},\
        "chat_instance":"1","data":"helpful:yes"}}""");
    Files.writeString(
        day.resolve("5.json"),
        """
        {"update_id":5,"message":{"message_id":11,"date":1772409900,"caption":"print do erro",\
        "photo":[{"file_id":"p","file_unique_id":"u","width":90,"height":90}],\
        "reply_to_message":{"message_id":10,"date":1772409655,"chat":{"id":7,"type":"private"}},\
        "from":{"id":7,"is_bot":false,"first_name":"Ana"},"chat":{"id":7,"type":"private"}}}""");
    Files.writeString(
        day.resolve("6.json"),
        """
        {"update_id":6,"message":{"message_id":12,"date":1772410000,"text":"oi 😀 /help",\
        "entities":[{"offset":6,"length":5,"type":"bot_command"}],\
        "from":{"id":8,"is_bot":false,"first_name":"Bo"},"chat":{"id":8,"type":"private"}}}""");

    long rows = DuckDbBaseline.write(day, tmp.resolve("duckdb"), 1, Mode.DECLARED, DAY);

    assertThat(rows)
        .as("five message-like updates; the callback query is not a message")
        .isEqualTo(5);
    assertThat(read(DuckDbBaseline.target(tmp.resolve("duckdb"), Mode.DECLARED)))
        .containsExactly(
            "1|message|10|7|private|/start|null|null|2026-03-02",
            "2|edited_message|10|7|private|null|null|null|2026-03-02",
            "3|channel_post|5|null|channel|null|null|null|2026-03-02",
            "5|message|11|7|private|null|10|print do erro|2026-03-02",
            "6|message|12|8|private|null|null|null|2026-03-02");
  }

  private static List<String> read(Path parquet) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT update_id, update_type, message_id, user_id, chat_type, command, "
                    + "reply_to_message_id, caption, context_date FROM read_parquet('"
                    + parquet
                    + "') ORDER BY update_id")) {
      while (rs.next()) {
        List<String> cols = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
          cols.add(String.valueOf(rs.getObject(i)));
        }
        rows.add(String.join("|", cols));
      }
    }
    return rows;
  }
}
