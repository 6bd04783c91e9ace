package io.tglake.etl;

import io.tglake.contract.Metrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Raw and outgoing days for the range tests, written as the ingest stores them, and a lake's
 * content read back as comparable text: per table and day, the rows as strings, sorted.
 */
final class RangeLake {

  static final LocalDate D1 = LocalDate.parse("2026-11-20");
  static final LocalDate D2 = D1.plusDays(1);
  static final LocalDate D3 = D1.plusDays(2);
  static final LocalDate D4 = D1.plusDays(3);
  static final LocalDate D5 = D1.plusDays(4);
  static final List<String> TABLES = Metrics.ETL_ROWS_TABLES;

  private RangeLake() {}

  /**
   * A file under {@code <root>/<layer>/context_date=day/} with a last-modified time (= when it was
   * received).
   */
  static void put(
      Path root, String layer, LocalDate day, String name, String body, Instant modified)
      throws IOException {
    Path dir = root.resolve(layer).resolve("context_date=" + day);
    Files.createDirectories(dir);
    Path file = dir.resolve(name);
    Files.writeString(file, body, StandardCharsets.UTF_8);
    Files.setLastModifiedTime(file, FileTime.from(modified));
  }

  static Instant at(LocalDate day, int second) {
    return day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plusSeconds(36_000 + second);
  }

  static String outgoingRecord(long inResponseTo, long chatId, String text) {
    return "{\"record_version\":1,\"source\":\"webhook_response\",\"bot_id\":7,\"method\":\"sendMessage\","
        + "\"in_response_to_update_id\":"
        + inResponseTo
        + ",\"captured_at\":\"2026-11-20T10:00:05Z\","
        + "\"request\":{\"chat_id\":"
        + chatId
        + ",\"text\":\""
        + text
        + "\"},\"ok\":null,\"result\":null,"
        + "\"error_code\":null,\"description\":null}";
  }

  /**
   * Five days with every case a range meets: D1 a redelivery within the day (two objects of update
   * 2) and an answer of the bot; D2 a redelivery of D1's update 3 (crosses midnight inside the
   * range), a callback, an entity; D3 an empty partition folder; D4 no folder at all; D5 twenty
   * updates, one broken object (quarantined, under the 5% gate) and a member join.
   */
  static void fiveDays(Path root) throws IOException {
    put(root, "raw", D1, "1.json", Fixtures.textUpdate(1, "/start"), at(D1, 1));
    put(root, "raw", D1, "2.json", Fixtures.textUpdate(2, "my order is late"), at(D1, 2));
    put(root, "raw", D1, "2-again.json", Fixtures.textUpdate(2, "my order is late"), at(D1, 9));
    // The redelivery of update 3 is two-line, as Telegram may format a body.
    put(root, "raw", D1, "3.json", Fixtures.textUpdate(3, "where is it?"), at(D1, 3));
    put(root, "outgoing", D1, "wr-1.json", outgoingRecord(1, 42, "Olá Ana"), at(D1, 4));
    put(
        root,
        "raw",
        D2,
        "3.json",
        Fixtures.textUpdate(3, "where is it?")
            .replace("{\"update_id\": 3, ", "{\"update_id\":3,\n"),
        at(D2, 1));
    put(
        root,
        "raw",
        D2,
        "10.json",
        """
        {"update_id":10,"callback_query":{"id":"cb1","from":{"id":42,"is_bot":false,"first_name":"Ana"},
         "chat_instance":"ci","data":"helpful:yes",
         "message":{"message_id":7,"date":0,"chat":{"id":42,"type":"private"}}}}""",
        at(D2, 2));
    put(
        root,
        "raw",
        D2,
        "11.json",
        """
        {"update_id":11,"message":{"message_id":11,"date":1795500000,"from":{"id":43,"is_bot":false,
         "first_name":"Bia"},"chat":{"id":43,"type":"private"},"text":"/help me",
         "entities":[{"type":"bot_command","offset":0,"length":5}]}}""",
        at(D2, 3));
    Files.createDirectories(root.resolve("raw").resolve("context_date=" + D3));
    for (int i = 100; i < 120; i++) {
      put(root, "raw", D5, i + ".json", Fixtures.textUpdate(i, "question " + i), at(D5, i));
    }
    put(root, "raw", D5, "999.json", "{oops", at(D5, 999));
    put(
        root,
        "raw",
        D5,
        "120.json",
        """
        {"update_id":120,"message":{"message_id":120,"date":1795600000,"from":{"id":44,"is_bot":false,
         "first_name":"Caio"},"chat":{"id":-100,"type":"supergroup","title":"G"},
         "new_chat_members":[{"id":44,"is_bot":false,"first_name":"Caio"}]}}""",
        at(D5, 200));
  }

  /**
   * Table → day → the partition's rows as text, sorted; a missing partition is absent. Also the
   * file counts.
   */
  static Map<String, List<String>> content(
      SparkSession spark, String enriched, List<LocalDate> days) throws IOException {
    Map<String, List<String>> out = new TreeMap<>();
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    for (String table : TABLES) {
      for (LocalDate day : days) {
        org.apache.hadoop.fs.Path dir =
            new org.apache.hadoop.fs.Path(enriched + "/" + table + "/context_date=" + day);
        org.apache.hadoop.fs.FileSystem fs = dir.getFileSystem(conf);
        if (!fs.exists(dir)) {
          continue;
        }
        long files =
            java.util.Arrays.stream(fs.listStatus(dir))
                .map(s -> s.getPath().getName())
                .filter(n -> !n.startsWith(".") && !n.startsWith("_"))
                .count();
        List<String> rows = new ArrayList<>();
        rows.add("#files=" + files);
        for (Row r : spark.read().parquet(dir.toString()).collectAsList()) {
          rows.add(r.toString());
        }
        rows.sort(null);
        out.put(table + "/" + day, rows);
      }
    }
    org.apache.hadoop.fs.Path q = new org.apache.hadoop.fs.Path(enriched + "/_quarantine");
    if (q.getFileSystem(conf).exists(q)) {
      for (LocalDate day : days) {
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(q + "/context_date=" + day);
        if (dir.getFileSystem(conf).exists(dir)) {
          List<String> rows = new ArrayList<>();
          spark.read().json(dir.toString()).collectAsList().forEach(r -> rows.add(r.toString()));
          rows.sort(null);
          out.put("_quarantine/" + day, rows);
        }
      }
    }
    return out;
  }

  /** A day result without its timing, comparable across runs. */
  static String summary(DayResult r) {
    return r.date()
        + " "
        + r.status()
        + " objects="
        + r.objectsRead()
        + " updates="
        + r.updates()
        + " rows="
        + r.rowsPerTable()
        + " dropped="
        + r.duplicatesDropped()
        + " quarantined="
        + r.quarantined()
        + " quality="
        + r.quality()
        + " unreadable="
        + r.unreadable()
        + " error="
        + r.error().isPresent();
  }

  /** Names in a local folder, hidden ones left out; none for a missing folder. */
  static List<String> names(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith(".") && !n.startsWith("_"))
          .sorted()
          .toList();
    }
  }
}
