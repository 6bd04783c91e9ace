-- One row per entity of a message's text or caption. offset/length count UTF-16 code units (Bot API);
-- entity_text is the substring they denote.
CREATE EXTERNAL TABLE IF NOT EXISTS ${DATABASE}.message_entities (
  update_id bigint,
  update_type string,
  chat_id bigint,
  message_id bigint,
  entity_index int,
  source string,
  type string,
  `offset` int,
  length int,
  entity_text string,
  url string,
  mentioned_user_id bigint,
  language string,
  custom_emoji_id string
)
PARTITIONED BY (context_date date)
STORED AS PARQUET
LOCATION '${LAKE_LOCATION}/message_entities/'
TBLPROPERTIES (
  'parquet.compression' = 'ZSTD',
  'projection.enabled' = 'true',
  'projection.context_date.type' = 'date',
  'projection.context_date.format' = 'yyyy-MM-dd',
  'projection.context_date.range' = '2024-01-01,NOW',
  'projection.context_date.interval' = '1',
  'projection.context_date.interval.unit' = 'DAYS',
  'storage.location.template' = '${LAKE_LOCATION}/message_entities/context_date=${context_date}/'
);
