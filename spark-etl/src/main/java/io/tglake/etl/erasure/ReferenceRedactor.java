package io.tglake.etl.erasure;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Rewrites someone else's raw object (or outgoing record) so that it no longer identifies the
 * erased people, and keeps everything else. Pure: a Jackson tree in, a tree out; no storage, no
 * Spark.
 *
 * <p>Rules (docs/privacy.md, "Redaction of references"):
 *
 * <ul>
 *   <li>Any user object of theirs (an object whose numeric {@code id} is theirs and that has {@code
 *       is_bot} or {@code first_name}: {@code reply_to_message.from}, {@code
 *       forward_origin.sender_user}, {@code forward_from}, entity {@code user}, {@code via_bot},
 *       winners, travelers ...) becomes {@link #tombstone()}, which keeps the {@code User} shape
 *       the ETL's schema reads; a private chat object of theirs keeps its {@code type}.
 *   <li>A message of theirs quoted inside another ({@code reply_to_message}, {@code
 *       pinned_message}) keeps only {@code message_id}, {@code message_thread_id}, {@code date},
 *       {@code chat} and a tombstone {@code from}: its text, caption, entities, media and contact
 *       are their content. The replying message's {@code quote} (text cut from their message) goes
 *       too; an {@code external_reply} whose origin is them keeps only its origin (tombstoned),
 *       chat and message id.
 *   <li>A {@code text_mention} of them, and a {@code mention} of one of their usernames, become the
 *       text {@link #TEXT_MASK} in the entity's text ({@code text}, {@code caption}, {@code
 *       question}, ...); the other entities' UTF-16 offsets and lengths move with the shorter or
 *       longer text, so they still cover what they covered; the entity stays (same type, same
 *       count) ({@link MentionMasks}).
 *   <li>They leave {@code new_chat_members} (a join that also names other people stays the others'
 *       join).
 *   <li>A contact card of theirs ({@code user_id} theirs, or their phone number) keeps only {@code
 *       "phone_number": ""} and {@code "first_name": "erased"}; any other object with their {@code
 *       user_id} (shared users) gets {@code user_id} 0 and no name, username or photo ({@link
 *       ContactCards}).
 *   <li>{@code tg://user?id=<their id>} inside any string becomes {@code tg://user?id=0}; in a
 *       bot's HTML or Markdown text the link's words (a name) become {@link #TEXT_MASK} too ({@link
 *       UserLinks}).
 * </ul>
 *
 * A name typed as plain text (without a mention entity) is not recognized: it cannot be told apart
 * from anyone else's same name. Forwarded text stays: it is the forwarder's message, only who wrote
 * it first is removed.
 */
final class ReferenceRedactor {

  /** First name of the tombstone user and of a redacted contact. */
  static final String ERASED = "erased";

  /** Replaces the text a mention of them covered. */
  static final String TEXT_MASK = "[erased]";

  // Exact decimals: a rewritten object must keep every other value exactly as Telegram sent it
  // (1.50 stays 1.50);
  // emoji as UTF-8 characters, as Telegram writes them, not as escaped surrogate pairs.
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();
  private static final List<String> QUOTED = List.of("reply_to_message", "pinned_message");

  private final PersonIdentity who;
  private final MentionMasks mentions;
  private final ContactCards cards;
  private final UserLinks links;

  ReferenceRedactor(PersonIdentity who) {
    this.who = who;
    this.mentions = new MentionMasks(who);
    this.cards = new ContactCards(who);
    this.links = new UserLinks(who);
  }

  /** The fixed user that replaces theirs: {@code {"id":0,"is_bot":false,"first_name":"erased"}}. */
  static ObjectNode tombstone() {
    ObjectNode t = JSON.createObjectNode();
    t.put("id", 0);
    t.put("is_bot", false);
    t.put("first_name", ERASED);
    return t;
  }

  /** A JSON object's tree, or null for anything else (broken objects are never rewritten). */
  static ObjectNode parse(byte[] body) {
    try {
      JsonNode n = JSON.readTree(body);
      return n instanceof ObjectNode o ? o : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The rewritten bytes (compact JSON), or empty when nothing in {@code body} identifies them. */
  Optional<byte[]> redact(byte[] body) {
    ObjectNode root = parse(body);
    if (root == null || redact(root) == 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.writeValueAsBytes(root));
    } catch (IOException e) {
      throw new IllegalStateException("re-serializing a parsed tree", e);
    }
  }

  /** Rewrites {@code root} in place; returns how many places changed (0: it does not name them). */
  int redact(ObjectNode root) {
    return walk(root);
  }

  /**
   * Whether a rule would change {@code root}, or their id still appears as an id anywhere in it.
   */
  boolean identifies(JsonNode root) {
    return root instanceof ObjectNode o && (walk(o.deepCopy()) > 0 || idAnywhere(o));
  }

  /**
   * Their id as the value of an {@code id}, {@code user_id} or {@code user_chat_id} field anywhere.
   */
  boolean idAnywhere(JsonNode node) {
    if (node.isObject()) {
      for (var it = node.fields(); it.hasNext(); ) {
        var f = it.next();
        String k = f.getKey();
        JsonNode v = f.getValue();
        if ((k.equals("id") || k.equals("user_id") || k.equals("user_chat_id"))
            && (who.isThem(v)
                || v.isTextual()
                    && v.asText().matches("\\d{1,18}")
                    && who.ids().contains(Long.parseLong(v.asText())))) {
          return true;
        }
        if (idAnywhere(v)) {
          return true;
        }
      }
    } else if (node.isArray()) {
      for (JsonNode e : node) {
        if (idAnywhere(e)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * What could name someone without their id: the usernames of {@code @mentions} and the phone
   * numbers of contact cards, hashed like {@link PersonIdentity} ({@code "u:"}/{@code "p:"} +
   * hash). The raw scan keeps these per object until it knows everyone's usernames and phones
   * ({@link PersonIdentity#matchesAny}).
   */
  static Set<String> weakTokens(JsonNode node) {
    Set<String> out = new HashSet<>();
    weakTokens(node, out);
    return out;
  }

  private static void weakTokens(JsonNode node, Set<String> out) {
    if (node instanceof ObjectNode o) {
      ContactCards.phoneToken(o, out);
      MentionMasks.usernameTokens(o, out);
      for (String name : names(o)) {
        weakTokens(o.get(name), out);
      }
    } else if (node instanceof ArrayNode a) {
      a.forEach(e -> weakTokens(e, out));
    }
  }

  private int walk(JsonNode node) {
    int n = 0;
    if (node instanceof ObjectNode o) {
      n += quoted(o) + mentions.redact(o) + members(o) + cards.redact(o);
      for (String name : names(o)) {
        JsonNode v = o.get(name);
        JsonNode replaced = replacement(v);
        if (replaced != null) {
          o.set(name, replaced);
          n++;
        } else {
          n += walk(v);
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        JsonNode replaced = replacement(a.get(i));
        if (replaced != null) {
          a.set(i, replaced);
          n++;
        } else {
          n += walk(a.get(i));
        }
      }
    }
    return n;
  }

  /**
   * A tombstone for a user/private chat object of theirs, a cleaned string, or null to keep (and
   * descend).
   */
  private JsonNode replacement(JsonNode v) {
    if (v.isObject() && who.isThem(v.get("id")) && (v.has("is_bot") || v.has("first_name"))) {
      ObjectNode t = tombstone();
      if (v.path("type").isTextual()) {
        t.put("type", v.get("type").asText());
      }
      return t;
    }
    if (v.isTextual()) {
      String cleaned = links.clean(v.asText());
      return cleaned == null ? null : TextNode.valueOf(cleaned);
    }
    return null;
  }

  /** Their messages quoted inside this one (see class doc). */
  private int quoted(ObjectNode o) {
    int n = 0;
    for (String key : QUOTED) {
      JsonNode q = o.get(key);
      if (q instanceof ObjectNode m && who.isThem(m.path("from").get("id"))) {
        ObjectNode kept = JSON.createObjectNode();
        for (String f : List.of("message_id", "message_thread_id", "date", "chat")) {
          if (m.has(f)) {
            kept.set(f, m.get(f));
          }
        }
        kept.set("from", tombstone());
        o.set(key, kept);
        n++;
        if (key.equals("reply_to_message") && o.remove("quote") != null) {
          n++;
        }
      }
    }
    JsonNode ext = o.get("external_reply");
    if (ext instanceof ObjectNode e && who.isThem(e.path("origin").path("sender_user").get("id"))) {
      ObjectNode kept = JSON.createObjectNode();
      ObjectNode origin = kept.putObject("origin");
      origin.put("type", e.path("origin").path("type").asText("user"));
      if (e.path("origin").has("date")) {
        origin.set("date", e.path("origin").get("date"));
      }
      origin.set("sender_user", tombstone());
      for (String f : List.of("chat", "message_id")) {
        if (e.has(f)) {
          kept.set(f, e.get(f));
        }
      }
      o.set("external_reply", kept);
      n++;
      if (o.remove("quote") != null) {
        n++;
      }
    }
    return n;
  }

  /** They leave {@code new_chat_members}. */
  private int members(ObjectNode o) {
    if (!(o.get("new_chat_members") instanceof ArrayNode members)) {
      return 0;
    }
    int n = 0;
    for (int i = members.size() - 1; i >= 0; i--) {
      if (who.isThem(members.get(i).get("id"))) {
        members.remove(i);
        n++;
      }
    }
    return n;
  }

  /** The object's field names, a copy: the rules replace fields while walking them. */
  static List<String> names(ObjectNode o) {
    List<String> names = new ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
