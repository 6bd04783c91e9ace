package io.tglake.etl;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.encode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The enriched tables as pure transforms of the day's parsed, validated and deduplicated updates.
 *
 * <p>Every transform takes the <b>updates frame</b> — columns {@code update_id bigint, update_type
 * string, received_at timestamp, source_file string, raw_json string, context_date date} and one
 * column per update kind of {@link TelegramSchema#update()} ({@code message}, {@code
 * callback_query}, ... with the contract types) — and returns the table's exact columns in the
 * order of the contract's {@code tglake/ddl/NN_<table>.sql}, {@code context_date} last. No I/O
 * here.
 */
public final class Tables {

  private Tables() {}

  /** Table names in write order. */
  public static final List<String> NAMES =
      List.of("messages", "message_entities", "callback_queries", "chat_member_updates", "updates");

  /** Every table of the day's updates frame, keyed by name in {@link #NAMES} order. */
  public static LinkedHashMap<String, Dataset<Row>> all(Dataset<Row> updates) {
    LinkedHashMap<String, Dataset<Row>> tables = new LinkedHashMap<>();
    tables.put("messages", messages(updates));
    tables.put("message_entities", messageEntities(updates));
    tables.put("callback_queries", callbackQueries(updates));
    tables.put("chat_member_updates", chatMemberUpdates(updates));
    tables.put("updates", updates(updates));
    return tables;
  }

  /**
   * messages: one row per message-like update.
   *
   * <p>Input: the updates frame (see class doc). Output: the columns of {@code 10_messages.sql}.
   */
  public static Dataset<Row> messages(Dataset<Row> updates) {
    Column m = col("m");
    Column from = m.getField("from");
    Column chat = m.getField("chat");
    Column fo = m.getField("forward_origin");
    Dataset<Row> msgs =
        updates
            .select(
                col("update_id"),
                col("update_type"),
                MessageColumns.message().as("m"),
                col("received_at"),
                col("context_date"))
            .where(m.isNotNull());
    Dataset<Row> typed = msgs.withColumn("message_type", MessageColumns.messageType(m));
    Column t = col("message_type");
    Column media = MessageColumns.media(m, t);
    return typed.select(
        m.getField("message_id").as("message_id"),
        from.getField("id").as("user_id"),
        from.getField("is_bot").as("user_is_bot"),
        from.getField("first_name").as("user_first_name"),
        chat.getField("id").as("chat_id"),
        chat.getField("type").as("chat_type"),
        m.getField("text").as("text"),
        m.getField("date").as("date"),
        col("update_id"),
        col("update_type"),
        t,
        m.getField("caption").as("caption"),
        epochSeconds(m.getField("date")).as("sent_at"),
        m.getField("edit_date").as("edit_date"),
        epochSeconds(m.getField("edit_date")).as("edited_at"),
        m.getField("reply_to_message").getField("message_id").as("reply_to_message_id"),
        m.getField("message_thread_id").as("message_thread_id"),
        from.getField("last_name").as("user_last_name"),
        from.getField("username").as("user_username"),
        from.getField("language_code").as("user_language_code"),
        from.getField("is_premium").as("user_is_premium"),
        m.getField("sender_chat").getField("id").as("sender_chat_id"),
        chat.getField("title").as("chat_title"),
        chat.getField("username").as("chat_username"),
        m.getField("business_connection_id").as("business_connection_id"),
        fo.isNotNull()
            .or(m.getField("forward_from").isNotNull())
            .or(m.getField("forward_from_chat").isNotNull())
            .or(m.getField("forward_sender_name").isNotNull())
            .or(m.getField("forward_date").isNotNull())
            .as("is_forwarded"),
        coalesce(
                fo.getField("type"),
                when(m.getField("forward_from").isNotNull(), lit("user"))
                    .when(m.getField("forward_from_chat").isNotNull(), lit("chat"))
                    .when(m.getField("forward_sender_name").isNotNull(), lit("hidden_user")))
            .as("forward_origin_type"),
        coalesce(fo.getField("date"), m.getField("forward_date")).as("forward_date"),
        MessageColumns.command(m).as("command"),
        m.getField("media_group_id").as("media_group_id"),
        media.getField("file_id").as("media_file_id"),
        media.getField("file_unique_id").as("media_file_unique_id"),
        media.getField("file_size").as("media_file_size"),
        media.getField("mime_type").as("media_mime_type"),
        media.getField("duration").as("media_duration"),
        m.getField("sticker").getField("emoji").as("sticker_emoji"),
        coalesce(
                m.getField("location").getField("latitude"),
                m.getField("venue").getField("location").getField("latitude"))
            .as("location_latitude"),
        coalesce(
                m.getField("location").getField("longitude"),
                m.getField("venue").getField("location").getField("longitude"))
            .as("location_longitude"),
        m.getField("migrate_to_chat_id").as("migrate_to_chat_id"),
        m.getField("migrate_from_chat_id").as("migrate_from_chat_id"),
        col("received_at"),
        col("context_date"));
  }

  /**
   * message_entities: entities (source 'text') and caption_entities (source 'caption') of
   * message-like updates, one row per entity, {@code entity_index} = position in its array.
   *
   * <p>Input: the updates frame. Output: the columns of {@code 20_message_entities.sql}.
   */
  public static Dataset<Row> messageEntities(Dataset<Row> updates) {
    Column m = col("m");
    Dataset<Row> msgs =
        updates
            .select(
                col("update_id"),
                col("update_type"),
                MessageColumns.message().as("m"),
                col("context_date"))
            .where(m.isNotNull());
    Dataset<Row> text = entitiesOf(msgs, "text", "entities");
    Dataset<Row> caption = entitiesOf(msgs, "caption", "caption_entities");
    return text.unionByName(caption);
  }

  private static Dataset<Row> entitiesOf(Dataset<Row> msgs, String source, String arrayField) {
    Column m = col("m");
    Dataset<Row> exploded =
        msgs.where(m.getField(arrayField).isNotNull())
            .select(
                col("update_id"),
                col("update_type"),
                m.getField("chat").getField("id").as("chat_id"),
                m.getField("message_id").as("message_id"),
                encode(m.getField(source), "UTF-16BE").as("s16"),
                posexplode(m.getField(arrayField)).as(new String[] {"entity_index", "e"}),
                col("context_date"));
    Column e = col("e");
    // An element that did not fit the entity shape (rescued, see SchemaConformer) is null: no row,
    // and the
    // others keep their position as entity_index.
    return exploded
        .where(e.isNotNull())
        .select(
            col("update_id"),
            col("update_type"),
            col("chat_id"),
            col("message_id"),
            col("entity_index").cast(DataTypes.IntegerType).as("entity_index"),
            lit(source).as("source"),
            e.getField("type").as("type"),
            e.getField("offset").try_cast(DataTypes.IntegerType).as("offset"),
            e.getField("length").try_cast(DataTypes.IntegerType).as("length"),
            MessageColumns.utf16Slice(col("s16"), e.getField("offset"), e.getField("length"))
                .as("entity_text"),
            e.getField("url").as("url"),
            e.getField("user").getField("id").as("mentioned_user_id"),
            e.getField("language").as("language"),
            e.getField("custom_emoji_id").as("custom_emoji_id"),
            col("context_date"));
  }

  /**
   * callback_queries: one row per callback_query update. {@code sent_at} is the object's arrival
   * time (the Bot API gives a callback query no date). chat/message come from {@code
   * callback_query.message}, which may be an InaccessibleMessage (date 0) but still has chat and
   * message_id.
   *
   * <p>Input: the updates frame. Output: the columns of {@code 30_callback_queries.sql}.
   */
  public static Dataset<Row> callbackQueries(Dataset<Row> updates) {
    Column cq = col("callback_query");
    Column from = cq.getField("from");
    Column msg = cq.getField("message");
    return updates
        .where(cq.isNotNull())
        .select(
            col("update_id"),
            cq.getField("id").as("callback_query_id"),
            from.getField("id").as("user_id"),
            from.getField("is_bot").as("user_is_bot"),
            from.getField("first_name").as("user_first_name"),
            from.getField("username").as("user_username"),
            from.getField("language_code").as("user_language_code"),
            msg.getField("chat").getField("id").as("chat_id"),
            msg.getField("chat").getField("type").as("chat_type"),
            msg.getField("message_id").as("message_id"),
            cq.getField("inline_message_id").as("inline_message_id"),
            cq.getField("chat_instance").as("chat_instance"),
            cq.getField("data").as("data"),
            cq.getField("game_short_name").as("game_short_name"),
            col("received_at").as("sent_at"),
            col("context_date"));
  }

  /**
   * chat_member_updates: 'join' (one row per {@code new_chat_members} element, new_status
   * 'member'), 'leave' ({@code left_chat_member}, new_status 'left') of message-like updates —
   * actor = the message's sender — and 'status_change' of {@code my_chat_member}/{@code
   * chat_member} (actor = {@code from}, user = {@code new_chat_member.user}, old/new status).
   *
   * <p>Input: the updates frame. Output: the columns of {@code 40_chat_member_updates.sql}.
   */
  public static Dataset<Row> chatMemberUpdates(Dataset<Row> updates) {
    Column m = col("m");
    Dataset<Row> msgs =
        updates
            .select(
                col("update_id"),
                col("update_type"),
                MessageColumns.message().as("m"),
                col("context_date"))
            .where(m.isNotNull());
    Dataset<Row> joins =
        msgs.where(m.getField("new_chat_members").isNotNull())
            .select(
                col("*"),
                org.apache.spark.sql.functions.explode(m.getField("new_chat_members")).as("usr"))
            .select(
                memberColumns(
                    "join",
                    m.getField("chat"),
                    m.getField("from").getField("id"),
                    col("usr"),
                    lit(null),
                    lit("member"),
                    m.getField("date")));
    Dataset<Row> leaves =
        msgs.where(m.getField("left_chat_member").isNotNull())
            .select(
                memberColumns(
                    "leave",
                    m.getField("chat"),
                    m.getField("from").getField("id"),
                    m.getField("left_chat_member"),
                    lit(null),
                    lit("left"),
                    m.getField("date")));
    Column c = coalesce(col("my_chat_member"), col("chat_member"));
    Dataset<Row> changes =
        updates
            .where(c.isNotNull())
            .select(
                memberColumns(
                    "status_change",
                    c.getField("chat"),
                    c.getField("from").getField("id"),
                    c.getField("new_chat_member").getField("user"),
                    c.getField("old_chat_member").getField("status"),
                    c.getField("new_chat_member").getField("status"),
                    c.getField("date")));
    return joins.unionByName(leaves).unionByName(changes);
  }

  private static Column[] memberColumns(
      String event,
      Column chat,
      Column actor,
      Column user,
      Column oldStatus,
      Column newStatus,
      Column date) {
    return new Column[] {
      col("update_id"),
      col("update_type"),
      lit(event).as("event"),
      chat.getField("id").as("chat_id"),
      chat.getField("type").as("chat_type"),
      chat.getField("title").as("chat_title"),
      actor.as("actor_user_id"),
      user.getField("id").as("user_id"),
      user.getField("is_bot").as("user_is_bot"),
      user.getField("first_name").as("user_first_name"),
      user.getField("username").as("user_username"),
      oldStatus.cast(DataTypes.StringType).as("old_status"),
      newStatus.cast(DataTypes.StringType).as("new_status"),
      date.as("date"),
      epochSeconds(date).as("sent_at"),
      col("context_date")
    };
  }

  /**
   * updates: every valid update, any kind, with its raw JSON exactly as read.
   * chat_id/user_id/event_date are taken from whichever kind carries them.
   *
   * <p>Input: the updates frame. Output: the columns of {@code 50_updates.sql}.
   */
  public static Dataset<Row> updates(Dataset<Row> updates) {
    Column m = MessageColumns.message();
    List<Column> chat = new ArrayList<>();
    chat.add(m.getField("chat").getField("id"));
    chat.add(col("callback_query").getField("message").getField("chat").getField("id"));
    for (String k :
        List.of(
            "my_chat_member",
            "chat_member",
            "chat_join_request",
            "message_reaction",
            "message_reaction_count",
            "chat_boost",
            "removed_chat_boost",
            "deleted_business_messages")) {
      chat.add(col(k).getField("chat").getField("id"));
    }
    chat.add(col("business_connection").getField("user_chat_id"));
    chat.add(col("poll_answer").getField("voter_chat").getField("id"));
    List<Column> user = new ArrayList<>();
    user.add(m.getField("from").getField("id"));
    for (String k :
        List.of(
            "callback_query",
            "inline_query",
            "chosen_inline_result",
            "shipping_query",
            "pre_checkout_query",
            "purchased_paid_media",
            "my_chat_member",
            "chat_member",
            "chat_join_request")) {
      user.add(col(k).getField("from").getField("id"));
    }
    for (String k : List.of("message_reaction", "poll_answer", "business_connection")) {
      user.add(col(k).getField("user").getField("id"));
    }
    List<Column> date = new ArrayList<>();
    date.add(m.getField("date"));
    for (String k :
        List.of(
            "my_chat_member",
            "chat_member",
            "chat_join_request",
            "message_reaction",
            "message_reaction_count",
            "business_connection")) {
      date.add(col(k).getField("date"));
    }
    date.add(col("chat_boost").getField("boost").getField("add_date"));
    date.add(col("removed_chat_boost").getField("remove_date"));
    return updates.select(
        col("update_id"),
        col("update_type"),
        coalesce(chat.toArray(Column[]::new)).as("chat_id"),
        coalesce(user.toArray(Column[]::new)).as("user_id"),
        coalesce(date.toArray(Column[]::new)).as("event_date"),
        col("received_at"),
        col("source_file"),
        col("raw_json"),
        col("context_date"));
  }

  /**
   * Unix seconds to a UTC timestamp; null outside years 1970..9999 instead of an ANSI overflow
   * error.
   */
  static Column epochSeconds(Column seconds) {
    return when(seconds.between(0L, 253402300799L), timestamp_seconds(seconds));
  }
}
