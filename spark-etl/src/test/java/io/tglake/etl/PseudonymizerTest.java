package io.tglake.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.tglake.etl.pseudonym.PseudonymKey;
import io.tglake.etl.pseudonym.Pseudonymizer;
import io.tglake.etl.pseudonym.TextMasker;
import io.tglake.testkit.SharedSpark;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Pseudonymization as pure transforms over every Bot API fixture plus messages full of identifiers:
 * every row of every table equals the clear row with ids hashed, names gone and text masked —
 * nothing else changes.
 */
class PseudonymizerTest {

  private final SparkSession spark = SharedSpark.get();

  /**
   * The parsed fixture day, cached once for the class (parsing and inference dominate otherwise).
   */
  private static Dataset<Row> updates;

  private Dataset<Row> updates() {
    if (updates == null) {
      updates = Fixtures.updates(spark, withIdentifiers()).cache();
    }
    return updates;
  }

  static final byte[] KEY_A = "key-A-0123456789abcdef-0123456789".getBytes(StandardCharsets.UTF_8);
  static final byte[] KEY_B = "key-B-0123456789abcdef-0123456789".getBytes(StandardCharsets.UTF_8);

  /**
   * Identifier-rich updates on top of the fixtures: private and group, entities after an emoji,
   * text_mention.
   */
  static String[] withIdentifiers() {
    String ana = BotApiFixtures.USER;
    String priv = BotApiFixtures.PRIVATE;
    String group = BotApiFixtures.GROUP;
    long d = BotApiFixtures.DATE;
    String text =
        "😀 meu CPF 529.982.247-25, zap +55 11 91234-5678, pedido PED-2026-0042 de 22/11/2026";
    String[] extra = {
      "{\"update_id\": 901, \"message\": {\"message_id\": 901, \"from\": "
          + ana
          + ", \"chat\": "
          + priv
          + ", \"date\": "
          + d
          + ", \"text\": \""
          + text
          + "\", \"entities\": ["
          + "{\"type\": \"phone_number\", \"offset\": 31, \"length\": 17},"
          + "{\"type\": \"bold\", \"offset\": 3, \"length\": 22}]}}",
      "{\"update_id\": 902, \"message\": {\"message_id\": 902, \"from\": {\"id\": 77, \"is_bot\": false, "
          + "\"first_name\": \"Caio\", \"username\": \"caio_r\"}, \"chat\": "
          + group
          + ", \"date\": "
          + d
          + ", \"text\": \"Ana Souza pode mandar para caio@loja.com.br\", \"reply_to_message\": {\"message_id\": 3,"
          + " \"date\": "
          + d
          + ", \"chat\": "
          + group
          + "}, \"forward_from\": {\"id\": 99, \"is_bot\": false, "
          + "\"first_name\": \"Zé\"}, \"forward_date\": "
          + d
          + ", \"entities\": [{\"type\": \"text_mention\", "
          + "\"offset\": 0, \"length\": 9, \"user\": {\"id\": 99, \"is_bot\": false, \"first_name\": \"Ana\"}}]}}",
      "{\"update_id\": 903, \"message\": {\"message_id\": 903, \"from\": "
          + ana
          + ", \"chat\": "
          + priv
          + ", \"date\": "
          + d
          + ", \"photo\": "
          + BotApiFixtures.PHOTO
          + ", \"caption\": \"cartão 4111 1111 "
          + "1111 1111\", \"caption_entities\": [{\"type\": \"text_link\", \"offset\": 0, \"length\": 6, "
          + "\"url\": \"mailto:ana@x.io\"}]}}",
      "{\"update_id\": 904, \"my_chat_member\": {\"chat\": "
          + priv
          + ", \"from\": "
          + ana
          + ", \"date\": "
          + d
          + ", \"old_chat_member\": {\"status\": \"member\", \"user\": "
          + BotApiFixtures.BOT
          + "}, "
          + "\"new_chat_member\": {\"status\": \"kicked\", \"user\": "
          + BotApiFixtures.BOT
          + ", "
          + "\"until_date\": 0}}}"
    };
    return Stream.concat(Stream.of(BotApiFixtures.all()), Stream.of(extra)).toArray(String[]::new);
  }

  @Test
  void pseudonymIsTheFirstEightBytesOfHmacSha256OfTheDecimalId() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY_A, "HmacSHA256"));
    long expected =
        ByteBuffer.wrap(mac.doFinal("42".getBytes(StandardCharsets.US_ASCII))).getLong();
    assertThat(new PseudonymKey(KEY_A).pseudonym(42))
        .as("HMAC-SHA256 truncated to a signed bigint")
        .isEqualTo(expected);
    assertThat(new PseudonymKey(KEY_B).pseudonym(42))
        .as("another key, another id")
        .isNotEqualTo(expected);
  }

  @Test
  void everyTableEqualsTheClearTableWithIdsHashedNamesDroppedAndTextMasked() {
    Dataset<Row> updates = updates();
    PseudonymKey key = new PseudonymKey(KEY_A);
    Pseudonymizer p = new Pseudonymizer(key);
    Dataset<Row> pseudoUpdates = p.updatesFrame(updates);
    Oracle oracle =
        new Oracle(
            key,
            Tables.messageEntities(updates).collectAsList(),
            Tables.messages(updates).collectAsList());
    for (var e : SchemaContractTest.TRANSFORMS.entrySet()) {
      String table = e.getKey();
      Dataset<Row> clear = e.getValue().apply(updates);
      Dataset<Row> pseudo = p.table(table, e.getValue().apply(pseudoUpdates));
      assertThat(pseudo.schema()).as("%s keeps its exact schema", table).isEqualTo(clear.schema());
      List<String> expected = sorted(clear.collectAsList(), r -> oracle.expectedRow(table, r));
      List<String> actual = sorted(pseudo.collectAsList(), Row::toString);
      assertThat(actual)
          .as("%s rows", table)
          .hasSize(expected.size())
          .containsExactlyElementsOf(expected);
    }
  }

  @Test
  void exampleValuesAreExact() {
    Dataset<Row> updates = updates();
    PseudonymKey key = new PseudonymKey(KEY_A);
    Pseudonymizer p = new Pseudonymizer(key);
    Dataset<Row> messages = p.table("messages", Tables.messages(p.updatesFrame(updates))).cache();
    Dataset<Row> entities =
        p.table("message_entities", Tables.messageEntities(p.updatesFrame(updates))).cache();
    Row m =
        messages
            .where("update_id = 901")
            .select("user_id", "chat_id", "user_first_name", "user_username", "text")
            .first();
    assertThat(m.getLong(0)).as("user_id").isEqualTo(key.pseudonym(42));
    assertThat(m.getLong(1))
        .as("private chat_id = the user's pseudonym")
        .isEqualTo(key.pseudonym(42));
    assertThat(m.isNullAt(2) && m.isNullAt(3)).as("no name, no username").isTrue();
    assertThat(m.getString(4))
        .as("masked text")
        .isEqualTo("😀 meu CPF <cpf>, zap <phone>, pedido PED-2026-0042 de 22/11/2026");
    List<Row> ents =
        entities
            .where("update_id = 901")
            .orderBy("entity_index")
            .select("type", "offset", "length", "entity_text")
            .collectAsList();
    assertThat(ents.toString())
        .as("offsets/lengths (UTF-16, the emoji counts 2) point into the masked text")
        .isEqualTo("[[phone_number,22,7,<phone>], [bold,3,13,meu CPF <cpf>]]");
    Row g =
        messages
            .where("update_id = 902")
            .select("user_id", "chat_id", "chat_title", "is_forwarded", "text")
            .first();
    assertThat(g.getLong(0)).as("group sender").isEqualTo(key.pseudonym(77));
    assertThat(g.getLong(1)).as("group chat id stays").isEqualTo(-100123L);
    assertThat(g.getString(2)).as("group title stays").isEqualTo("Help group");
    assertThat(g.getBoolean(3)).as("forward still detected").isTrue();
    assertThat(g.getString(4))
        .as("the text mention's name and the e-mail masked")
        .isEqualTo("<mention> pode mandar para <email>");
    Row mention =
        entities.where("update_id = 902").select("mentioned_user_id", "entity_text").first();
    assertThat(mention.getLong(0)).as("text_mention user").isEqualTo(key.pseudonym(99));
    assertThat(mention.getString(1)).as("a person's name").isEqualTo("<mention>");
    Row u =
        Tables.updates(p.updatesFrame(updates))
            .where("update_id = 904")
            .select("user_id", "chat_id", "raw_json")
            .first();
    assertThat(u.getLong(0)).as("updates.user_id").isEqualTo(key.pseudonym(42));
    assertThat(u.getLong(1)).as("updates.chat_id of the private chat").isEqualTo(key.pseudonym(42));
    assertThat(u.isNullAt(2)).as("raw_json dropped").isTrue();
  }

  @Test
  void aColumnWithoutAPrivacyClassFailsInsteadOfBeingWrittenAsIs() {
    Pseudonymizer p = new Pseudonymizer(new PseudonymKey(KEY_A));
    Dataset<Row> withNewColumn =
        Tables.callbackQueries(updates())
            .withColumn("user_phone", org.apache.spark.sql.functions.lit("+55 11 91234-5678"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> p.table("callback_queries", withNewColumn))
        .as("an unclassified column is refused")
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no privacy class for [callback_queries.user_phone]");
  }

  @Test
  void sameKeyGivesSameIdsAcrossInstancesAnotherKeyDifferentOnes() {
    Dataset<Row> updates = updates();
    Function<byte[], List<String>> ids =
        k -> {
          Pseudonymizer p = new Pseudonymizer(new PseudonymKey(k.clone()));
          return Tables.updates(p.updatesFrame(updates))
              .orderBy("update_id")
              .selectExpr("concat_ws(',', update_id, user_id, chat_id)")
              .as(org.apache.spark.sql.Encoders.STRING())
              .collectAsList();
        };
    List<String> a1 = ids.apply(KEY_A);
    List<String> a2 = ids.apply(KEY_A);
    List<String> b = ids.apply(KEY_B);
    assertThat(a2).as("stable for the same key").isEqualTo(a1);
    List<String> changed = new ArrayList<>();
    for (int i = 0; i < a1.size(); i++) {
      if (!a1.get(i).equals(b.get(i))) {
        changed.add(a1.get(i));
      }
    }
    long withPerson = Tables.updates(updates).where("user_id is not null or chat_id > 0").count();
    assertThat(changed)
        .as("every update with a user or a private chat has other ids under another key")
        .hasSize((int) withPerson);
  }

  private static final Set<String> USER_IDS =
      Set.of(
          "messages.user_id",
          "callback_queries.user_id",
          "chat_member_updates.actor_user_id",
          "chat_member_updates.user_id",
          "updates.user_id",
          "message_entities.mentioned_user_id");
  private static final Set<String> NAMES =
      Set.of("user_first_name", "user_last_name", "user_username");

  /**
   * The clear row as the pseudonymized row must look (test-side rules; fixtures' positive chat ids
   * are private). Message text is masked with the message's entities, read from the clear
   * message_entities rows.
   */
  private static final class Oracle {
    private final PseudonymKey key;
    private final TextMasker masker = new TextMasker();
    private final Map<String, List<Row>> entities = new HashMap<>();
    private final Map<Long, Row> messages = new HashMap<>();

    Oracle(PseudonymKey key, List<Row> clearEntities, List<Row> clearMessages) {
      this.key = key;
      clearMessages.forEach(m -> messages.put(m.getAs("update_id"), m));
      for (Row e : clearEntities) {
        entities
            .computeIfAbsent(e.getAs("update_id") + ":" + e.getAs("source"), k -> new ArrayList<>())
            .add(e);
      }
      entities
          .values()
          .forEach(l -> l.sort(Comparator.comparingInt(e -> e.<Integer>getAs("entity_index"))));
    }

    /** The source text masked with its entities (null when there is no such text). */
    private TextMasker.Masked masked(long updateId, String source, String text) {
      List<Row> es = entities.getOrDefault(updateId + ":" + source, List.of());
      List<String> types = new ArrayList<>();
      List<Long> offsets = new ArrayList<>();
      List<Long> lengths = new ArrayList<>();
      for (Row e : es) {
        types.add(e.getAs("type"));
        offsets.add(e.getAs("offset") == null ? null : ((Integer) e.getAs("offset")).longValue());
        lengths.add(e.getAs("length") == null ? null : ((Integer) e.getAs("length")).longValue());
      }
      return masker.maskWithEntities(text, types, offsets, lengths);
    }

    String expectedRow(String table, Row r) {
      String[] cols = r.schema().fieldNames();
      Object[] v = new Object[cols.length];
      TextMasker.Masked entityText = null;
      int entityPos = -1;
      if (table.equals("message_entities")) {
        Row m = messages.get(r.<Long>getAs("update_id"));
        String source = r.getAs("source");
        entityText =
            masked(
                r.getAs("update_id"), source, m.getAs(source.equals("text") ? "text" : "caption"));
        List<Row> es = entities.get(r.getAs("update_id") + ":" + source);
        entityPos = es.indexOf(r);
      }
      for (int i = 0; i < cols.length; i++) {
        String c = cols[i];
        Object x = r.get(i);
        String q = table + "." + c;
        boolean privateChat =
            has(r, "chat_type")
                ? "private".equals(r.getAs("chat_type"))
                : has(r, "chat_id") && r.getAs("chat_id") != null && (Long) r.getAs("chat_id") > 0;
        if (x != null && USER_IDS.contains(q)) {
          x = key.pseudonym((Long) x);
        } else if (x != null && c.equals("chat_id") && privateChat) {
          x = key.pseudonym((Long) x);
        } else if (NAMES.contains(c)
            || privateChat && (c.equals("chat_username") || c.equals("chat_title"))) {
          x = null;
        } else if (q.equals("messages.text") || q.equals("messages.caption")) {
          x = masked(r.getAs("update_id"), c, (String) x).text();
        } else if (q.equals("message_entities.url")) {
          x = masker.maskUrl((String) x);
        } else if (q.equals("callback_queries.data")) {
          x = masker.mask((String) x);
        } else if (q.equals("message_entities.offset") && x != null) {
          x = entityText.offsets().get(entityPos).intValue();
        } else if (q.equals("message_entities.length") && x != null) {
          x = entityText.lengths().get(entityPos).intValue();
        } else if (q.equals("message_entities.entity_text") && x != null) {
          int o = entityText.offsets().get(entityPos).intValue();
          x = entityText.text().substring(o, o + entityText.lengths().get(entityPos).intValue());
        } else if (Set.of(
                "messages.media_file_id",
                "messages.location_latitude",
                "messages.location_longitude",
                "updates.raw_json")
            .contains(q)) {
          x = null;
        }
        v[i] = x;
      }
      return org.apache.spark.sql.RowFactory.create(v).toString();
    }
  }

  private static boolean has(Row r, String col) {
    return List.of(r.schema().fieldNames()).contains(col);
  }

  private static List<String> sorted(List<Row> rows, Function<Row, String> f) {
    return rows.stream().map(f).sorted().toList();
  }
}
