package io.tglake.etl;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One inline example per Bot API update kind and per message content kind, shaped like the Bot API
 * docs' objects (Update, Message, CallbackQuery, ChatMemberUpdated, ...). Keys are update ids.
 */
final class BotApiFixtures {

  private BotApiFixtures() {}

  static final String USER =
      "{\"id\": 42, \"is_bot\": false, \"first_name\": \"Ana\", \"last_name\": \"Silva\", "
          + "\"username\": \"ana\", \"language_code\": \"pt-br\", \"is_premium\": true}";
  static final String BOT =
      "{\"id\": 7, \"is_bot\": true, \"first_name\": \"Support\", \"username\": \"SupportBot\"}";
  static final String PRIVATE = "{\"id\": 42, \"first_name\": \"Ana\", \"type\": \"private\"}";
  static final String GROUP =
      "{\"id\": -100123, \"title\": \"Help group\", \"type\": \"supergroup\", "
          + "\"username\": \"helpgroup\"}";
  static final String CHANNEL = "{\"id\": -100999, \"title\": \"News\", \"type\": \"channel\"}";
  static final long DATE = 1795341600L; // 2026-11-22T10:00:00Z

  static String msg(long id, String chat, String body) {
    return "{\"message_id\": "
        + id
        + ", \"from\": "
        + USER
        + ", \"chat\": "
        + chat
        + ", \"date\": "
        + DATE
        + (body.isEmpty() ? "" : ", " + body)
        + "}";
  }

  static String update(long id, String kind, String obj) {
    return "{\"update_id\": " + id + ", \"" + kind + "\": " + obj + "}";
  }

  /** update_id -> (expected update_type, JSON) for every update kind. */
  static Map<Long, String[]> updateKinds() {
    Map<Long, String[]> m = new LinkedHashMap<>();
    put(m, 1, "message", msg(11, PRIVATE, "\"text\": \"hello\""));
    put(
        m,
        2,
        "edited_message",
        msg(11, PRIVATE, "\"text\": \"hello!\", \"edit_date\": " + (DATE + 60)));
    put(
        m,
        3,
        "channel_post",
        "{\"message_id\": 5, \"sender_chat\": "
            + CHANNEL
            + ", \"chat\": "
            + CHANNEL
            + ", \"date\": "
            + DATE
            + ", \"text\": \"news\"}");
    put(
        m,
        4,
        "edited_channel_post",
        "{\"message_id\": 5, \"sender_chat\": "
            + CHANNEL
            + ", \"chat\": "
            + CHANNEL
            + ", \"date\": "
            + DATE
            + ", \"edit_date\": "
            + (DATE + 5)
            + ", \"text\": \"news!\"}");
    put(
        m,
        5,
        "business_connection",
        "{\"id\": \"bc1\", \"user\": "
            + USER
            + ", \"user_chat_id\": 42, "
            + "\"date\": "
            + DATE
            + ", \"can_reply\": true, \"is_enabled\": true}");
    put(
        m,
        6,
        "business_message",
        msg(12, PRIVATE, "\"business_connection_id\": \"bc1\", \"text\": \"hi biz\""));
    put(
        m,
        7,
        "edited_business_message",
        msg(
            12,
            PRIVATE,
            "\"business_connection_id\": \"bc1\", \"text\": \"hi biz!\", \"edit_date\": "
                + (DATE + 9)));
    put(
        m,
        8,
        "deleted_business_messages",
        "{\"business_connection_id\": \"bc1\", \"chat\": " + PRIVATE + ", \"message_ids\": [12]}");
    put(
        m,
        9,
        "message_reaction",
        "{\"chat\": "
            + GROUP
            + ", \"message_id\": 3, \"user\": "
            + USER
            + ", \"date\": "
            + DATE
            + ", \"old_reaction\": [], \"new_reaction\": [{\"type\": \"emoji\", "
            + "\"emoji\": \"👍\"}]}");
    put(
        m,
        10,
        "message_reaction_count",
        "{\"chat\": "
            + CHANNEL
            + ", \"message_id\": 5, \"date\": "
            + DATE
            + ", \"reactions\": [{\"type\": {\"type\": \"emoji\", \"emoji\": \"👍\"}, \"total_count\": 3}]}");
    put(
        m,
        11,
        "inline_query",
        "{\"id\": \"iq1\", \"from\": " + USER + ", \"query\": \"faq\", \"offset\": \"\"}");
    put(
        m,
        12,
        "chosen_inline_result",
        "{\"result_id\": \"r1\", \"from\": " + USER + ", \"query\": \"faq\"}");
    put(
        m,
        13,
        "callback_query",
        "{\"id\": \"cb1\", \"from\": "
            + USER
            + ", \"message\": "
            + msg(20, PRIVATE, "\"text\": \"Did this help?\"")
            + ", \"chat_instance\": \"-55\", \"data\": \"helpful:yes\"}");
    put(
        m,
        14,
        "shipping_query",
        "{\"id\": \"sq1\", \"from\": "
            + USER
            + ", \"invoice_payload\": \"p\", "
            + "\"shipping_address\": {\"country_code\": \"BR\", \"state\": \"SP\", \"city\": \"SP\", "
            + "\"street_line1\": \"x\", \"street_line2\": \"\", \"post_code\": \"01000\"}}");
    put(
        m,
        15,
        "pre_checkout_query",
        "{\"id\": \"pq1\", \"from\": "
            + USER
            + ", \"currency\": \"XTR\", "
            + "\"total_amount\": 10, \"invoice_payload\": \"p\"}");
    put(m, 16, "purchased_paid_media", "{\"from\": " + USER + ", \"paid_media_payload\": \"pm\"}");
    put(
        m,
        17,
        "poll",
        "{\"id\": \"poll1\", \"question\": \"Rate us\", \"options\": [{\"text\": \"5\", "
            + "\"voter_count\": 1}], \"total_voter_count\": 1, \"is_closed\": false, \"is_anonymous\": true, "
            + "\"type\": \"regular\", \"allows_multiple_answers\": false}");
    put(
        m,
        18,
        "poll_answer",
        "{\"poll_id\": \"poll1\", \"user\": " + USER + ", \"option_ids\": [0]}");
    put(
        m,
        19,
        "my_chat_member",
        "{\"chat\": "
            + PRIVATE
            + ", \"from\": "
            + USER
            + ", \"date\": "
            + DATE
            + ", \"old_chat_member\": {\"status\": \"member\", \"user\": "
            + BOT
            + "}, "
            + "\"new_chat_member\": {\"status\": \"kicked\", \"user\": "
            + BOT
            + ", \"until_date\": 0}}");
    put(
        m,
        20,
        "chat_member",
        "{\"chat\": "
            + GROUP
            + ", \"from\": "
            + BOT
            + ", \"date\": "
            + DATE
            + ", \"old_chat_member\": {\"status\": \"left\", \"user\": "
            + USER
            + "}, "
            + "\"new_chat_member\": {\"status\": \"member\", \"user\": "
            + USER
            + "}}");
    put(
        m,
        21,
        "chat_join_request",
        "{\"chat\": "
            + GROUP
            + ", \"from\": "
            + USER
            + ", \"user_chat_id\": 42, "
            + "\"date\": "
            + DATE
            + "}");
    put(
        m,
        22,
        "chat_boost",
        "{\"chat\": "
            + CHANNEL
            + ", \"boost\": {\"boost_id\": \"b1\", \"add_date\": "
            + DATE
            + ", \"expiration_date\": "
            + (DATE + 86400)
            + ", \"source\": {\"source\": \"premium\", \"user\": "
            + USER
            + "}}}");
    put(
        m,
        23,
        "removed_chat_boost",
        "{\"chat\": "
            + CHANNEL
            + ", \"boost_id\": \"b1\", \"remove_date\": "
            + (DATE + 100)
            + ", \"source\": {\"source\": \"premium\", \"user\": "
            + USER
            + "}}");
    put(m, 24, "paid_media_purchase_v99", "{\"from\": " + USER + ", \"future\": true}");
    return m;
  }

  private static void put(Map<Long, String[]> m, long id, String kind, String obj) {
    m.put(id, new String[] {kind, update(id, kind, obj)});
  }

  static final String PHOTO =
      "[{\"file_id\": \"p-small\", \"file_unique_id\": \"u1\", \"width\": 90, "
          + "\"height\": 60, \"file_size\": 1000}, {\"file_id\": \"p-big\", \"file_unique_id\": \"u3\", "
          + "\"width\": 1280, \"height\": 853, \"file_size\": 90000}, {\"file_id\": \"p-mid\", "
          + "\"file_unique_id\": \"u2\", \"width\": 320, \"height\": 213, \"file_size\": 9000}]";
  static final String DOC =
      "{\"file_name\": \"a.gif.mp4\", \"mime_type\": \"video/mp4\", \"file_id\": \"doc1\", "
          + "\"file_unique_id\": \"ud1\", \"file_size\": 5000}";
  static final String LOC = "{\"latitude\": -23.55, \"longitude\": -46.63}";

  /** update_id -> (expected message_type, JSON) for every message content kind. */
  static Map<Long, String[]> messageKinds() {
    Map<Long, String[]> m = new LinkedHashMap<>();
    content(m, 101, "text", "\"text\": \"hi\"");
    content(
        m,
        102,
        "animation",
        "\"animation\": {\"file_id\": \"an1\", \"file_unique_id\": \"ua1\", "
            + "\"width\": 320, \"height\": 240, \"duration\": 3, \"mime_type\": \"video/mp4\", \"file_size\": 5000}, "
            + "\"document\": "
            + DOC);
    content(m, 103, "photo", "\"photo\": " + PHOTO + ", \"caption\": \"receipt\"");
    content(
        m,
        104,
        "video",
        "\"video\": {\"file_id\": \"v1\", \"file_unique_id\": \"uv1\", \"width\": 640, "
            + "\"height\": 480, \"duration\": 12, \"mime_type\": \"video/mp4\", \"file_size\": 700000}");
    content(
        m,
        105,
        "video_note",
        "\"video_note\": {\"file_id\": \"vn1\", \"file_unique_id\": \"uvn\", "
            + "\"length\": 240, \"duration\": 5}");
    content(
        m,
        106,
        "voice",
        "\"voice\": {\"file_id\": \"vo1\", \"file_unique_id\": \"uvo\", \"duration\": 4, "
            + "\"mime_type\": \"audio/ogg\", \"file_size\": 8000}");
    content(
        m,
        107,
        "audio",
        "\"audio\": {\"file_id\": \"au1\", \"file_unique_id\": \"uau\", \"duration\": 180, "
            + "\"performer\": \"X\", \"title\": \"Y\", \"mime_type\": \"audio/mpeg\", \"file_size\": 3000000}");
    content(m, 108, "document", "\"document\": " + DOC);
    content(
        m,
        109,
        "sticker",
        "\"sticker\": {\"file_id\": \"st1\", \"file_unique_id\": \"ust\", \"type\": "
            + "\"regular\", \"width\": 512, \"height\": 512, \"is_animated\": false, \"is_video\": false, "
            + "\"emoji\": \"😀\", \"file_size\": 20000}");
    content(m, 110, "story", "\"story\": {\"chat\": " + CHANNEL + ", \"id\": 9}");
    content(
        m,
        111,
        "paid_media",
        "\"paid_media\": {\"star_count\": 5, \"paid_media\": [{\"type\": \"preview\"}]}");
    content(
        m,
        112,
        "venue",
        "\"venue\": {\"location\": "
            + LOC
            + ", \"title\": \"Store\", \"address\": \"Av\"}, "
            + "\"location\": "
            + LOC);
    content(m, 113, "location", "\"location\": " + LOC);
    content(
        m, 114, "contact", "\"contact\": {\"phone_number\": \"+5511\", \"first_name\": \"Bia\"}");
    content(m, 115, "dice", "\"dice\": {\"emoji\": \"🎲\", \"value\": 4}");
    content(
        m,
        116,
        "game",
        "\"game\": {\"title\": \"G\", \"description\": \"d\", \"photo\": " + PHOTO + "}");
    content(
        m,
        117,
        "poll",
        "\"poll\": {\"id\": \"p\", \"question\": \"q\", \"options\": [], "
            + "\"total_voter_count\": 0, \"is_closed\": false, \"is_anonymous\": true, \"type\": \"quiz\", "
            + "\"allows_multiple_answers\": false}");
    content(
        m,
        118,
        "invoice",
        "\"invoice\": {\"title\": \"Plan\", \"description\": \"d\", \"start_parameter\": "
            + "\"s\", \"currency\": \"XTR\", \"total_amount\": 10}");
    content(
        m,
        119,
        "successful_payment",
        "\"successful_payment\": {\"currency\": \"XTR\", \"total_amount\": 10, "
            + "\"invoice_payload\": \"p\", \"telegram_payment_charge_id\": \"t\", \"provider_payment_charge_id\": \"\"}");
    groupContent(
        m,
        120,
        "new_chat_members",
        "\"new_chat_participant\": "
            + BOT
            + ", \"new_chat_member\": "
            + BOT
            + ", \"new_chat_members\": ["
            + BOT
            + ", {\"id\": 43, \"is_bot\": false, \"first_name\": \"Bia\"}]");
    groupContent(
        m,
        121,
        "left_chat_member",
        "\"left_chat_participant\": " + BOT + ", \"left_chat_member\": " + BOT);
    groupContent(m, 122, "new_chat_title", "\"new_chat_title\": \"Help group 2\"");
    groupContent(m, 123, "new_chat_photo", "\"new_chat_photo\": " + PHOTO);
    groupContent(m, 124, "delete_chat_photo", "\"delete_chat_photo\": true");
    groupContent(m, 125, "group_chat_created", "\"group_chat_created\": true");
    groupContent(m, 126, "supergroup_chat_created", "\"supergroup_chat_created\": true");
    groupContent(m, 127, "channel_chat_created", "\"channel_chat_created\": true");
    groupContent(
        m,
        128,
        "message_auto_delete_timer_changed",
        "\"message_auto_delete_timer_changed\": {\"message_auto_delete_time\": 86400}");
    groupContent(m, 129, "migrate_to_chat_id", "\"migrate_to_chat_id\": -100777");
    groupContent(m, 130, "migrate_from_chat_id", "\"migrate_from_chat_id\": -777");
    groupContent(
        m, 131, "pinned_message", "\"pinned_message\": " + msg(3, GROUP, "\"text\": \"rules\""));
    content(
        m,
        132,
        "users_shared",
        "\"users_shared\": {\"request_id\": 1, \"users\": [{\"user_id\": 43}]}");
    content(m, 133, "chat_shared", "\"chat_shared\": {\"request_id\": 2, \"chat_id\": -100123}");
    content(m, 134, "write_access_allowed", "\"write_access_allowed\": {\"from_request\": true}");
    content(
        m, 135, "web_app_data", "\"web_app_data\": {\"data\": \"{}\", \"button_text\": \"Open\"}");
    groupContent(
        m,
        136,
        "forum_topic_created",
        "\"forum_topic_created\": {\"name\": \"Billing\", " + "\"icon_color\": 7322096}");
    groupContent(m, 137, "forum_topic_edited", "\"forum_topic_edited\": {\"name\": \"Billing 2\"}");
    groupContent(m, 138, "forum_topic_closed", "\"forum_topic_closed\": {}");
    groupContent(m, 139, "forum_topic_reopened", "\"forum_topic_reopened\": {}");
    groupContent(m, 140, "general_forum_topic_hidden", "\"general_forum_topic_hidden\": {}");
    groupContent(m, 141, "video_chat_started", "\"video_chat_started\": {}");
    groupContent(m, 142, "video_chat_ended", "\"video_chat_ended\": {\"duration\": 60}");
    groupContent(
        m,
        143,
        "giveaway",
        "\"giveaway\": {\"chats\": ["
            + CHANNEL
            + "], \"winners_selection_date\": "
            + DATE
            + ", \"winner_count\": 1}");
    groupContent(m, 144, "boost_added", "\"boost_added\": {\"boost_count\": 2}");
    content(m, 145, "other", "\"some_future_service_field\": {\"x\": 1}");
    content(
        m,
        146,
        "proximity_alert_triggered",
        "\"proximity_alert_triggered\": {\"traveler\": "
            + USER
            + ", \"watcher\": "
            + BOT
            + ", \"distance\": 5}");
    return m;
  }

  private static void content(Map<Long, String[]> m, long id, String type, String body) {
    m.put(id, new String[] {type, update(id, "message", msg(id, PRIVATE, body))});
  }

  private static void groupContent(Map<Long, String[]> m, long id, String type, String body) {
    m.put(id, new String[] {type, update(id, "message", msg(id, GROUP, body))});
  }

  static String[] all() {
    return java.util.stream.Stream.concat(
            updateKinds().values().stream(), messageKinds().values().stream())
        .map(v -> v[1])
        .toArray(String[]::new);
  }
}
