package io.tglake.etl.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;

/**
 * The entity rule of {@link ReferenceRedactor}: a {@code text_mention} of them, or a {@code
 * mention} of one of their usernames, becomes {@link ReferenceRedactor#TEXT_MASK} in the text the
 * entity indexes ({@code entities} and {@code text_entities} index {@code text}, {@code
 * <field>_entities} index {@code <field>}: {@code caption}, {@code question}, ...), and every
 * entity of the same array moves with the shorter or longer text. The entity itself stays (same
 * type, same count); a text mention's {@code user} becomes the tombstone.
 */
final class MentionMasks {

  private final PersonIdentity who;

  MentionMasks(PersonIdentity who) {
    this.who = who;
  }

  /**
   * Mentions of them in every {@code *entities} array of {@code o}, masked in the text they index;
   * returns how many.
   */
  int redact(ObjectNode o) {
    int n = 0;
    for (String name : ReferenceRedactor.names(o)) {
      if (!name.endsWith("entities") || !(o.get(name) instanceof ArrayNode list)) {
        continue;
      }
      String textField = textField(name);
      for (JsonNode e : list) {
        if (!(e instanceof ObjectNode entity)) {
          continue;
        }
        String type = entity.path("type").asText();
        boolean mention = type.equals("text_mention") && who.isThem(entity.path("user").get("id"));
        if (!mention && type.equals("mention") && o.path(textField).isTextual()) {
          String span = span(o.get(textField).asText(), entity);
          mention = span != null && who.isTheirUsername(span);
        }
        if (!mention) {
          continue;
        }
        n++;
        if (type.equals("text_mention")) {
          entity.set("user", ReferenceRedactor.tombstone());
        }
        if (o.path(textField).isTextual() && span(o.get(textField).asText(), entity) != null) {
          o.put(textField, mask(o.get(textField).asText(), entity, list));
        }
      }
    }
    return n;
  }

  /**
   * Adds the hashed usernames ({@code "u:"} + hash, see {@link ReferenceRedactor#weakTokens}) of
   * the {@code @mentions} in the entity arrays directly under {@code o}.
   */
  static void usernameTokens(ObjectNode o, Set<String> out) {
    for (String name : ReferenceRedactor.names(o)) {
      if (name.endsWith("entities") && o.get(name) instanceof ArrayNode list) {
        String textField = textField(name);
        for (JsonNode e : list) {
          String span = o.path(textField).isTextual() ? span(o.get(textField).asText(), e) : null;
          if ("mention".equals(e.path("type").asText()) && span != null && span.length() > 1) {
            out.add("u:" + PersonIdentity.sha256(span.substring(1).toLowerCase(Locale.ROOT)));
          }
        }
      }
    }
  }

  /** The field whose text the entity array {@code entitiesField} indexes. */
  private static String textField(String entitiesField) {
    return entitiesField.equals("entities") || entitiesField.equals("text_entities")
        ? "text"
        : entitiesField.substring(0, entitiesField.length() - "_entities".length());
  }

  /**
   * The entity's text, or null when offset/length do not fit the text (a malformed entity is left
   * alone).
   */
  private static String span(String text, JsonNode entity) {
    if (!entity.path("offset").canConvertToInt() || !entity.path("length").canConvertToInt()) {
      return null;
    }
    int s = entity.path("offset").asInt(-1);
    int len = entity.path("length").asInt(-1);
    return s >= 0 && len >= 0 && s + len <= text.length() ? text.substring(s, s + len) : null;
  }

  /**
   * Replaces the entity's span with {@link ReferenceRedactor#TEXT_MASK} and moves every entity of
   * {@code all} (offsets are UTF-16 code units, which is what a Java string indexes): positions
   * before the span stay, positions after it shift by the length difference, positions inside it
   * snap to the mask's bounds.
   */
  private static String mask(String text, ObjectNode entity, ArrayNode all) {
    String maskText = ReferenceRedactor.TEXT_MASK;
    int s = entity.get("offset").asInt();
    int end = s + entity.get("length").asInt();
    int delta = maskText.length() - (end - s);
    for (JsonNode x : all) {
      if (x instanceof ObjectNode e
          && e.path("offset").canConvertToInt()
          && e.path("length").canConvertToInt()) {
        int o = e.get("offset").asInt();
        int oe = o + e.get("length").asInt();
        int no = o <= s ? o : o >= end ? o + delta : s;
        int ne = oe <= s ? oe : oe >= end ? oe + delta : s + maskText.length();
        if (e == entity) {
          no = s;
          ne = s + maskText.length();
        }
        e.put("offset", no);
        e.put("length", Math.max(0, ne - no));
      }
    }
    return text.substring(0, s) + maskText + text.substring(end);
  }
}
