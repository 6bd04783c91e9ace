package io.tglake.etl.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.etl.DayResult;
import io.tglake.etl.JobArgs;
import io.tglake.etl.Tables;
import io.tglake.etl.TelegramEtlJob;
import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.ObjectStores;
import io.tglake.testkit.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure on a real local lake of four days and three people (private and group chats, callbacks, a
 * join, a kick, a block, an edit, a broken object, a redelivery across midnight, a reply that
 * quotes the person): dry run changes no byte; a crash after the first day and a rerun finish;
 * afterwards nothing of the person is left in raw or enriched, every other row is unchanged, an
 * emptied day has no partitions, an untouched day is byte-identical, and the audit record has exact
 * counts and no content.
 */
class ForgetJobTest {

  private final SparkSession spark = SharedSpark.get();
  private static final long ANA = 42;
  private static final long BIA = 43;
  private static final long CAIO = 77;
  private static final LocalDate D1 = LocalDate.parse("2026-11-20");
  private static final LocalDate D2 = D1.plusDays(1);
  private static final LocalDate D3 = D1.plusDays(2);
  private static final LocalDate D4 = D1.plusDays(3);
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);

  @TempDir Path lake;

  private static String user(long id, String name) {
    return "{\"id\": "
        + id
        + ", \"is_bot\": false, \"first_name\": \""
        + name
        + "\", \"username\": \""
        + name.toLowerCase()
        + "_u\"}";
  }

  private static String priv(long id, String name) {
    return "{\"id\": " + id + ", \"type\": \"private\", \"first_name\": \"" + name + "\"}";
  }

  private static final String GROUP =
      "{\"id\": -100123, \"type\": \"supergroup\", \"title\": \"Loja\"}";

  private static String msg(long updateId, String kind, String from, String chat, String body) {
    return "{\"update_id\": "
        + updateId
        + ", \""
        + kind
        + "\": {\"message_id\": "
        + updateId
        + ", \"from\": "
        + from
        + ", \"chat\": "
        + chat
        + ", \"date\": 1795341600, "
        + body
        + "}}";
  }

  private void raw(LocalDate day, String name, String body, int second) throws IOException {
    Path dir = lake.resolve("raw").resolve("context_date=" + day);
    Files.createDirectories(dir);
    Path f = dir.resolve(name);
    Files.writeString(f, body, StandardCharsets.UTF_8);
    Files.setLastModifiedTime(
        f, FileTime.from(Instant.parse(day + "T10:00:00Z").plusSeconds(second)));
  }

  /** The lake; returns the update ids that are Ana's. */
  private void buildLake() throws IOException {
    String ana = user(ANA, "Ana");
    String bia = user(BIA, "Bia");
    String caio = user(CAIO, "Caio");
    raw(
        D1,
        "1.json",
        msg(
            1,
            "message",
            ana,
            priv(ANA, "Ana"),
            "\"text\": \"meu cpf 529.982.247-25\", "
                + "\"entities\": [{\"type\": \"bold\", \"offset\": 0, \"length\": 3}]"),
        1);
    raw(
        D1,
        "2.json",
        msg(
            2,
            "message",
            bia,
            priv(BIA, "Bia"),
            "\"text\": \"oi, sou a Bia\", \"entities\": "
                + "[{\"type\": \"bold\", \"offset\": 0, \"length\": 2}]"),
        2);
    raw(D1, "3.json", msg(3, "message", caio, GROUP, "\"text\": \"bom dia grupo\""), 3);
    raw(D1, "4.json", msg(4, "message", ana, GROUP, "\"text\": \"alguém recebeu?\""), 4);
    raw(D1, "5.json", msg(5, "message", caio, GROUP, "\"new_chat_members\": [" + ana + "]"), 5);
    raw(
        D1,
        "6.json",
        "{\"update_id\": 6, \"callback_query\": {\"id\": \"c6\", \"from\": "
            + ana
            + ", "
            + "\"chat_instance\": \"1\", \"data\": \"helpful:yes\", \"message\": {\"message_id\": 60, \"date\": 0, "
            + "\"chat\": "
            + priv(ANA, "Ana")
            + "}}}",
        6);
    raw(
        D1,
        "7.json",
        "{\"update_id\": 7, \"callback_query\": {\"id\": \"c7\", \"from\": "
            + bia
            + ", "
            + "\"chat_instance\": \"2\", \"data\": \"helpful:no\", \"message\": {\"message_id\": 70, \"date\": 0, "
            + "\"chat\": "
            + priv(BIA, "Bia")
            + "}}}",
        7);
    raw(
        D1,
        "8.json",
        msg(
            8,
            "message",
            caio,
            GROUP,
            "\"text\": \"@ana veja acima\", \"reply_to_message\": "
                + "{\"message_id\": 4, \"from\": "
                + ana
                + ", \"chat\": "
                + GROUP
                + ", \"date\": 1795341600, "
                + "\"text\": \"alguém recebeu?\"}"),
        8);
    raw(
        D1,
        "broken.json",
        "{\"update_id\": 99, \"message\": {\"from\": {\"id\": 42, \"first_name\": \"Ana\"",
        9);
    raw(D1, "11.json", msg(11, "message", bia, priv(BIA, "Bia"), "\"text\": \"obrigada\""), 10);
    raw(D1, "12.json", msg(12, "message", caio, GROUP, "\"text\": \"pedido PED-2026-0042\""), 11);
    raw(D1, "13.json", msg(13, "message", caio, GROUP, "\"new_chat_members\": [" + bia + "]"), 12);
    // Day 2: Ana's message received at 23:59 and redelivered after midnight (same key on day 3).
    raw(
        D2,
        "20.json",
        msg(20, "message", ana, priv(ANA, "Ana"), "\"text\": \"ainda aguardo\""),
        50000);
    raw(
        D2,
        "21.json",
        "{\"update_id\": 21, \"chat_member\": {\"chat\": "
            + GROUP
            + ", \"from\": "
            + caio
            + ", \"date\": 1795341600, \"old_chat_member\": {\"status\": \"member\", \"user\": "
            + ana
            + "}, "
            + "\"new_chat_member\": {\"status\": \"kicked\", \"user\": "
            + ana
            + "}}}",
        2);
    raw(D2, "22.json", msg(22, "message", bia, priv(BIA, "Bia"), "\"text\": \"chegou!\""), 3);
    raw(
        D2,
        "23.json",
        "{\"update_id\": 23, \"my_chat_member\": {\"chat\": "
            + priv(ANA, "Ana")
            + ", \"from\": "
            + ana
            + ", \"date\": 1795341600, \"old_chat_member\": {\"status\": \"member\", \"user\": {\"id\": 7, "
            + "\"is_bot\": true, \"first_name\": \"Bot\"}}, \"new_chat_member\": {\"status\": \"kicked\", \"user\": "
            + "{\"id\": 7, \"is_bot\": true, \"first_name\": \"Bot\"}}}}",
        4);
    raw(D2, "24.json", msg(24, "message", caio, GROUP, "\"text\": \"tchau\""), 5);
    raw(D3, "20.json", msg(20, "message", ana, priv(ANA, "Ana"), "\"text\": \"ainda aguardo\""), 1);
    raw(
        D3,
        "30.json",
        msg(
            30,
            "edited_message",
            ana,
            priv(ANA, "Ana"),
            "\"text\": \"ainda aguardo!\", " + "\"edit_date\": 1795341700"),
        2);
    raw(D4, "40.json", msg(40, "message", bia, priv(BIA, "Bia"), "\"text\": \"novo pedido\""), 1);
    raw(
        D4,
        "41.json",
        "{\"update_id\": 41, \"callback_query\": {\"id\": \"c41\", \"from\": "
            + caio
            + ", "
            + "\"chat_instance\": \"3\", \"data\": \"x\", \"message\": {\"message_id\": 3, \"date\": 0, \"chat\": "
            + GROUP
            + "}}}",
        2);
    for (LocalDate d : List.of(D1, D2, D3, D4)) {
      DayResult r =
          TelegramEtlJob.run(
                  spark,
                  JobArgs.forDay(raw().toString(), enriched().toString(), d)
                      .withMaxBadFraction(0.5))
              .single();
      assertThat(r.status()).as("initial ETL of %s", d).isEqualTo(DayResult.Status.SUCCEEDED);
    }
  }

  private static final Set<Long> ANAS_UPDATES = Set.of(1L, 4L, 5L, 6L, 20L, 21L, 23L, 30L);

  private Path raw() {
    return lake.resolve("raw");
  }

  private Path enriched() {
    return lake.resolve("enriched");
  }

  private ForgetArgs args(boolean dryRun) {
    return new ForgetArgs(
        Set.of(ANA),
        raw().toString(),
        enriched().toString(),
        Optional.empty(),
        Optional.empty(),
        dryRun,
        "req-1",
        Optional.empty(),
        Optional.empty());
  }

  private ForgetJob job(ForgetArgs a, ObjectStore r, ObjectStore e, ByteArrayOutputStream out) {
    return new ForgetJob(
        a,
        r,
        e,
        new EtlDayRebuilder(spark, a, e),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        CLOCK);
  }

  @Test
  void dryRunThenCrashThenRerunErasesTheirDataAndNothingElse() throws Exception {
    buildLake();
    Map<String, List<String>> before = tables();
    Map<String, String> lakeBefore = digest(lake);
    Map<String, String> day4Before = digest(enriched(), "context_date=" + D4);

    try (ObjectStore r = ObjectStores.open(raw().toString(), Optional.empty());
        ObjectStore e = ObjectStores.open(enriched().toString(), Optional.empty())) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ForgetJob.Outcome dry = job(args(true), r, e, out).run();
      assertThat(dry.keys())
          .as("what would go")
          .isEqualTo(
              new TreeMap<>(
                  Map.of(
                      D1,
                          List.of(
                              "context_date=2026-11-20/1.json",
                              "context_date=2026-11-20/4.json",
                              "context_date=2026-11-20/5.json",
                              "context_date=2026-11-20/6.json",
                              "context_date=2026-11-20/broken.json"),
                      D2,
                          List.of(
                              "context_date=2026-11-21/20.json",
                              "context_date=2026-11-21/21.json",
                              "context_date=2026-11-21/23.json"),
                      D3,
                          List.of(
                              "context_date=2026-11-22/20.json",
                              "context_date=2026-11-22/30.json"))));
      assertThat(digest(lake)).as("dry run changes no byte of the lake").isEqualTo(lakeBefore);
      assertThat(out.toString(StandardCharsets.UTF_8))
          .as("dry run output")
          .contains(
              "2026-11-20: 5 of 12 objects would be removed, 1 objects of other people that name them would be "
                  + "redacted")
          .contains(
              "2026-11-20: 1 objects of other people would be redacted [context_date=2026-11-20/8.json]")
          .contains("dry run, nothing changed: would remove 10 objects of 1 people in 3 of 4 days");

      ForgetJob crashing =
          job(args(false), r, e, new ByteArrayOutputStream())
              .afterDay(
                  d -> {
                    throw new IllegalStateException("injected crash after " + d);
                  });
      assertThatThrownBy(crashing::run)
          .as("crash after day 1")
          .hasMessageContaining("injected crash after " + D1);
      assertThat(e.get("_privacy/erasures/req-1.plan.json"))
          .as("plan kept for the resume")
          .isPresent();
      assertThat(e.get("_privacy/erasures/req-1.json")).as("no audit yet").isEmpty();

      ByteArrayOutputStream resumed = new ByteArrayOutputStream();
      job(args(false), r, e, resumed).run();
      assertThat(resumed.toString(StandardCharsets.UTF_8))
          .as("resume output")
          .contains("resuming from _privacy/erasures/req-1.plan.json")
          .contains("day 1/3 2026-11-20: already done")
          .contains("day 3/3 2026-11-22: removed 2 raw objects");
      assertThat(e.get("_privacy/erasures/req-1.plan.json"))
          .as("plan removed at the end")
          .isEmpty();
      assertThat(e.list("_privacy/erasures/req-1/")).as("progress removed at the end").isEmpty();

      JsonNode audit =
          new ObjectMapper().readTree(e.get("_privacy/erasures/req-1.json").orElseThrow());
      assertThat(audit.get("user_ids").toString()).as("audit ids").isEqualTo("[42]");
      assertThat(audit.get("objects_removed").asLong()).as("objects removed").isEqualTo(10);
      assertThat(audit.get("objects_redacted").asLong())
          .as("Caio's reply quoting her, rewritten")
          .isEqualTo(1);
      List<String> perDay = new ArrayList<>();
      for (JsonNode d : audit.get("days")) {
        perDay.add(
            d.get("date").asText() + " " + d.get("objects_removed") + " " + d.get("rows_removed"));
      }
      assertThat(perDay)
          .as("audit per day (exact rows removed per table)")
          .containsExactly(
              "2026-11-20 5 {\"messages\":3,\"message_entities\":1,\"callback_queries\":1,\"chat_member_updates\":1,"
                  + "\"updates\":4,\"bot_messages\":0}",
              "2026-11-21 3 {\"messages\":1,\"message_entities\":0,\"callback_queries\":0,\"chat_member_updates\":2,"
                  + "\"updates\":3,\"bot_messages\":0}",
              "2026-11-22 2 {\"messages\":1,\"message_entities\":0,\"callback_queries\":0,\"chat_member_updates\":0,"
                  + "\"updates\":1,\"bot_messages\":0}");
      String auditText = audit.toString();
      assertThat(auditText)
          .as("no content in the audit")
          .doesNotContain("529.982", "aguardo", "Ana", "ana_u");
      assertThat(audit.get("finished_at").asText())
          .as("finished")
          .isEqualTo("2026-12-01T12:00:00Z");

      ByteArrayOutputStream again = new ByteArrayOutputStream();
      Map<String, String> afterDone = digest(lake);
      job(args(false), r, e, again).run();
      assertThat(again.toString(StandardCharsets.UTF_8))
          .as("completed request")
          .contains("already completed");
      assertThat(digest(lake)).as("a completed request changes nothing").isEqualTo(afterDone);

      PersonMatcher ana = new PersonMatcher(Set.of(ANA));
      List<String> left = new ArrayList<>();
      for (ObjectStore.ObjectInfo o : r.list("")) {
        PersonMatcher.Verdict v = ana.classify(r.get(o.key()).orElseThrow());
        if (v != PersonMatcher.Verdict.OTHER) {
          left.add(o.key() + " " + v);
        }
      }
      assertThat(left)
          .as("raw objects naming Ana: none (Caio's reply quoting her is redacted)")
          .isEmpty();
      assertThat(
              new String(
                  r.get("context_date=2026-11-20/8.json").orElseThrow(), StandardCharsets.UTF_8))
          .as("Caio's reply keeps its text and the quoted message's id, not her message")
          .contains("\"text\":\"@ana veja acima\"", "\"reply_to_message\":{\"message_id\":4,")
          .doesNotContain("Ana", "ana_u", "alguém recebeu");
    }

    Map<String, List<String>> after = tables();
    for (String t : Tables.NAMES) {
      // Caio's reply (8) is rewritten: only its raw_json changes, every column the ETL reads from
      // it stays.
      List<String> expected =
          before.get(t).stream()
              .filter(row -> !ANAS_UPDATES.contains(updateId(row)))
              .filter(row -> !t.equals("updates") || updateId(row) != 8)
              .toList();
      assertThat(
              after.get(t).stream()
                  .filter(row -> !t.equals("updates") || updateId(row) != 8)
                  .toList())
          .as("%s: every other row unchanged, Ana's rows gone", t)
          .containsExactlyElementsOf(expected);
    }
    assertThat(after.get("updates").stream().filter(row -> updateId(row) == 8).toList())
        .as("Caio's reply: still one updates row, its raw_json without her")
        .singleElement()
        .asString()
        .contains("@ana veja acima")
        .doesNotContain("ana_u", "alguém recebeu");
    assertThat(
            spark
                .read()
                .parquet(enriched().resolve("messages").toString())
                .where("user_id = 42 or chat_id = 42")
                .count())
        .as("no message row of Ana")
        .isZero();
    assertThat(after.get("chat_member_updates")).as("Bia's join stays").hasSize(1);
    assertThat(
            spark
                .read()
                .parquet(enriched().resolve("chat_member_updates").toString())
                .where("user_id = 42 or actor_user_id = 42")
                .count())
        .as("no member row of Ana")
        .isZero();
    assertThat(
            spark
                .read()
                .parquet(enriched().resolve("updates").toString())
                .where("user_id = 42 or chat_id = 42")
                .count())
        .as("no update row of Ana")
        .isZero();
    for (String t : Tables.NAMES) {
      assertThat(enriched().resolve(t).resolve("context_date=" + D3))
          .as("%s: emptied day removed", t)
          .doesNotExist();
    }
    assertThat(enriched().resolve("_quarantine").resolve("context_date=" + D1))
        .as("the broken object was Ana's: day 1 is clean now")
        .doesNotExist();
    assertThat(digest(enriched(), "context_date=" + D4))
        .as("untouched day byte-identical")
        .isEqualTo(day4Before);
  }

  /**
   * Every row of every table as text, sorted, with the day; row text starts with "<day> <update_id>
   * ".
   */
  private Map<String, List<String>> tables() {
    Map<String, List<String>> out = new TreeMap<>();
    for (String t : Tables.NAMES) {
      List<String> rows = new ArrayList<>();
      boolean anyPartition;
      try (Stream<Path> s = Files.walk(enriched().resolve(t))) {
        anyPartition = s.anyMatch(p -> p.toString().endsWith(".parquet"));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      if (!anyPartition) {
        out.put(t, rows); // a table whose every row was the person's
        continue;
      }
      for (Row row : spark.read().parquet(enriched().resolve(t).toString()).collectAsList()) {
        rows.add(row.getAs("update_id") + " " + row);
      }
      rows.sort(null);
      out.put(t, rows);
    }
    return out;
  }

  private static long updateId(String row) {
    return Long.parseLong(row.substring(0, row.indexOf(' ')));
  }

  /**
   * Relative path → SHA-256 of every file under {@code root} whose path contains {@code filter}.
   */
  private static Map<String, String> digest(Path root, String... filter) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        String rel = root.relativize(p).toString();
        if (filter.length == 0 || rel.contains(filter[0])) {
          out.put(
              rel,
              HexFormat.of()
                      .formatHex(
                          java.security.MessageDigest.getInstance("SHA-256")
                              .digest(Files.readAllBytes(p)))
                  + " "
                  + Files.getLastModifiedTime(p).toMillis());
        }
      }
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }
}
