-- messages plus local-time columns for hour/weekday analyses. Storage and partitions are UTC; this view
-- converts sent_at (UTC instant of the message) to the zone ${LOCAL_TZ} (default America/Sao_Paulo):
--   local_sent_at       wall-clock timestamp in ${LOCAL_TZ}
--   local_date          calendar date in ${LOCAL_TZ} (may differ from the UTC partition context_date)
--   local_hour          0..23 in ${LOCAL_TZ}
--   local_weekday       ISO day of week in ${LOCAL_TZ}: 1 = Monday .. 7 = Sunday
--   local_weekday_name  Mon .. Sun
-- with_timezone(sent_at, 'UTC') pins the stored value to UTC explicitly, so the result does not depend
-- on the session time zone (Athena's is UTC; a local Trino client's may not be); AT TIME ZONE then
-- moves that instant to ${LOCAL_TZ}.
-- Athena stores the column list of a view: after adding columns to messages, re-run this statement.
-- Filter on context_date as with the table: the view passes the predicate down for partition pruning.
CREATE OR REPLACE VIEW ${DATABASE}.messages_local AS
SELECT
  m.*,
  CAST(with_timezone(m.sent_at, 'UTC') AT TIME ZONE '${LOCAL_TZ}' AS timestamp) AS local_sent_at,
  CAST(with_timezone(m.sent_at, 'UTC') AT TIME ZONE '${LOCAL_TZ}' AS date) AS local_date,
  hour(with_timezone(m.sent_at, 'UTC') AT TIME ZONE '${LOCAL_TZ}') AS local_hour,
  day_of_week(with_timezone(m.sent_at, 'UTC') AT TIME ZONE '${LOCAL_TZ}') AS local_weekday,
  date_format(with_timezone(m.sent_at, 'UTC') AT TIME ZONE '${LOCAL_TZ}', '%a') AS local_weekday_name
FROM ${DATABASE}.messages m;
