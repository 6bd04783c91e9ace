package io.tglake.etl;

import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.decode;
import static org.apache.spark.sql.functions.encode;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.get;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.try_multiply;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * The column expressions of the messages table that read one message object: its kind by content,
 * its media, its command and UTF-16 slices of its text. Pure, no I/O; used by {@link Tables}.
 */
final class MessageColumns {

  private MessageColumns() {}

  /**
   * {@code message_type} precedence, first match wins. Content decides, never JSON key order: an
   * animation also carries {@code document}, a venue also carries {@code location}, a join also
   * carries the legacy {@code new_chat_member}/{@code new_chat_participant}. Presence means the
   * field is non-null (arrays: non-empty, service booleans: true). Anything else is {@code other}.
   */
  public static final List<String> MESSAGE_TYPE_PRECEDENCE =
      List.of(
          "text",
          "animation",
          "photo",
          "video",
          "video_note",
          "voice",
          "audio",
          "document",
          "sticker",
          "story",
          "paid_media",
          "venue",
          "location",
          "contact",
          "dice",
          "game",
          "poll",
          "invoice",
          "successful_payment",
          "refunded_payment",
          "new_chat_members",
          "left_chat_member",
          "new_chat_title",
          "new_chat_photo",
          "delete_chat_photo",
          "group_chat_created",
          "supergroup_chat_created",
          "channel_chat_created",
          "message_auto_delete_timer_changed",
          "migrate_to_chat_id",
          "migrate_from_chat_id",
          "pinned_message",
          "users_shared",
          "chat_shared",
          "write_access_allowed",
          "web_app_data",
          "connected_website",
          "passport_data",
          "proximity_alert_triggered",
          "boost_added",
          "chat_background_set",
          "checklist",
          "forum_topic_created",
          "forum_topic_edited",
          "forum_topic_closed",
          "forum_topic_reopened",
          "general_forum_topic_hidden",
          "general_forum_topic_unhidden",
          "giveaway_created",
          "giveaway",
          "giveaway_winners",
          "giveaway_completed",
          "video_chat_scheduled",
          "video_chat_started",
          "video_chat_ended",
          "video_chat_participants_invited");

  /**
   * The message-like object of the update (message, edited_message, ... in that order), or null.
   */
  static Column message() {
    return coalesce(TelegramSchema.MESSAGE_KINDS.stream().map(k -> col(k)).toArray(Column[]::new));
  }

  /** message_type by {@link #MESSAGE_TYPE_PRECEDENCE}. */
  static Column messageType(Column m) {
    Column result = null;
    for (String field : MESSAGE_TYPE_PRECEDENCE) {
      Column v = m.getField(field);
      Column present =
          switch (field) {
            case "photo", "new_chat_members", "new_chat_photo" -> v.isNotNull().and(size(v).gt(0));
            case "delete_chat_photo",
                "group_chat_created",
                "supergroup_chat_created",
                "channel_chat_created" ->
                coalesce(v, lit(false));
            default -> v.isNotNull();
          };
      result = result == null ? when(present, lit(field)) : result.when(present, lit(field));
    }
    return result.otherwise(lit("other"));
  }

  /**
   * The media object matching message_type, as (file_id, file_unique_id, file_size, mime_type,
   * duration).
   */
  static Column media(Column m, Column type) {
    Column result = null;
    for (String field : List.of("animation", "video", "video_note", "voice", "audio", "document")) {
      Column f = m.getField(field);
      Column s =
          mediaStruct(
              f.getField("file_id"),
              f.getField("file_unique_id"),
              f.getField("file_size"),
              f.getField("mime_type"),
              f.getField("duration"));
      result = result == null ? when(type.equalTo(field), s) : result.when(type.equalTo(field), s);
    }
    Column st = m.getField("sticker");
    result =
        result.when(
            type.equalTo("sticker"),
            mediaStruct(
                st.getField("file_id"),
                st.getField("file_unique_id"),
                st.getField("file_size"),
                lit(null),
                lit(null)));
    for (String field : List.of("photo", "new_chat_photo")) {
      Column p = largestPhoto(m.getField(field));
      result =
          result.when(
              type.equalTo(field),
              mediaStruct(
                  p.getField("file_id"),
                  p.getField("file_unique_id"),
                  p.getField("file_size"),
                  lit(null),
                  lit(null)));
    }
    return result;
  }

  private static Column mediaStruct(
      Column fileId, Column uniqueId, Column size, Column mime, Column duration) {
    return struct(
        fileId.cast(DataTypes.StringType).as("file_id"),
        uniqueId.cast(DataTypes.StringType).as("file_unique_id"),
        size.cast(DataTypes.LongType).as("file_size"),
        mime.cast(DataTypes.StringType).as("mime_type"),
        duration.cast(DataTypes.LongType).as("duration"));
  }

  /**
   * The largest PhotoSize (by width*height, then file_size) — Telegram lists sizes smallest first,
   * but the order is not a documented guarantee, so it is not relied on.
   */
  static Column largestPhoto(Column photos) {
    Column ranked =
        transform(
            photos,
            p ->
                struct(
                    coalesce(try_multiply(p.getField("width"), p.getField("height")), lit(0L))
                        .as("area"),
                    coalesce(p.getField("file_size"), lit(0L)).as("size"),
                    p.as("p")));
    return array_max(ranked).getField("p");
  }

  /**
   * The bot command the text starts with: the first {@code bot_command} entity at offset 0,
   * lower-cased and without the {@code @botname} suffix ({@code /Start@SupportBot} → {@code
   * /start}).
   */
  static Column command(Column m) {
    Column cmd =
        get(
            filter(
                m.getField("entities"),
                e ->
                    e.getField("type").equalTo("bot_command").and(e.getField("offset").equalTo(0))),
            lit(0));
    Column cut =
        utf16Slice(encode(m.getField("text"), "UTF-16BE"), lit(0L), cmd.getField("length"));
    return lower(substring_index(cut, "@", 1));
  }

  /**
   * Substring by UTF-16 code units, as the Bot API counts entity offsets and lengths. Spark's
   * substring counts code points, which shifts every entity after an emoji or other astral
   * character; the text is therefore encoded to UTF-16BE (two bytes per unit) and cut as bytes.
   * Out-of-range or negative offsets give null instead of an error (the conditions short-circuit,
   * so no ANSI overflow can happen).
   *
   * @param text16 the text encoded with {@code encode(text, 'UTF-16BE')}
   */
  static Column utf16Slice(Column text16, Column offset, Column length) {
    Column units = octet_length(text16).divide(2).cast(DataTypes.LongType);
    Column inRange =
        offset
            .geq(0)
            .and(length.geq(0))
            .and(offset.leq(units))
            .and(length.leq(units.minus(offset)));
    return when(
        text16.isNotNull().and(inRange),
        decode(
            substring(
                text16,
                offset.multiply(2).plus(1).cast(DataTypes.IntegerType),
                length.multiply(2).cast(DataTypes.IntegerType)),
            "UTF-16BE"));
  }
}
