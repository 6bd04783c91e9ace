-- One row per update of any kind, including kinds no other table models, with its raw JSON:
-- nothing that reached the lake is lost.
CREATE EXTERNAL TABLE IF NOT EXISTS ${DATABASE}.updates (
  update_id bigint,
  update_type string,
  chat_id bigint,
  user_id bigint,
  event_date bigint,
  received_at timestamp,
  source_file string,
  raw_json string
)
PARTITIONED BY (context_date date)
STORED AS PARQUET
LOCATION '${LAKE_LOCATION}/updates/'
TBLPROPERTIES (
  'parquet.compression' = 'ZSTD',
  'projection.enabled' = 'true',
  'projection.context_date.type' = 'date',
  'projection.context_date.format' = 'yyyy-MM-dd',
  'projection.context_date.range' = '2024-01-01,NOW',
  'projection.context_date.interval' = '1',
  'projection.context_date.interval.unit' = 'DAYS',
  'storage.location.template' = '${LAKE_LOCATION}/updates/context_date=${context_date}/'
);
