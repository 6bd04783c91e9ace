package io.tglake.sample;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds a message text together with its {@code MessageEntity} list. Offsets and lengths are in
 * UTF-16 code units, as the Bot API defines them — which is exactly what Java's {@link
 * StringBuilder#length()} counts, so an emoji (two code units) before an entity shifts its offset
 * by two, as it does in real updates.
 */
final class EntityText {
  private final StringBuilder text = new StringBuilder();
  private final ArrayNode entities = JsonNodeFactory.instance.arrayNode();

  EntityText plain(String s) {
    text.append(s);
    return this;
  }

  /**
   * Appends {@code s} marked as an entity of {@code type} (bot_command, url, email, hashtag,
   * mention, ...).
   */
  EntityText entity(String type, String s) {
    ObjectNode e = entities.addObject();
    e.put("offset", text.length());
    e.put("length", s.length());
    e.put("type", type);
    text.append(s);
    return this;
  }

  /** Appends {@code s} as a {@code text_link} entity pointing at {@code url}. */
  EntityText link(String s, String url) {
    ObjectNode e = entities.addObject();
    e.put("offset", text.length());
    e.put("length", s.length());
    e.put("type", "text_link");
    e.put("url", url);
    text.append(s);
    return this;
  }

  String text() {
    return text.toString();
  }

  boolean hasEntities() {
    return !entities.isEmpty();
  }

  ArrayNode entities() {
    return entities.deepCopy();
  }
}
