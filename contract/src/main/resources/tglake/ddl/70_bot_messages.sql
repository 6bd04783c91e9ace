-- One row per message the bot sent or edited, and per callback query it answered, from the outgoing records
-- (<raw bucket>/outgoing/context_date=D/: the relay's webhook answers, source 'webhook_response', and the Bot
-- API pass-through's calls, source 'bot_api'). context_date is the day the record was captured (UTC).
-- message_id: from Telegram's result (bot_api; for edits also from the request); null for a webhook answer,
-- whose result Telegram never shows. sent_at: result.date (edits: result.edit_date) for bot_api, else
-- captured_at. button_count: inline keyboard buttons of reply_markup. ok/error_code/description: Telegram's
-- answer (bot_api), null for webhook answers. message_type: from the method (sendMessage -> text,
-- sendPhoto -> photo, editMessageCaption -> caption, answerCallbackQuery -> callback_answer, ...).
CREATE EXTERNAL TABLE IF NOT EXISTS ${DATABASE}.bot_messages (
  record_key string,
  source string,
  bot_id bigint,
  method string,
  message_type string,
  chat_id bigint,
  chat_type string,
  message_id bigint,
  reply_to_message_id bigint,
  in_response_to_update_id bigint,
  callback_query_id string,
  text string,
  sent_at timestamp,
  edit boolean,
  button_count int,
  ok boolean,
  error_code int,
  description string,
  captured_at timestamp
)
PARTITIONED BY (context_date date)
STORED AS PARQUET
LOCATION '${LAKE_LOCATION}/bot_messages/'
TBLPROPERTIES (
  'parquet.compression' = 'ZSTD',
  'projection.enabled' = 'true',
  'projection.context_date.type' = 'date',
  'projection.context_date.format' = 'yyyy-MM-dd',
  'projection.context_date.range' = '2024-01-01,NOW',
  'projection.context_date.interval' = '1',
  'projection.context_date.interval.unit' = 'DAYS',
  'storage.location.template' = '${LAKE_LOCATION}/bot_messages/context_date=${context_date}/'
);
