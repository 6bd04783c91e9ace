package io.tglake.etl.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tglake.etl.BotMessages;
import io.tglake.etl.DayResult;
import io.tglake.etl.JobArgs;
import io.tglake.etl.Tables;
import io.tglake.etl.TelegramEtlJob;
import io.tglake.etl.store.ObjectStore;
import io.tglake.etl.store.ObjectStores;
import io.tglake.testkit.S3ProxyServer;
import io.tglake.testkit.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Forget of one of three people on a clear lake over a real S3-compatible server (s3proxy on
 * 127.0.0.1), with the day of {@code erasure/three-people-day/}: Xiomara (7312458901) as sender,
 * private chat, contact, reaction, poll voter, join requester, member, broken object; and named by
 * Beatriz and Caio in a reply quote, a forward, a text mention, an {@code @mention}, two contact
 * cards, a join of two, a bot message replying to her; and by the bot in two outgoing records.
 * Afterwards no byte of either bucket names her except the erasure audit; the others' rows are the
 * same except the redacted values.
 */
class S3aRedactIT {

  private static final LocalDate DAY = LocalDate.parse("2026-11-22");
  private static final long XIOMARA = 7312458901L;
  // Her updates with rows (109, also hers, is broken: quarantine only).
  private static final Set<Long> HERS =
      Set.of(101L, 102L, 103L, 104L, 105L, 106L, 107L, 108L, 110L, 111L);
  private static final List<String> REDACTED =
      List.of("201", "202", "203", "204", "205", "206", "207", "209");

  /**
   * What identifies her: id, names, username, the nickname a contact card gave her, phone (two
   * spellings).
   */
  private static final List<String> HER =
      List.of("7312458901", "xiomara", "quaresma", "xiomara_q", "xio", "987654321", "98765-4321");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SparkSession spark = SharedSpark.get();

  @Test
  void forgetLeavesNoByteOfHerAndTheOthersRowsAsTheyWere() throws Exception {
    String oldKey = System.setProperty("aws.accessKeyId", S3ProxyServer.KEY);
    String oldSecret = System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET);
    try (S3ProxyServer server = S3ProxyServer.start("raw", "lake")) {
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      conf.set("fs.s3a.access.key", S3ProxyServer.KEY);
      conf.set("fs.s3a.secret.key", S3ProxyServer.SECRET);
      TelegramEtlJob.configureS3a(conf, server.endpoint());
      Optional<String> endpoint = Optional.of(server.endpoint());
      String raw = "s3a://raw/telegram";
      String enriched = "s3a://lake/enriched";
      ForgetArgs args =
          new ForgetArgs(
              Set.of(XIOMARA),
              raw,
              enriched,
              Optional.empty(),
              Optional.empty(),
              false,
              "dsr-x",
              endpoint,
              Optional.empty());
      try (ObjectStore r = ObjectStores.open(raw, endpoint);
          ObjectStore e = ObjectStores.open(enriched, endpoint);
          ObjectStore o = ObjectStores.open(args.outgoingRoot(), endpoint);
          ObjectStore rawBucket = ObjectStores.open("s3a://raw", endpoint);
          ObjectStore lakeBucket = ObjectStores.open("s3a://lake", endpoint)) {
        upload("raw", r);
        upload("outgoing", o);
        DayResult etl =
            TelegramEtlJob.run(
                    spark,
                    JobArgs.forDay(raw, enriched, DAY)
                        .withS3Endpoint(server.endpoint())
                        .withOutgoing(args.outgoingRoot())
                        .withMaxBadFraction(0.5))
                .single();
        assertThat(etl.ok()).as("clear ETL of the day: %s", etl.error()).isTrue();
        Map<String, List<ObjectNode>> before = tables(enriched);
        assertThat(hits(rawBucket, "s3a://raw/"))
            .as(
                "the search finds her before: 11 raw objects of hers, 8 of "
                    + "others, 3 outgoing records")
            .hasSize(22);
        assertThat(
                hits(lakeBucket, "s3a://lake/").stream()
                    .map(h -> h.substring(0, h.indexOf("/context_date")))
                    .distinct()
                    .sorted()
                    .toList())
            .as("... and in every table and the quarantine (Parquet decoded)")
            .containsExactly(
                "enriched/_quarantine",
                "enriched/bot_messages",
                "enriched/callback_queries",
                "enriched/chat_member_updates",
                "enriched/message_entities",
                "enriched/messages",
                "enriched/updates");

        ByteArrayOutputStream dry = new ByteArrayOutputStream();
        ForgetArgs dryArgs =
            new ForgetArgs(
                Set.of(XIOMARA),
                raw,
                enriched,
                Optional.empty(),
                Optional.empty(),
                true,
                "dsr-x",
                endpoint,
                Optional.empty());
        new ForgetJob(
                dryArgs,
                r,
                e,
                o,
                new EtlDayRebuilder(spark, dryArgs, e),
                new PrintStream(dry, true, StandardCharsets.UTF_8),
                Clock.systemUTC())
            .run();
        assertThat(dry.toString(StandardCharsets.UTF_8))
            .as("dry run lists deletions and redactions")
            .contains(
                "2026-11-22: 11 of 25 objects would be removed, 8 objects of other people that name them would be redacted",
                "2026-11-22: 8 objects of other people would be redacted ["
                    + String.join(
                        ", ",
                        REDACTED.stream()
                            .map(k -> "context_date=2026-11-22/" + k + ".json")
                            .toList())
                    + "], and 2 outgoing records "
                    + "[context_date=2026-11-22/api-204.json, context_date=2026-11-22/wr-204.json]");
        assertThat(
                r.get("context_date=2026-11-22/203.json")
                    .map(b -> new String(b, StandardCharsets.UTF_8)))
            .as("the dry run rewrote nothing")
            .hasValueSatisfying(s -> assertThat(s).contains("Xiomara"));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ForgetJob(
                args,
                r,
                e,
                o,
                new EtlDayRebuilder(spark, args, e),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                Clock.systemUTC())
            .run();

        List<String> left = new ArrayList<>(hits(rawBucket, "s3a://raw/"));
        left.addAll(hits(lakeBucket, "s3a://lake/"));
        assertThat(left)
            .as("every place in both buckets that still names her: only the erasure audit (her id)")
            .containsExactly("enriched/_privacy/erasures/dsr-x.json: 7312458901");

        JsonNode audit = JSON.readTree(e.get("_privacy/erasures/dsr-x.json").orElseThrow());
        JsonNode day = audit.get("days").get(0);
        assertThat(
                List.of(
                    day.get("objects_removed").asLong(),
                    day.get("objects_redacted").asLong(),
                    day.get("outgoing_records_removed").asLong(),
                    day.get("outgoing_records_redacted").asLong(),
                    day.get("references_kept").asLong(),
                    audit.get("objects_redacted").asLong()))
            .as(
                "audit: removed 11 raw + 1 outgoing, redacted 8 raw + 2 outgoing, nothing left naming her")
            .containsExactly(11L, 8L, 1L, 2L, 0L, 10L);

        for (String k : REDACTED) {
          byte[] body = r.get("context_date=2026-11-22/" + k + ".json").orElseThrow();
          assertThat(JSON.readTree(body).get("update_id").asText())
              .as("%s still parses, same key", k)
              .isEqualTo(k);
        }
        assertThat(e.list("_quarantine/context_date="))
            .as("no quarantine: the broken object was hers")
            .isEmpty();
        compare(before, tables(enriched));
      }
    } finally {
      FileSystem.closeAll();
      restore("aws.accessKeyId", oldKey);
      restore("aws.secretAccessKey", oldSecret);
    }
  }

  /** Every row of the others: equal, except the redacted values, which are asserted exactly. */
  private static void compare(
      Map<String, List<ObjectNode>> before, Map<String, List<ObjectNode>> after) {
    Map<String, List<String>> changed =
        Map.of(
            "messages",
            List.of("text"),
            "message_entities",
            List.of("offset", "length", "entity_text", "mentioned_user_id"),
            "updates",
            List.of("raw_json"),
            BotMessages.TABLE,
            List.of("text"));
    for (String t : before.keySet()) {
      List<String> cols = changed.getOrDefault(t, List.of());
      List<String> expected =
          before.get(t).stream()
              .filter(row -> !hers(row))
              .map(row -> without(row, cols))
              .sorted()
              .toList();
      List<String> actual = after.get(t).stream().map(row -> without(row, cols)).sorted().toList();
      assertThat(actual)
          .as("%s: the others' rows, her rows gone (redactable columns aside)", t)
          .containsExactlyElementsOf(expected);
      assertThat(after.get(t)).as("%s: no row of hers", t).noneMatch(S3aRedactIT::hers);
    }
    assertThat(values(after.get("messages"), "text", "203", "204"))
        .as("text mentions masked")
        .containsExactly(
            "fala com a [erased] sobre o CPF 529.982.247-25 🙂",
            "[erased] confirma o endereço? pedido PED-2026-0042");
    assertThat(
            after.get("message_entities").stream()
                .filter(
                    row ->
                        row.get("update_id").asLong() == 203
                            || row.get("update_id").asLong() == 204)
                .map(
                    row ->
                        row.get("update_id")
                            + " "
                            + row.get("type").asText()
                            + " "
                            + row.get("offset")
                            + "+"
                            + row.get("length")
                            + " "
                            + row.get("entity_text")
                            + " "
                            + row.path("mentioned_user_id"))
                .sorted()
                .toList())
        .as("entities: same rows, offsets moved with the text, mention of id 0")
        .containsExactly(
            "203 bold 28+3 \"CPF\" ",
            "203 text_mention 11+8 \"[erased]\" 0",
            "204 mention 0+8 \"[erased]\" ");
    for (ObjectNode row : after.get("messages")) {
      String id = row.get("update_id").asText();
      if (!id.equals("203") && !id.equals("204")) {
        assertThat(row.path("text"))
            .as("text of %s unchanged", id)
            .isEqualTo(
                before.get("messages").stream()
                    .filter(b -> b.get("update_id").asText().equals(id))
                    .findFirst()
                    .orElseThrow()
                    .path("text"));
      }
    }
    assertThat(values(after.get(BotMessages.TABLE), "text", "wr-204.json", "api-204.json"))
        .as("the bot's words about her (request text: entities, HTML link)")
        .containsExactly(
            "[erased], o Caio pediu confirmação do endereço",
            "<a href=\"tg://user?id=0\">[erased]</a>, responda no privado");
  }

  private static List<String> values(List<ObjectNode> rows, String col, String... ids) {
    List<String> out = new ArrayList<>();
    for (String id : ids) {
      rows.stream()
          .filter(
              r ->
                  id.equals(r.path("update_id").asText())
                      || id.equals(r.path("record_key").asText()))
          .forEach(r -> out.add(r.path(col).asText()));
    }
    return out;
  }

  /** Her rows: her updates, her member rows, the bot's message to her. */
  private static boolean hers(JsonNode row) {
    return HERS.contains(row.path("update_id").asLong())
        || row.path("user_id").asLong() == XIOMARA
        || row.path("actor_user_id").asLong() == XIOMARA
        || row.path("chat_id").asLong() == XIOMARA;
  }

  private static String without(ObjectNode row, List<String> cols) {
    ObjectNode copy = row.deepCopy();
    copy.remove(cols);
    return copy.toString();
  }

  private Map<String, List<ObjectNode>> tables(String enriched) throws Exception {
    Map<String, List<ObjectNode>> out = new TreeMap<>();
    List<String> names = new ArrayList<>(Tables.NAMES);
    names.add(BotMessages.TABLE);
    for (String t : names) {
      List<ObjectNode> rows = new ArrayList<>();
      for (String json : spark.read().parquet(enriched + "/" + t).toJSON().collectAsList()) {
        rows.add((ObjectNode) JSON.readTree(json));
      }
      out.put(t, rows);
    }
    return out;
  }

  /**
   * "key: term" for every object of the bucket whose bytes — or, for Parquet, whose decoded rows —
   * contain one of {@link #HER} (case-insensitive).
   */
  private List<String> hits(ObjectStore bucket, String uri) throws Exception {
    List<String> found = new ArrayList<>();
    for (ObjectStore.ObjectInfo info : bucket.list("")) {
      // Parquet pages are compressed: search what they hold, decoded.
      String text =
          info.key().endsWith(".parquet")
              ? String.join("\n", spark.read().parquet(uri + info.key()).toJSON().collectAsList())
              : new String(bucket.get(info.key()).orElseThrow(), StandardCharsets.UTF_8);
      String lower = text.toLowerCase(Locale.ROOT);
      for (String term : HER) {
        if (lower.contains(term)) {
          found.add(info.key() + ": " + term);
          break;
        }
      }
    }
    return found;
  }

  private static void upload(String layer, ObjectStore store) throws Exception {
    Path dir = Path.of(S3aRedactIT.class.getResource("/erasure/three-people-day/" + layer).toURI());
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        store.put("context_date=" + DAY + "/" + f.getFileName(), Files.readAllBytes(f));
      }
    }
  }

  private static void restore(String name, String old) {
    if (old == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, old);
    }
  }
}
