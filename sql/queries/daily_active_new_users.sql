-- Question: how many users are active each day, and how many of them write for the first time?
-- "New" = the day is the user's first message day in the whole lake. To know that, the first-seen
-- part reads every partition up to :to_date (only user_id and context_date: a small column scan).
-- Parameters: :from_date, :to_date (inclusive UTC partition days).
WITH first_seen AS (
  SELECT user_id, min(context_date) AS first_day
  FROM messages
  WHERE context_date <= :to_date
    AND update_type IN ('message', 'business_message')
    AND user_id IS NOT NULL
  GROUP BY user_id
),
active AS (
  SELECT DISTINCT context_date, user_id
  FROM messages
  WHERE context_date BETWEEN :from_date AND :to_date
    AND update_type IN ('message', 'business_message')
    AND user_id IS NOT NULL
)
SELECT
  a.context_date,
  count(*) AS active_users,
  count_if(f.first_day = a.context_date) AS new_users
FROM active a
JOIN first_seen f ON f.user_id = a.user_id
GROUP BY a.context_date
ORDER BY a.context_date;
