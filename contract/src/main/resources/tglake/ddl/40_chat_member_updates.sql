-- Joins, leaves and status changes, one row per affected user.
--   event 'join'          message.new_chat_members (exploded; the legacy singular new_chat_member is ignored)
--   event 'leave'         message.left_chat_member
--   event 'status_change' my_chat_member / chat_member (old_status -> new_status)
CREATE EXTERNAL TABLE IF NOT EXISTS ${DATABASE}.chat_member_updates (
  update_id bigint,
  update_type string,
  event string,
  chat_id bigint,
  chat_type string,
  chat_title string,
  actor_user_id bigint,
  user_id bigint,
  user_is_bot boolean,
  user_first_name string,
  user_username string,
  old_status string,
  new_status string,
  `date` bigint,
  sent_at timestamp
)
PARTITIONED BY (context_date date)
STORED AS PARQUET
LOCATION '${LAKE_LOCATION}/chat_member_updates/'
TBLPROPERTIES (
  'parquet.compression' = 'ZSTD',
  'projection.enabled' = 'true',
  'projection.context_date.type' = 'date',
  'projection.context_date.format' = 'yyyy-MM-dd',
  'projection.context_date.range' = '2024-01-01,NOW',
  'projection.context_date.interval' = '1',
  'projection.context_date.interval.unit' = 'DAYS',
  'storage.location.template' = '${LAKE_LOCATION}/chat_member_updates/context_date=${context_date}/'
);
