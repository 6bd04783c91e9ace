package io.tglake.etl;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * The part of the Telegram Bot API {@code Update} object the ETL reads, with the types the tables
 * need.
 *
 * <p>This is the <em>contract</em> side of "infer, then conform": whatever a day's inferred schema
 * looks like, {@link SchemaConformer} turns the parsed update into exactly this struct, so every
 * table built from it has the same schema every day. Fields that only mark presence (service
 * messages like {@code forum_topic_closed: {}}) are empty structs: non-null when the key is there.
 *
 * <p>{@code update_id} is read as a string on purpose: it is validated (integer, in range) and cast
 * by the job, so a bad value quarantines the object instead of failing the parse.
 */
public final class TelegramSchema {

  private TelegramSchema() {}

  /**
   * Update kinds that carry a {@code Message} (the rows of {@code messages}), in priority order.
   */
  public static final List<String> MESSAGE_KINDS =
      List.of(
          "message",
          "edited_message",
          "channel_post",
          "edited_channel_post",
          "business_message",
          "edited_business_message");

  /** Every update kind of the Bot API the ETL knows by name (message kinds first). */
  public static final List<String> KNOWN_KINDS =
      List.of(
          "message",
          "edited_message",
          "channel_post",
          "edited_channel_post",
          "business_message",
          "edited_business_message",
          "business_connection",
          "deleted_business_messages",
          "message_reaction",
          "message_reaction_count",
          "inline_query",
          "chosen_inline_result",
          "callback_query",
          "shipping_query",
          "pre_checkout_query",
          "purchased_paid_media",
          "poll",
          "poll_answer",
          "my_chat_member",
          "chat_member",
          "chat_join_request",
          "chat_boost",
          "removed_chat_boost");

  static final String USER =
      "STRUCT<id: BIGINT, is_bot: BOOLEAN, first_name: STRING, last_name: STRING, "
          + "username: STRING, language_code: STRING, is_premium: BOOLEAN>";
  static final String CHAT = "STRUCT<id: BIGINT, type: STRING, title: STRING, username: STRING>";
  static final String ENTITY =
      "STRUCT<type: STRING, offset: BIGINT, length: BIGINT, url: STRING, "
          + "user: STRUCT<id: BIGINT>, language: STRING, custom_emoji_id: STRING>";
  static final String FILE =
      "STRUCT<file_id: STRING, file_unique_id: STRING, file_size: BIGINT, "
          + "mime_type: STRING, duration: BIGINT>";
  static final String PHOTO =
      "ARRAY<STRUCT<file_id: STRING, file_unique_id: STRING, width: BIGINT, "
          + "height: BIGINT, file_size: BIGINT>>";
  static final String LOCATION = "STRUCT<latitude: DOUBLE, longitude: DOUBLE>";
  static final String PRESENT = "STRUCT<>";

  /** The Message fields used by messages, message_entities and chat_member_updates. */
  static final String MESSAGE =
      "STRUCT<"
          + "message_id: BIGINT, message_thread_id: BIGINT, from: "
          + USER
          + ", sender_chat: "
          + CHAT
          + ", "
          + "date: BIGINT, business_connection_id: STRING, chat: "
          + CHAT
          + ", "
          + "forward_origin: STRUCT<type: STRING, date: BIGINT>, forward_from: STRUCT<id: BIGINT>, "
          + "forward_from_chat: STRUCT<id: BIGINT>, forward_sender_name: STRING, forward_date: BIGINT, "
          + "reply_to_message: STRUCT<message_id: BIGINT>, edit_date: BIGINT, media_group_id: STRING, "
          + "text: STRING, entities: ARRAY<"
          + ENTITY
          + ">, caption: STRING, caption_entities: ARRAY<"
          + ENTITY
          + ">, "
          + "animation: "
          + FILE
          + ", audio: "
          + FILE
          + ", document: "
          + FILE
          + ", photo: "
          + PHOTO
          + ", "
          + "sticker: STRUCT<file_id: STRING, file_unique_id: STRING, file_size: BIGINT, emoji: STRING>, "
          + "story: "
          + PRESENT
          + ", video: "
          + FILE
          + ", video_note: "
          + FILE
          + ", voice: "
          + FILE
          + ", "
          + "paid_media: "
          + PRESENT
          + ", contact: "
          + PRESENT
          + ", dice: "
          + PRESENT
          + ", game: "
          + PRESENT
          + ", "
          + "poll: "
          + PRESENT
          + ", venue: STRUCT<location: "
          + LOCATION
          + ">, location: "
          + LOCATION
          + ", "
          + "invoice: "
          + PRESENT
          + ", successful_payment: "
          + PRESENT
          + ", refunded_payment: "
          + PRESENT
          + ", "
          + "new_chat_members: ARRAY<"
          + USER
          + ">, left_chat_member: "
          + USER
          + ", new_chat_title: STRING, "
          + "new_chat_photo: "
          + PHOTO
          + ", delete_chat_photo: BOOLEAN, group_chat_created: BOOLEAN, "
          + "supergroup_chat_created: BOOLEAN, channel_chat_created: BOOLEAN, "
          + "message_auto_delete_timer_changed: "
          + PRESENT
          + ", migrate_to_chat_id: BIGINT, "
          + "migrate_from_chat_id: BIGINT, pinned_message: "
          + PRESENT
          + ", users_shared: "
          + PRESENT
          + ", "
          + "chat_shared: "
          + PRESENT
          + ", write_access_allowed: "
          + PRESENT
          + ", connected_website: STRING, "
          + "passport_data: "
          + PRESENT
          + ", proximity_alert_triggered: "
          + PRESENT
          + ", "
          + "boost_added: "
          + PRESENT
          + ", chat_background_set: "
          + PRESENT
          + ", checklist: "
          + PRESENT
          + ", "
          + "forum_topic_created: "
          + PRESENT
          + ", forum_topic_edited: "
          + PRESENT
          + ", "
          + "forum_topic_closed: "
          + PRESENT
          + ", forum_topic_reopened: "
          + PRESENT
          + ", "
          + "general_forum_topic_hidden: "
          + PRESENT
          + ", general_forum_topic_unhidden: "
          + PRESENT
          + ", "
          + "giveaway_created: "
          + PRESENT
          + ", giveaway: "
          + PRESENT
          + ", giveaway_winners: "
          + PRESENT
          + ", "
          + "giveaway_completed: "
          + PRESENT
          + ", video_chat_scheduled: "
          + PRESENT
          + ", "
          + "video_chat_started: "
          + PRESENT
          + ", video_chat_ended: "
          + PRESENT
          + ", "
          + "video_chat_participants_invited: "
          + PRESENT
          + ", web_app_data: "
          + PRESENT
          + ">";

  static final String CHAT_MEMBER_UPDATED =
      "STRUCT<chat: "
          + CHAT
          + ", from: "
          + USER
          + ", date: BIGINT, "
          + "old_chat_member: STRUCT<status: STRING, user: "
          + USER
          + ">, "
          + "new_chat_member: STRUCT<status: STRING, user: "
          + USER
          + ">>";

  static final String FROM_ONLY = "STRUCT<from: " + USER + ">";

  /**
   * The contract struct of one update (see class doc). Field order is part of the contract only in
   * the sense that it is fixed; transforms address fields by name.
   */
  public static StructType update() {
    return StructType.fromDDL(
        String.join(
            ", ",
            "update_id STRING",
            "message " + MESSAGE,
            "edited_message " + MESSAGE,
            "channel_post " + MESSAGE,
            "edited_channel_post " + MESSAGE,
            "business_message " + MESSAGE,
            "edited_business_message " + MESSAGE,
            "business_connection STRUCT<id: STRING, user: "
                + USER
                + ", user_chat_id: BIGINT, date: BIGINT>",
            "deleted_business_messages STRUCT<chat: " + CHAT + ">",
            "message_reaction STRUCT<chat: " + CHAT + ", user: " + USER + ", date: BIGINT>",
            "message_reaction_count STRUCT<chat: " + CHAT + ", date: BIGINT>",
            "inline_query " + FROM_ONLY,
            "chosen_inline_result " + FROM_ONLY,
            "callback_query STRUCT<id: STRING, from: "
                + USER
                + ", "
                + "message: STRUCT<message_id: BIGINT, date: BIGINT, chat: "
                + CHAT
                + ">, "
                + "inline_message_id: STRING, chat_instance: STRING, data: STRING, game_short_name: STRING>",
            "shipping_query " + FROM_ONLY,
            "pre_checkout_query " + FROM_ONLY,
            "purchased_paid_media " + FROM_ONLY,
            "poll STRUCT<id: STRING>",
            "poll_answer STRUCT<user: " + USER + ", voter_chat: " + CHAT + ">",
            "my_chat_member " + CHAT_MEMBER_UPDATED,
            "chat_member " + CHAT_MEMBER_UPDATED,
            "chat_join_request STRUCT<chat: " + CHAT + ", from: " + USER + ", date: BIGINT>",
            "chat_boost STRUCT<chat: " + CHAT + ", boost: STRUCT<add_date: BIGINT>>",
            "removed_chat_boost STRUCT<chat: " + CHAT + ", remove_date: BIGINT>"));
  }
}
