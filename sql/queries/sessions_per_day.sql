-- Question: how many conversations happen per day and how long are they?
-- A session is a user's run of messages with no silence longer than 30 minutes; it belongs to the UTC
-- day of its first message. Sessions still open at :to_date's end are cut there.
-- Parameters: :from_date, :to_date (inclusive UTC partition days).
WITH activity AS (
  SELECT
    context_date,
    user_id,
    message_id,
    sent_at,
    lag(sent_at) OVER (PARTITION BY user_id ORDER BY sent_at, message_id) AS previous_at
  FROM messages
  WHERE context_date BETWEEN :from_date AND :to_date
    AND update_type IN ('message', 'business_message')
    AND user_id IS NOT NULL
),
numbered AS (
  SELECT
    *,
    sum(CASE WHEN previous_at IS NULL OR sent_at > previous_at + INTERVAL '30' MINUTE THEN 1 ELSE 0 END)
      OVER (PARTITION BY user_id ORDER BY sent_at, message_id ROWS UNBOUNDED PRECEDING) AS session_no
  FROM activity
),
sessions AS (
  SELECT
    user_id,
    session_no,
    min_by(context_date, sent_at) AS context_date,
    count(*) AS messages,
    date_diff('second', min(sent_at), max(sent_at)) AS duration_seconds
  FROM numbered
  GROUP BY user_id, session_no
)
SELECT
  context_date,
  count(*) AS sessions,
  round(avg(messages), 2) AS avg_messages_per_session,
  round(avg(duration_seconds), 1) AS avg_duration_seconds,
  max(duration_seconds) AS max_duration_seconds
FROM sessions
GROUP BY context_date
ORDER BY context_date;
