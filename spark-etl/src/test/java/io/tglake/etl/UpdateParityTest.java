package io.tglake.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import io.tglake.ingest.JsonLog;
import io.tglake.ingest.RawUpdateStore;
import io.tglake.ingest.WebhookOutcome;
import io.tglake.ingest.WebhookRequest;
import io.tglake.ingest.WebhookService;
import io.tglake.ingest.WebhookSettings;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever the webhook answers 200 for, the ETL loads, and whatever the ETL cannot load, the
 * webhook refuses: real updates, mutated the ways a hostile or broken sender would (encodings,
 * depth, duplicate keys, numbers as strings, trailing content, huge numbers, control characters,
 * invalid UTF-8, ...), each fed to the webhook's core ({@link WebhookService} over an in-memory
 * store, no allow-list) and to the ETL's per-object verdict ({@link UpdateGate}, what the reader
 * applies before Spark parses anything). {@link UpdateParitySparkTest} runs one body of every
 * mutation through the real Spark pipeline.
 */
class UpdateParityTest {

  static final String TOKEN = "parity-token";

  /**
   * Real Bot API shapes: a text message with entities, a pretty-printed edit, a callback, a member
   * change, a reply with an inline keyboard (the deepest real update shape, about 7 levels).
   */
  static final List<String> UPDATES =
      List.of(
          "{\"update_id\":500012345,\"message\":{\"message_id\":1012,\"from\":{\"id\":7391200458,\"is_bot\":false,"
              + "\"first_name\":\"Mariana\",\"language_code\":\"pt-br\"},\"chat\":{\"id\":7391200458,\"first_name\":"
              + "\"Mariana\",\"type\":\"private\"},\"date\":1795400112,\"text\":\"Olá! Meu pedido #4471 não chegou "
              + "\\ud83d\\ude1f\",\"entities\":[{\"offset\":16,\"length\":5,\"type\":\"hashtag\"}]}}",
          "{\n  \"update_id\": 500012347,\n  \"edited_message\": {\n    \"message_id\": 88,\n    \"from\": {\"id\": 42, "
              + "\"is_bot\": false, \"first_name\": \"Ana\"},\n    \"chat\": {\"id\": 42, \"type\": \"private\"},\n"
              + "    \"date\": 1795400000,\n    \"edit_date\": 1795400100,\n    \"text\": \"corrigido\"\n  }\n}\n",
          "{\"update_id\":500012348,\"callback_query\":{\"id\":\"4382bfdwdsb323b2d9\",\"from\":{\"id\":42,\"is_bot\":"
              + "false,\"first_name\":\"Ana\"},\"message\":{\"message_id\":1013,\"chat\":{\"id\":42,\"type\":\"private\"},"
              + "\"date\":1795400112,\"text\":\"Escolha\"},\"chat_instance\":\"-8\",\"data\":\"order:4471\"}}",
          "{\"update_id\":500012349,\"chat_member\":{\"chat\":{\"id\":-1001234,\"title\":\"Loja\",\"type\":"
              + "\"supergroup\"},\"from\":{\"id\":1,\"is_bot\":false,\"first_name\":\"Admin\"},\"date\":1795400112,"
              + "\"old_chat_member\":{\"user\":{\"id\":77,\"is_bot\":false,\"first_name\":\"Caio\"},\"status\":\"left\"},"
              + "\"new_chat_member\":{\"user\":{\"id\":77,\"is_bot\":false,\"first_name\":\"Caio\"},\"status\":"
              + "\"member\"}}}",
          "{\"update_id\":500012350,\"message\":{\"message_id\":1014,\"from\":{\"id\":42,\"is_bot\":false,"
              + "\"first_name\":\"Ana\"},\"chat\":{\"id\":42,\"type\":\"private\"},\"date\":1795400200,\"text\":\"ok\","
              + "\"reply_to_message\":{\"message_id\":1013,\"chat\":{\"id\":42,\"type\":\"private\"},\"date\":1795400112,"
              + "\"text\":\"Escolha\",\"reply_markup\":{\"inline_keyboard\":[[{\"text\":\"Sim\",\"callback_data\":\"y\"},"
              + "{\"text\":\"Não\",\"callback_data\":\"n\"}]]}}}}");

  /** One way of damaging (or not) a body. */
  enum Kind {
    NONE,
    UTF8_BOM,
    UTF16_BOM,
    UTF16LE,
    UTF16BE,
    UTF32,
    DEPTH_63,
    DEPTH_64,
    DEPTH_65,
    DEPTH_999,
    DUPLICATE_TOP,
    DUPLICATE_NESTED,
    CASE_TWIN,
    UPDATE_ID_STRING,
    MESSAGE_ID_STRING,
    UPDATE_ID_MAX_LONG,
    UPDATE_ID_OVER_LONG,
    UPDATE_ID_FLOAT,
    UPDATE_ID_NULL,
    HUGE_NUMBER,
    LONG_NUMBER,
    TRAILING_WHITESPACE,
    TRAILING_GARBAGE,
    SECOND_OBJECT,
    TRAILING_ARRAY,
    RAW_CONTROL_CHAR,
    ESCAPED_CONTROL_CHAR,
    INVALID_UTF8,
    UTF8_SURROGATE,
    OVERLONG_UTF8,
    NUL_ESCAPE,
    TRUNCATED,
    ARRAY_WRAPPED,
    SINGLE_QUOTES,
    NAN,
    COMMENT,
    EMPTY
  }

  /** A mutation with where it applies (an index into the body's characters, when it needs one). */
  record Mutation(Kind kind, int where) {}

  /**
   * Applies {@code mutations} in order to {@code update} (text-level ones first, then byte-level
   * ones).
   */
  static byte[] mutate(String update, List<Mutation> mutations) {
    String text = update;
    for (Mutation m : mutations) {
      text = mutateText(text, m);
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (Mutation m : mutations) {
      bytes = mutateBytes(bytes, m);
    }
    return bytes;
  }

  private static String mutateText(String s, Mutation m) {
    int brace = s.indexOf('{');
    String head = brace < 0 ? "" : s.substring(0, brace + 1);
    String tail = brace < 0 ? s : s.substring(brace + 1);
    int text = s.indexOf("\"text\":");
    return switch (m.kind()) {
      case DEPTH_63 -> head + "\"probe\":" + nest(63) + "," + tail;
      case DEPTH_64 -> head + "\"probe\":" + nest(64) + "," + tail;
      case DEPTH_65 -> head + "\"probe\":" + nest(65) + "," + tail;
      case DEPTH_999 -> head + "\"probe\":" + nest(999) + "," + tail;
      case DUPLICATE_TOP -> head + "\"update_id\":1," + tail;
      case DUPLICATE_NESTED -> s.replaceFirst("\"chat\":\\s*\\{", "\"chat\":{\"type\":\"group\",");
      case CASE_TWIN -> head + "\"Update_Id\":7," + tail;
      case UPDATE_ID_STRING -> s.replaceFirst("\"update_id\":\\s*(\\d+)", "\"update_id\":\"$1\"");
      case MESSAGE_ID_STRING ->
          s.replaceFirst("\"message_id\":\\s*(\\d+)", "\"message_id\":\"$1\"");
      case UPDATE_ID_MAX_LONG ->
          s.replaceFirst("\"update_id\":\\s*\\d+", "\"update_id\":9223372036854775807");
      case UPDATE_ID_OVER_LONG ->
          s.replaceFirst("\"update_id\":\\s*\\d+", "\"update_id\":9223372036854775808");
      case UPDATE_ID_FLOAT -> s.replaceFirst("\"update_id\":\\s*(\\d+)", "\"update_id\":$1.0");
      case UPDATE_ID_NULL -> s.replaceFirst("\"update_id\":\\s*\\d+", "\"update_id\":null");
      case HUGE_NUMBER ->
          s.replaceFirst("\"date\":\\s*\\d+", "\"date\":123456789012345678901234567890");
      case LONG_NUMBER -> s.replaceFirst("\"date\":\\s*\\d+", "\"date\":" + "9".repeat(1500));
      case TRAILING_WHITESPACE -> s + " \n\t\r\n";
      case TRAILING_GARBAGE -> s + " x";
      case SECOND_OBJECT -> s + "\n" + s;
      case TRAILING_ARRAY -> s + "[]";
      case RAW_CONTROL_CHAR ->
          text < 0 ? s : s.substring(0, text + 8) + "\u0001" + s.substring(text + 8);
      case ESCAPED_CONTROL_CHAR ->
          text < 0 ? s : s.substring(0, text + 8) + "\\u0001" + s.substring(text + 8);
      case NUL_ESCAPE ->
          text < 0 ? s : s.substring(0, text + 8) + "\\u0000" + s.substring(text + 8);
      case TRUNCATED ->
          s.substring(
              0, Math.max(0, Math.min(s.length() - 1, m.where() % Math.max(1, s.length()))));
      case ARRAY_WRAPPED -> "[" + s + "]";
      case SINGLE_QUOTES -> s.replace("\"update_id\"", "'update_id'");
      case NAN -> s.replaceFirst("\"date\":\\s*\\d+", "\"date\":NaN");
      case COMMENT -> head + "/* c */" + tail;
      case EMPTY -> m.where() % 2 == 0 ? "" : "  \n ";
      default -> s;
    };
  }

  private static byte[] mutateBytes(byte[] b, Mutation m) {
    String s = new String(b, StandardCharsets.UTF_8);
    int text = s.indexOf("\"text\":");
    int at =
        text < 0
            ? b.length / 2
            : new String(b, StandardCharsets.UTF_8)
                .substring(0, text + 8)
                .getBytes(StandardCharsets.UTF_8)
                .length;
    return switch (m.kind()) {
      case UTF8_BOM -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, b);
      case UTF16_BOM -> s.getBytes(StandardCharsets.UTF_16);
      case UTF16LE -> s.getBytes(StandardCharsets.UTF_16LE);
      case UTF16BE -> s.getBytes(StandardCharsets.UTF_16BE);
      case UTF32 -> s.getBytes(Charset.forName("UTF-32"));
      case INVALID_UTF8 -> insert(b, at, new byte[] {(byte) 0xC3, (byte) 0x28});
      case UTF8_SURROGATE -> insert(b, at, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
      case OVERLONG_UTF8 -> insert(b, at, new byte[] {(byte) 0xC0, (byte) 0xAF});
      default -> b;
    };
  }

  /**
   * An array value whose deepest point is {@code depth} levels below the update (the update is
   * level 1).
   */
  private static String nest(int depth) {
    return "[".repeat(depth - 1) + "]".repeat(depth - 1);
  }

  private static byte[] insert(byte[] b, int at, byte[] what) {
    int i = Math.max(0, Math.min(at, b.length));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(b, 0, i);
    out.write(what, 0, what.length);
    out.write(b, i, b.length - i);
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The webhook's verdict: 200 (stored or already stored) = accepted. */
  static boolean webhookAccepts(byte[] body) {
    return webhook()
            .handle(
                new WebhookRequest(
                    "POST",
                    Map.of(WebhookRequest.SECRET_TOKEN_HEADER, List.of(TOKEN)),
                    body,
                    Instant.parse("2026-11-22T12:00:00Z")))
            .status()
        == 200;
  }

  /** The webhook's answer for {@code body} (for messages). */
  static WebhookOutcome webhookOutcome(byte[] body) {
    return webhook()
        .handle(
            new WebhookRequest(
                "POST",
                Map.of(WebhookRequest.SECRET_TOKEN_HEADER, List.of(TOKEN)),
                body,
                Instant.parse("2026-11-22T12:00:00Z")));
  }

  private static WebhookService webhook() {
    JsonFactory json = new JsonFactory();
    return new WebhookService(
        new WebhookSettings(TOKEN, Set.of(), WebhookSettings.DEFAULT_MAX_BODY_BYTES),
        new MemoryStore(),
        JsonLog.discard(json),
        json);
  }

  @Provide
  Arbitrary<List<Mutation>> mutations() {
    Arbitrary<Mutation> one =
        Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 4096))
            .as(Mutation::new);
    return one.list().ofMinSize(0).ofMaxSize(3);
  }

  @Property(tries = 1000, seed = "20261122")
  void theWebhookAcceptsExactlyWhatTheEtlLoads(
      @ForAll("mutations") List<Mutation> mutations,
      @ForAll @IntRange(min = 0, max = 4) int which) {
    byte[] body = mutate(UPDATES.get(which), mutations);
    boolean accepted = webhookAccepts(body);
    UpdateGate.Verdict loaded = UpdateGate.judge(body);
    assertThat(accepted)
        .as(
            "webhook %s (%s) vs ETL %s for %s",
            accepted ? 200 : webhookOutcome(body).status(),
            webhookOutcome(body).reason(),
            loaded,
            mutations)
        .isEqualTo(loaded.accepted());
    if (!accepted) {
      assertThat(loaded.error())
          .as("the same reason on both sides")
          .isEqualTo(webhookOutcome(body).reason());
    }
  }

  @Property(tries = 150, seed = "20261122")
  void everyMutationAloneGetsTheSameVerdict(
      @ForAll Kind kind,
      @ForAll @IntRange(min = 0, max = 4) int which,
      @ForAll @IntRange(min = 0, max = 4096) int where) {
    byte[] body = mutate(UPDATES.get(which), List.of(new Mutation(kind, where)));
    assertThat(webhookAccepts(body))
        .as("%s on update %d", kind, which)
        .isEqualTo(UpdateGate.judge(body).accepted());
  }

  /** The webhook's store, in memory. */
  static final class MemoryStore implements RawUpdateStore {
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    @Override
    public PutResult putIfAbsent(String key, byte[] body) {
      return objects.putIfAbsent(key, body) == null ? PutResult.CREATED : PutResult.ALREADY_EXISTS;
    }

    @Override
    public String locationOf(String key) {
      return "mem://" + key;
    }

    @Override
    public void recordChatMigration(long newChatId, long fromChatId) {}

    @Override
    public boolean isMigratedChat(long chatId) {
      return false;
    }
  }
}
