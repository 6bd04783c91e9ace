package io.tglake.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.tglake.contract.UpdateRules;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The few facts the webhook needs from a Telegram {@code Update}: its id, the chat it belongs to
 * (if the update kind has one) and the supergroup-migration pointers of a service message.
 *
 * @param updateId {@code update_id}
 * @param chatId the chat of the update, or null for kinds without one (inline_query, poll, ...)
 * @param migrateToChatId {@code message.migrate_to_chat_id} (group upgraded to this supergroup), or
 *     null
 * @param migrateFromChatId {@code message.migrate_from_chat_id} (this supergroup came from that
 *     group), or null
 * @param chatProblem why the chat cannot be known although the update's kind always has one (a kind
 *     that is not an object, a missing chat, a {@code chat.id} that is not a 64-bit integer such as
 *     {@code "999"}, {@code 999.0} or a 20-digit number, two kinds with different chats), or null;
 *     {@code chatId} is null then. With an allow-list such an update is a 400, never stored as "no
 *     chat".
 */
public record TelegramUpdate(
    long updateId, Long chatId, Long migrateToChatId, Long migrateFromChatId, String chatProblem) {

  /** Update kinds whose object always has a {@code chat} field (Bot API "Update" object). */
  static final List<String> KINDS_WITH_CHAT =
      List.of(
          "message",
          "edited_message",
          "channel_post",
          "edited_channel_post",
          "business_message",
          "edited_business_message",
          "deleted_business_messages",
          "my_chat_member",
          "chat_member",
          "chat_join_request",
          "message_reaction",
          "message_reaction_count",
          "chat_boost",
          "removed_chat_boost");

  /** Thrown when the body is not a JSON object with an integer {@code update_id}. */
  public static final class InvalidUpdateException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidUpdateException(String message) {
      super(message);
    }
  }

  /**
   * The parser of bodies: {@link UpdateRules#MAX_DEPTH} enforced by the tokenizer itself, so no
   * body can drive the tree building below into deep recursion (Jackson's default limit is 1000,
   * the ETL's inference overflows earlier).
   */
  private static final JsonFactory UPDATE_JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(UpdateRules.MAX_DEPTH).build())
          .build();

  /**
   * Parses a webhook body that must be an update as {@link UpdateRules} defines it (UTF-8 without
   * BOM, one JSON object and nothing after it, at most {@link UpdateRules#MAX_DEPTH} deep, no
   * duplicate keys, an integer {@code update_id} that fits a signed 64-bit long); the exception's
   * message is the rule's reason.
   */
  public static TelegramUpdate parse(byte[] body) throws InvalidUpdateException {
    Optional<String> encoding = UpdateRules.encodingProblem(body);
    if (encoding.isPresent()) {
      throw new InvalidUpdateException(encoding.get());
    }
    Map<String, Object> root;
    // From the decoded text, not the bytes: a byte-based parser would detect and read UTF-16/UTF-32
    // by itself.
    try (JsonParser p = UPDATE_JSON.createParser(UpdateRules.text(body))) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidUpdateException(UpdateRules.NOT_AN_OBJECT);
      }
      root = readObject(p);
      JsonToken after;
      try {
        after = p.nextToken();
      } catch (JsonParseException e) {
        throw new InvalidUpdateException(UpdateRules.TRAILING_CONTENT);
      }
      if (after != null) {
        throw new InvalidUpdateException(UpdateRules.SEVERAL_VALUES);
      }
    } catch (StreamConstraintsException e) {
      throw new InvalidUpdateException(
          String.valueOf(e.getMessage()).contains("nesting depth")
              ? UpdateRules.TOO_DEEP
              : UpdateRules.INVALID_JSON);
    } catch (IOException e) {
      // JsonParseException (unescaped control characters, NaN, comments, ...): not an update.
      throw new InvalidUpdateException(UpdateRules.INVALID_JSON);
    }
    Object id = root.get("update_id");
    if (!(id instanceof Long)) {
      throw new InvalidUpdateException(
          id == null ? UpdateRules.UPDATE_ID_MISSING : UpdateRules.UPDATE_ID_NOT_INTEGER);
    }
    Long chatId = null;
    String chatProblem = null;
    for (String kind : KINDS_WITH_CHAT) {
      if (root.containsKey(kind)) {
        ChatRef ref = chatOf(root.get(kind), kind);
        if (ref.problem() != null) {
          chatProblem = chatProblem == null ? ref.problem() : chatProblem;
        } else if (chatId == null) {
          chatId = ref.id();
        } else if (!chatId.equals(ref.id())) {
          chatProblem = "update carries several kinds with different chats";
        }
      }
    }
    if (root.containsKey("callback_query")) {
      // No message (inline_message_id instead) = a callback of an inline message: no chat, stored.
      if (!(root.get("callback_query") instanceof Map<?, ?> callback)) {
        chatProblem = chatProblem == null ? "callback_query is not an object" : chatProblem;
      } else if (callback.containsKey("message")) {
        ChatRef ref = chatOf(callback.get("message"), "callback_query.message");
        if (ref.problem() != null) {
          chatProblem = chatProblem == null ? ref.problem() : chatProblem;
        } else if (chatId == null) {
          chatId = ref.id();
        } else if (!chatId.equals(ref.id())) {
          chatProblem = "update carries several kinds with different chats";
        }
      }
    }
    if (chatProblem != null) {
      chatId = null;
    }
    Long migrateTo = null;
    Long migrateFrom = null;
    if (root.get("message") instanceof Map<?, ?> message) {
      migrateTo = longAt(message, "migrate_to_chat_id");
      migrateFrom = longAt(message, "migrate_from_chat_id");
    }
    return new TelegramUpdate((Long) id, chatId, migrateTo, migrateFrom, chatProblem);
  }

  /** A kind's chat id, or why there is none although the kind always has a chat. */
  private record ChatRef(Long id, String problem) {}

  private static ChatRef chatOf(Object payload, String where) {
    if (!(payload instanceof Map<?, ?> object)) {
      return new ChatRef(null, where + " is not an object");
    }
    if (!(object.get("chat") instanceof Map<?, ?> chat)) {
      return new ChatRef(
          null, where + ".chat is " + (object.get("chat") == null ? "missing" : "not an object"));
    }
    Object id = chat.get("id");
    if (!(id instanceof Long value)) {
      // "999", 999.0, 12345678901234567890 (BigInteger): Telegram never sends these; guessing would
      // bypass the list.
      return new ChatRef(
          null, where + ".chat.id is " + (id == null ? "missing" : "not a 64-bit integer"));
    }
    return new ChatRef(value, null);
  }

  private static Long longAt(Map<?, ?> node, String... path) {
    Object current = node;
    for (String field : path) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(field);
    }
    return current instanceof Long value ? value : null;
  }

  // A minimal tree: Map / List / Long / BigInteger / Double / String / Boolean / null. Telegram
  // updates are small
  // (the body is capped before parsing), so building a tree is cheaper to reason about than a
  // streaming matcher.
  private static Map<String, Object> readObject(JsonParser p)
      throws IOException, InvalidUpdateException {
    Map<String, Object> map = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      if (!seen.add(UpdateRules.keyIdentity(name))) {
        throw new InvalidUpdateException(UpdateRules.duplicateKey(name));
      }
      p.nextToken();
      map.put(name, readValue(p));
    }
    return map;
  }

  private static Object readValue(JsonParser p) throws IOException, InvalidUpdateException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT:
        return readObject(p);
      case START_ARRAY:
        List<Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(readValue(p));
        }
        return list;
      case VALUE_NUMBER_INT:
        return switch (p.getNumberType()) {
          case INT, LONG -> p.getLongValue();
          default -> new BigInteger(p.getText());
        };
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_STRING:
        // Skipped text content would be cheaper, but strings are small and we never log them.
        return p.getText();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unexpected token " + t);
    }
  }
}
