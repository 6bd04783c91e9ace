-- One row per callback_query update (inline keyboard button presses, e.g. "did this help?").
-- The Bot API gives a callback query no date: sent_at is the time the update reached the ingest
-- (the raw object's last-modified time), which is within Telegram's delivery delay of the press.
CREATE EXTERNAL TABLE IF NOT EXISTS ${DATABASE}.callback_queries (
  update_id bigint,
  callback_query_id string,
  user_id bigint,
  user_is_bot boolean,
  user_first_name string,
  user_username string,
  user_language_code string,
  chat_id bigint,
  chat_type string,
  message_id bigint,
  inline_message_id string,
  chat_instance string,
  data string,
  game_short_name string,
  sent_at timestamp
)
PARTITIONED BY (context_date date)
STORED AS PARQUET
LOCATION '${LAKE_LOCATION}/callback_queries/'
TBLPROPERTIES (
  'parquet.compression' = 'ZSTD',
  'projection.enabled' = 'true',
  'projection.context_date.type' = 'date',
  'projection.context_date.format' = 'yyyy-MM-dd',
  'projection.context_date.range' = '2024-01-01,NOW',
  'projection.context_date.interval' = '1',
  'projection.context_date.interval.unit' = 'DAYS',
  'storage.location.template' = '${LAKE_LOCATION}/callback_queries/context_date=${context_date}/'
);
