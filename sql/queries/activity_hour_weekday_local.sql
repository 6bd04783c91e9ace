-- Question: when do users write? Messages by weekday and hour of day in LOCAL time.
-- Reads the view messages_local (the contract's tglake/ddl/60_messages_local.sql), whose zone is set when the view is
-- created (default America/Sao_Paulo) - not UTC. local_weekday is ISO: 1 = Monday .. 7 = Sunday.
-- The window is on UTC partition days, so a local evening can come from the next UTC day's partition.
-- Parameters: :from_date, :to_date (inclusive UTC partition days).
SELECT
  local_weekday,
  local_weekday_name,
  local_hour,
  count(*) AS messages
FROM messages_local
WHERE context_date BETWEEN :from_date AND :to_date
  AND update_type IN ('message', 'business_message')
GROUP BY local_weekday, local_weekday_name, local_hour
ORDER BY local_weekday, local_hour;
