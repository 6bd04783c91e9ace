package io.tglake.etl.pseudonym;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The privacy class of every column of every enriched table, and so what {@code --pseudonymize}
 * does with it. This is the one place a column's treatment is decided: {@link Pseudonymizer#table}
 * refuses a column that is not listed here (the day fails instead of writing it unmasked), and
 * {@code ColumnPrivacyTest} fails the build when a golden schema has a column without a class or
 * with a class that does not fit its type. Adding a column to a table therefore means deciding here
 * whether it is free text, a link, an id of a person, or safe.
 */
public final class ColumnPrivacy {

  /** What a column holds, and where the pseudonymized lake's rule for it is applied. */
  public enum Privacy {
    /**
     * Not about a person: ids of messages, updates, groups and bots, enums, dates, counts, opaque
     * tokens. Kept.
     */
    SAFE,
    /** A Telegram user's id (bigint): replaced by its pseudonym in the parsed updates (step 1). */
    USER_ID,
    /**
     * A chat's id (bigint): a private chat's (= the user's id) becomes the user's pseudonym in step
     * 1.
     */
    CHAT_ID,
    /**
     * A chat's id in the bot's outgoing records (bigint), which do not pass step 1: hashed here
     * when private.
     */
    BOT_CHAT_ID,
    /** A person's name or username (string): null. */
    NAME,
    /**
     * A chat's title or username (string): null for private chats (the person's name), kept for
     * groups.
     */
    CHAT_NAME,
    /**
     * A message's text or caption, or a slice of it (string): masked in step 1 together with the
     * message's entities, so that entity offsets still point into the masked text ({@link
     * TextMasker#maskWithEntities}).
     */
    MESSAGE_TEXT,
    /** Other free text (string): masked by {@link TextMasker#mask}. */
    TEXT,
    /** A link (string): masked by {@link TextMasker#maskUrl}. */
    URL,
    /** Dropped (null): the whole raw update, file ids a bot can download with, exact locations. */
    DROP
  }

  private static final Map<String, Map<String, Privacy>> TABLES = new LinkedHashMap<>();

  static {
    table(
        "messages",
        "SAFE: message_id user_is_bot chat_type date update_id update_type message_type sent_at edit_date edited_at "
            + "reply_to_message_id message_thread_id user_language_code user_is_premium business_connection_id "
            + "is_forwarded forward_origin_type forward_date media_group_id media_file_unique_id media_file_size "
            + "media_mime_type media_duration sticker_emoji migrate_to_chat_id migrate_from_chat_id received_at "
            + "context_date",
        "USER_ID: user_id",
        "CHAT_ID: chat_id sender_chat_id",
        "NAME: user_first_name user_last_name user_username",
        "CHAT_NAME: chat_title chat_username",
        // command: cut from the masked text by its bot_command entity
        "MESSAGE_TEXT: text caption command",
        "DROP: media_file_id location_latitude location_longitude");
    table(
        "message_entities",
        "SAFE: update_id update_type message_id entity_index source type offset length language custom_emoji_id "
            + "context_date",
        "USER_ID: mentioned_user_id",
        "CHAT_ID: chat_id",
        "MESSAGE_TEXT: entity_text",
        "URL: url");
    table(
        "callback_queries",
        "SAFE: update_id callback_query_id user_is_bot user_language_code chat_type message_id inline_message_id "
            + "chat_instance game_short_name sent_at context_date",
        "USER_ID: user_id",
        "CHAT_ID: chat_id",
        "NAME: user_first_name user_username",
        // set by the bot, but bots put order numbers, phones or user ids in it
        "TEXT: data");
    table(
        "chat_member_updates",
        "SAFE: update_id update_type event chat_type user_is_bot old_status new_status date sent_at context_date",
        "USER_ID: actor_user_id user_id",
        "CHAT_ID: chat_id",
        "NAME: user_first_name user_username",
        "CHAT_NAME: chat_title");
    table(
        "updates",
        // source_file: the raw object's key, named by update_id
        "SAFE: update_id update_type event_date received_at source_file context_date",
        "USER_ID: user_id",
        "CHAT_ID: chat_id",
        "DROP: raw_json");
    table(
        "bot_messages",
        // record_key: wr-<update_id>.json or api-<bot_id>-<sha256>.json
        "SAFE: record_key source bot_id method message_type chat_type message_id reply_to_message_id "
            + "in_response_to_update_id callback_query_id sent_at edit button_count ok error_code captured_at "
            + "context_date",
        "BOT_CHAT_ID: chat_id",
        // description: Telegram's error text, which may quote the request
        "TEXT: text description");
  }

  private ColumnPrivacy() {}

  private static void table(String name, String... classes) {
    Map<String, Privacy> columns = new LinkedHashMap<>();
    for (String line : classes) {
      int colon = line.indexOf(':');
      Privacy p = Privacy.valueOf(line.substring(0, colon));
      for (String c : line.substring(colon + 1).trim().split("\\s+")) {
        if (columns.put(c, p) != null) {
          throw new IllegalStateException(name + "." + c + " has two privacy classes");
        }
      }
    }
    TABLES.put(name, Collections.unmodifiableMap(columns));
  }

  /**
   * The class of {@code table.column}, empty when the column has none (a pseudonymized write must
   * refuse it).
   */
  public static Optional<Privacy> of(String table, String column) {
    return Optional.ofNullable(TABLES.getOrDefault(table, Map.of()).get(column));
  }

  /** Every classified table with its columns' classes, in declaration order. */
  public static Map<String, Map<String, Privacy>> all() {
    return Collections.unmodifiableMap(TABLES);
  }
}
