package io.tglake.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tglake.etl.pseudonym.PseudonymKey;
import io.tglake.etl.pseudonym.PseudonymizeOptions;
import io.tglake.testkit.SharedSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --pseudonymize} over a day in which three people's identities sit in every place the Bot
 * API puts them (fixture {@code privacy/mask-three-people-day}: senders, private chats, a contact
 * card, mentions and text mentions, callback pressers, member updates, a reaction, a poll answer, a
 * join request, a forward, a reply quote, an edit, text links, a photo caption, a broken object,
 * and what the bot said; {@code identities.json} lists what identifies each person and what must
 * stay). The day runs once in the clear and twice pseudonymized.
 */
class PseudonymizedFixtureDayTest {

  private static final String FIXTURE = "privacy/mask-three-people-day";
  private static final Instant T = Instant.parse("2026-11-22T10:15:00Z");

  @TempDir static Path lake;
  private static Path clear;
  private static Path pseudo1;
  private static Path pseudo2;
  private static PseudonymKey key;
  private static JsonNode identities;

  private final SparkSession spark = SharedSpark.get();

  @BeforeAll
  static void runTheDayInTheClearAndTwicePseudonymized() throws IOException, URISyntaxException {
    Path fixture =
        Path.of(PseudonymizedFixtureDayTest.class.getClassLoader().getResource(FIXTURE).toURI());
    identities = new ObjectMapper().readTree(fixture.resolve("identities.json").toFile());
    Path raw = lake.resolve("raw");
    copyDay(fixture.resolve("raw"), raw);
    copyDay(fixture.resolve("outgoing"), lake.resolve("outgoing")); // the default beside --raw
    byte[] keyBytes = "mask-fixture-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    key = new PseudonymKey(keyBytes);
    Path keyFile = Files.write(lake.resolve("pseudonym.key"), keyBytes);
    SparkSession spark = SharedSpark.get();
    clear = run(spark, raw, lake.resolve("clear"), null);
    pseudo1 = run(spark, raw, lake.resolve("pseudo1"), keyFile);
    pseudo2 = run(spark, raw, lake.resolve("pseudo2"), keyFile);
  }

  private static void copyDay(Path from, Path root) throws IOException {
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.sorted().toList()) {
        Fixtures.writeRaw(root, Fixtures.DAY, f.getFileName().toString(), Files.readString(f), T);
      }
    }
  }

  private static Path run(SparkSession spark, Path raw, Path enriched, Path keyFile) {
    JobArgs args =
        JobArgs.forDay(raw.toString(), enriched.toString(), Fixtures.DAY).withMaxBadFraction(0.5);
    if (keyFile != null) {
      args = args.withPseudonymize(PseudonymizeOptions.keyFile(keyFile.toString()));
    }
    DayResult r = TelegramEtlJob.run(spark, args).single();
    assertThat(r.status()).as("day status %s", r.error()).isEqualTo(DayResult.Status.SUCCEEDED);
    assertThat(r.quarantined()).as("the broken object is quarantined").isEqualTo(1);
    return enriched;
  }

  /** Every name, username, raw id and identifier of the three people, lower-cased. */
  private static List<String> identifyingStrings() {
    List<String> out = new ArrayList<>();
    for (JsonNode p : identities.get("people")) {
      p.get("names").forEach(n -> out.add(n.asText()));
      if (!p.get("username").isNull()) {
        out.add(p.get("username").asText());
      }
      out.add(p.get("id").asText());
      p.get("identifiers").forEach(n -> out.add(n.asText()));
    }
    return out.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
  }

  /**
   * Where each string occurs in the output: every file's bytes as UTF-8 (quarantine, run reports,
   * Parquet footers and statistics), and every row of every Parquet table decoded (its pages are
   * compressed).
   */
  private Map<String, TreeSet<String>> occurrences(Path enriched, List<String> needles)
      throws IOException {
    Map<String, TreeSet<String>> found = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(enriched)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    for (Path f : files) {
      String text =
          new String(Files.readAllBytes(f), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
      record(found, needles, text, enriched.relativize(f).toString());
    }
    for (String table : tableNames()) {
      for (Row r : spark.read().parquet(enriched.resolve(table).toString()).collectAsList()) {
        record(found, needles, r.toString().toLowerCase(Locale.ROOT), table + " row");
      }
    }
    return found;
  }

  private static void record(
      Map<String, TreeSet<String>> found, List<String> needles, String text, String where) {
    for (String n : needles) {
      if (text.contains(n)) {
        found.computeIfAbsent(n, k -> new TreeSet<>()).add(where);
      }
    }
  }

  private static List<String> tableNames() {
    List<String> names = new ArrayList<>(Tables.NAMES);
    names.add(BotMessages.TABLE);
    return names;
  }

  @Test
  void noNameUsernameRawIdOrIdentifierAppearsInAnyFileThePseudonymizedRunWrote()
      throws IOException {
    List<String> needles = identifyingStrings();
    assertThat(occurrences(clear, needles).keySet())
        .as(
            "the clear run holds every one of them (so the search "
                + "can find them, and the fixture puts each somewhere)")
        .containsExactlyInAnyOrderElementsOf(needles);
    TreeSet<String> written = new TreeSet<>();
    try (Stream<Path> s = Files.list(pseudo1)) {
      s.forEach(p -> written.add(p.getFileName().toString()));
    }
    assertThat(written)
        .as("what the search covers: every table, the quarantine and the run reports")
        .containsAll(tableNames())
        .contains("_quarantine", "_runs");
    assertThat(occurrences(pseudo1, needles))
        .as("identities left in the pseudonymized output, and where")
        .isEmpty();
  }

  @Test
  void theContactCardsPhoneAndVcardReachNoTableInEitherModeBeyondTheClearRawJson()
      throws IOException {
    List<String> card = List.of("+5531977770303", "vcard");
    Map<String, TreeSet<String>> inClear = new HashMap<>();
    for (String table : tableNames()) {
      Dataset<Row> df = spark.read().parquet(clear.resolve(table).toString());
      if (table.equals("updates")) {
        assertThat(df.where("update_id = 610005").first().<String>getAs("raw_json"))
            .as("declared: raw_json")
            .contains("+5531977770303")
            .contains("VCARD");
        df = df.drop("raw_json");
      }
      for (Row r : df.collectAsList()) {
        record(inClear, card, r.toString().toLowerCase(Locale.ROOT), table);
      }
    }
    assertThat(inClear)
        .as("the contact card in clear columns other than updates.raw_json")
        .isEmpty();
    assertThat(occurrences(pseudo1, card))
        .as("the contact card anywhere in the pseudonymized output")
        .isEmpty();
  }

  @Test
  void groupIdsOrderNumbersDatesAndAmountsStayAndTextIsMaskedExactly() {
    List<String> rows = new ArrayList<>();
    for (String table : tableNames()) {
      spark
          .read()
          .parquet(pseudo1.resolve(table).toString())
          .collectAsList()
          .forEach(r -> rows.add(r.toString()));
    }
    String all = String.join("\n", rows);
    for (JsonNode kept : identities.get("kept")) {
      assertThat(all).as("kept: %s", kept.asText()).contains(kept.asText());
    }
    Map<Long, String> text = new HashMap<>();
    spark
        .read()
        .parquet(pseudo1.resolve("messages").toString())
        .collectAsList()
        .forEach(
            r ->
                text.put(
                    r.getAs("update_id"),
                    r.getAs("text") == null ? r.getAs("caption") : r.getAs("text")));
    assertThat(text.get(610001L))
        .as("private message")
        .isEqualTo(
            "Oi! Meu CPF é <cpf> e meu e-mail <email>; pedido PED-2026-0042 de 22/11/2026, R$ 149,90 🙏");
    assertThat(text.get(610002L))
        .as("mention, text mention (no username: shown by name) and links")
        .isEqualTo(
            "<mention> fala com a <mention> 😊 o zap dela é wa.me/<phone>, e o meu é t.me/<mention>");
    assertThat(text.get(610004L))
        .as("forwarded text")
        .isEqualTo("meu cartão <card> venceu, e-mail <email>");
    assertThat(text.get(610016L))
        .as("photo caption")
        .isEqualTo("comprovante: CPF <cpf>, e-mail <email>, pix para <email>");
    assertThat(values(pseudo1, "message_entities", "url", "url is not null"))
        .as("text links")
        .containsExactlyInAnyOrder(
            "https://api.whatsapp.com/send?phone=<phone>&text=oi",
            "https://t.me/<mention>",
            "mailto:<email>",
            "tel:<phone>");
    assertThat(values(pseudo1, "callback_queries", "data", "true"))
        .as("button data")
        .containsExactlyInAnyOrder("pedido:123456:sim", "ligar:<phone>");
    assertThat(values(pseudo1, "bot_messages", "text", "true"))
        .as("what the bot said")
        .containsExactly("Anotado! Vamos ligar para <phone> e mandar o resumo para <email>");
    assertThat(values(pseudo1, "messages", "chat_id", "chat_type = 'supergroup'"))
        .as("the group id stays")
        .containsOnly("-1001987654321");
  }

  @Test
  void everyEntityOffsetAndLengthDenoteItsEntityTextInTheMaskedText() {
    Map<Long, Row> messages = new HashMap<>();
    spark
        .read()
        .parquet(pseudo1.resolve("messages").toString())
        .collectAsList()
        .forEach(r -> messages.put(r.getAs("update_id"), r));
    List<Row> entities =
        spark.read().parquet(pseudo1.resolve("message_entities").toString()).collectAsList();
    assertThat(entities).as("entity rows").hasSize(17);
    for (Row e : entities) {
      Row m = messages.get(e.<Long>getAs("update_id"));
      String source = m.getAs(e.<String>getAs("source").equals("text") ? "text" : "caption");
      int offset = e.getAs("offset");
      // Java strings index UTF-16 code units, as the Bot API counts offsets
      assertThat(source.substring(offset, offset + e.<Integer>getAs("length")))
          .as("update %s entity %s", e.getAs("update_id"), e.getAs("entity_index"))
          .isEqualTo(e.<String>getAs("entity_text"));
    }
    assertThat(
            values(
                pseudo1,
                "message_entities",
                "concat_ws('|', type, offset, length, entity_text)",
                "update_id = 610002"))
        .as("610002's entities on the masked text")
        .containsExactly(
            "mention|0|9|<mention>",
            "text_mention|21|9|<mention>",
            "url|47|13|wa.me/<phone>",
            "url|72|14|t.me/<mention>");
  }

  @Test
  void countsPerPersonAreTheClearRunsUnderPseudonymsAndStableAcrossRuns() {
    Map<String, String> idColumns = new LinkedHashMap<>();
    idColumns.put("messages", "user_id");
    idColumns.put("callback_queries", "user_id");
    idColumns.put("chat_member_updates", "user_id");
    idColumns.put("chat_member_updates ", "actor_user_id");
    idColumns.put("updates", "user_id");
    idColumns.put("message_entities", "mentioned_user_id");
    idColumns.put("bot_messages", "chat_id");
    for (var c : idColumns.entrySet()) {
      String table = c.getKey().strip();
      Map<Long, Long> expected = new TreeMap<>();
      countBy(clear, table, c.getValue()).forEach((id, n) -> expected.put(key.pseudonym(id), n));
      assertThat(expected)
          .as("%s.%s has rows of the people in the clear run", table, c.getValue())
          .isNotEmpty();
      assertThat(countBy(pseudo1, table, c.getValue()))
          .as("%s.%s rows per person", table, c.getValue())
          .isEqualTo(expected);
    }
    for (String table : tableNames()) {
      assertThat(values(pseudo2, table, "cast(struct(*) as string)", "true"))
          .as("%s: every row of a second run with the same key", table)
          .containsExactlyInAnyOrderElementsOf(
              values(pseudo1, table, "cast(struct(*) as string)", "true"));
      assertThat(spark.read().parquet(pseudo1.resolve(table).toString()).count())
          .as("%s rows", table)
          .isEqualTo(spark.read().parquet(clear.resolve(table).toString()).count());
    }
  }

  private Map<Long, Long> countBy(Path enriched, String table, String column) {
    Map<Long, Long> out = new TreeMap<>();
    spark
        .read()
        .parquet(enriched.resolve(table).toString())
        .where(column + " is not null")
        .groupBy(column)
        .count()
        .collectAsList()
        .forEach(r -> out.put(r.getLong(0), r.getLong(1)));
    return out;
  }

  /** One value per row, sorted. */
  private List<String> values(Path enriched, String table, String expr, String where) {
    return spark
        .read()
        .parquet(enriched.resolve(table).toString())
        .where(where)
        .selectExpr("cast(" + expr + " as string)")
        .as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList()
        .stream()
        .sorted()
        .toList();
  }

  static {
    // fail fast with a clear message when the fixture is not on the classpath
    if (PseudonymizedFixtureDayTest.class.getClassLoader().getResource(FIXTURE) == null) {
      throw new UncheckedIOException(new IOException("test resource " + FIXTURE + " is missing"));
    }
  }
}
