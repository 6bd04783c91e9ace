-- Question: how many messages so far today, hour by hour in local time?
-- "Today" is the local calendar day in messages_local's zone (default America/Sao_Paulo): run it with
-- --date <today> during the day, on the tables the intraday refresh keeps current (README "Today so far");
-- the nightly run makes the same numbers final. A local day straddles two UTC partitions, so the partitions
-- one day either side are read (still pruned at planning) and the local date decides.
-- Parameters: :from_date, :to_date (inclusive LOCAL days).
SELECT
  local_date,
  local_hour,
  count(*) AS messages,
  count(DISTINCT user_id) AS users
FROM messages_local
WHERE context_date BETWEEN date_add('day', -1, :from_date) AND date_add('day', 1, :to_date)
  AND local_date BETWEEN :from_date AND :to_date
  AND update_type IN ('message', 'business_message')
GROUP BY local_date, local_hour
ORDER BY local_date, local_hour;
