package io.tglake.etl;

import static org.apache.spark.sql.functions.aggregate;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code bot_messages} table: what the bot said, from the outgoing records (docs: the outgoing
 * record format of issue 21, one JSON object per record, written by the relay and the Bot API
 * pass-through).
 *
 * <p>Fields are read with JSON paths rather than a fixed struct because {@code request} holds the
 * parameters of any Bot API method as the bot sent them: {@code chat_id} may be a number or a
 * string, {@code reply_markup} and {@code reply_parameters} an object or (form posts, several
 * libraries) a JSON-serialized string; a JSON path reads both. {@code result} is a Message, an
 * array of Messages ({@code sendMediaGroup}: the first one is used), a MessageId ({@code
 * copyMessage}) or {@code true}.
 *
 * <p>Input: outgoing rows {@code raw_json string, source_file string, received_at timestamp}.
 * Output of {@link #table}: the columns of the contract's {@code tglake/ddl/70_bot_messages.sql},
 * {@code context_date} last.
 */
public final class BotMessages {

  /** The table's name (folder under the enriched root). */
  public static final String TABLE = "bot_messages";

  /**
   * Bot API methods are case-insensitive; these (lower-cased) make a row besides {@code
   * send*}/{@code edit*}.
   */
  static final List<String> OTHER_METHODS =
      List.of("copymessage", "forwardmessage", "answercallbackquery");

  private static final ArrayType KEYBOARD =
      DataTypes.createArrayType(
          DataTypes.createArrayType(new StructType().add("text", DataTypes.StringType)));

  private BotMessages() {}

  /**
   * Adds {@code error string} (null for a valid record, else why it goes to quarantine) and {@code
   * row_kind} (true when the record's method makes a row; other valid methods, e.g. {@code
   * sendChatAction}, make none).
   */
  public static Dataset<Row> classify(Dataset<Row> outgoing) {
    Column raw = col("raw_json");
    Column version = get_json_object(raw, "$.record_version");
    Column source = get_json_object(raw, "$.source");
    Column method = get_json_object(raw, "$.method");
    Column error =
        when(get_json_object(raw, "$").isNull(), lit("not a JSON object"))
            .when(version.isNull().or(version.notEqual("1")), lit("record_version is not 1"))
            .when(
                source.isNull().or(source.isin("webhook_response", "bot_api").unary_$bang()),
                lit("source is not webhook_response or bot_api"))
            .when(method.isNull().or(method.equalTo("")), lit("method is missing"))
            .when(capturedAt().isNull(), lit("captured_at is not an ISO-8601 instant"));
    Column m = lower(method);
    Column kind =
        m.startsWith("send")
            .and(m.notEqual("sendchataction"))
            .or(m.startsWith("editmessage"))
            .or(m.isin(OTHER_METHODS.toArray()));
    return outgoing.withColumn("error", error).withColumn("row_kind", coalesce(kind, lit(false)));
  }

  /**
   * One row per valid record of a message-making method (see {@link #classify}); {@code
   * context_date} added.
   */
  public static Dataset<Row> table(Dataset<Row> classified, LocalDate day) {
    Column raw = col("raw_json");
    Column method = get_json_object(raw, "$.method");
    Column m = lower(method);
    Column isEdit = m.startsWith("editmessage");
    Column source = get_json_object(raw, "$.source");
    Column botApi = source.equalTo("bot_api");
    Column result = get_json_object(raw, "$.result");
    // sendMediaGroup answers with an array: its first message stands for the group.
    Column message =
        coalesce(when(result.startsWith("["), get_json_object(result, "$[0]")), result);
    Column chatId = coalesce(longAt(message, "$.chat.id"), longAt(raw, "$.request.chat_id"));
    Column chatType =
        coalesce(get_json_object(message, "$.chat.type"), when(chatId.gt(0), lit("private")));
    Column messageId =
        when(botApi, longAt(message, "$.message_id"))
            .when(isEdit, longAt(raw, "$.request.message_id"));
    Column replyTo =
        coalesce(
            longAt(raw, "$.request.reply_to_message_id"),
            longAt(get_json_object(raw, "$.request.reply_parameters"), "$.message_id"));
    Column captured = capturedAt();
    Column resultTime =
        when(isEdit, coalesce(longAt(message, "$.edit_date"), longAt(message, "$.date")))
            .otherwise(longAt(message, "$.date"));
    Column sentAt = coalesce(when(botApi, Tables.epochSeconds(resultTime)), captured);
    Column keyboard =
        from_json(
            get_json_object(get_json_object(raw, "$.request.reply_markup"), "$.inline_keyboard"),
            KEYBOARD,
            Map.of());
    Column buttons =
        coalesce(
            aggregate(
                transform(keyboard, r -> coalesce(size(r), lit(0))), lit(0), (a, b) -> a.plus(b)),
            lit(0));
    Column file = col("source_file");
    return classified
        .where(col("error").isNull().and(col("row_kind")))
        .select(
            substring_index(file, "/", -1).as("record_key"),
            source.as("source"),
            longAt(raw, "$.bot_id").as("bot_id"),
            method.as("method"),
            messageType(m).as("message_type"),
            chatId.as("chat_id"),
            chatType.as("chat_type"),
            messageId.as("message_id"),
            replyTo.as("reply_to_message_id"),
            longAt(raw, "$.in_response_to_update_id").as("in_response_to_update_id"),
            get_json_object(raw, "$.request.callback_query_id").as("callback_query_id"),
            coalesce(
                    get_json_object(raw, "$.request.text"),
                    get_json_object(raw, "$.request.caption"))
                .as("text"),
            sentAt.as("sent_at"),
            isEdit.as("edit"),
            buttons.cast(DataTypes.IntegerType).as("button_count"),
            get_json_object(raw, "$.ok").try_cast(DataTypes.BooleanType).as("ok"),
            get_json_object(raw, "$.error_code").try_cast(DataTypes.IntegerType).as("error_code"),
            get_json_object(raw, "$.description").as("description"),
            captured.as("captured_at"),
            lit(Date.valueOf(day)).as("context_date"));
  }

  /**
   * message_type of the bot's message, from the method: {@code sendMessage}/{@code editMessageText}
   * → {@code text}; other {@code sendX} → X in snake_case ({@code sendVideoNote} → {@code
   * video_note}, {@code sendMediaGroup} → {@code media_group}); {@code editMessageX} → X in
   * snake_case ({@code caption}, {@code media}, {@code reply_markup}, {@code live_location});
   * {@code copyMessage} → {@code copy}, {@code forwardMessage} → {@code forward}, {@code
   * answerCallbackQuery} → {@code callback_answer}.
   */
  static Column messageType(Column lowerMethod) {
    Column camel = get_json_object(col("raw_json"), "$.method");
    Column snake = lower(regexp_replace(camel, "([a-z])([A-Z])", "$1_$2"));
    return when(lowerMethod.isin("sendmessage", "editmessagetext"), lit("text"))
        .when(lowerMethod.equalTo("copymessage"), lit("copy"))
        .when(lowerMethod.equalTo("forwardmessage"), lit("forward"))
        .when(lowerMethod.equalTo("answercallbackquery"), lit("callback_answer"))
        .when(
            lowerMethod.startsWith("editmessage"),
            substring(snake, "edit_message_".length() + 1, 200))
        .otherwise(substring(snake, "send_".length() + 1, 200));
  }

  /** captured_at as a timestamp (null when absent or not an instant). */
  static Column capturedAt() {
    return get_json_object(col("raw_json"), "$.captured_at").try_cast(DataTypes.TimestampType);
  }

  /**
   * A number at a JSON path (numbers, or digits in a string: form-posted parameters), else null.
   */
  private static Column longAt(Column json, String path) {
    return get_json_object(json, path).try_cast(DataTypes.LongType);
  }
}
