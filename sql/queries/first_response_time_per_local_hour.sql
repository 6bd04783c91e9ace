-- Question: how fast does the bot answer at each hour of the day? First-response time per conversation,
-- p50/p90 by the LOCAL hour in which the conversation started (view messages_local, whose zone is set when
-- the view is created, default America/Sao_Paulo). Conversations, first responses and percentiles as in
-- first_response_time_per_day: a run of user messages in a private chat with no silence over 30 minutes;
-- the first bot message to the chat (not an edit, not answerCallbackQuery, not refused by Telegram) from its
-- first message until the chat's next conversation (at most 24 h); answers read up to one day after
-- :to_date; exact nearest-rank percentiles. The window is on UTC partition days.
-- Parameters: :from_date, :to_date (inclusive UTC partition days).
WITH user_messages AS (
  SELECT
    context_date,
    chat_id,
    message_id,
    sent_at,
    local_hour,
    lag(sent_at) OVER (PARTITION BY chat_id ORDER BY sent_at, message_id) AS previous_at
  FROM messages_local
  -- One day past :to_date only to see where the window's last conversations end (not reported).
  WHERE context_date BETWEEN :from_date AND date_add('day', 1, :to_date)
    AND update_type IN ('message', 'business_message')
    AND chat_type = 'private'
    AND NOT coalesce(user_is_bot, false)
),
numbered AS (
  SELECT
    *,
    sum(CASE WHEN previous_at IS NULL OR sent_at > previous_at + INTERVAL '30' MINUTE THEN 1 ELSE 0 END)
      OVER (PARTITION BY chat_id ORDER BY sent_at, message_id ROWS UNBOUNDED PRECEDING) AS conversation_no
  FROM user_messages
),
conversations AS (
  SELECT
    chat_id,
    conversation_no,
    min_by(context_date, sent_at) AS context_date,
    min_by(local_hour, sent_at) AS local_hour,
    min(sent_at) AS started_at
  FROM numbered
  GROUP BY chat_id, conversation_no
),
windows AS (
  SELECT
    *,
    least(coalesce(lead(started_at) OVER (PARTITION BY chat_id ORDER BY started_at), started_at + INTERVAL '1' DAY),
          started_at + INTERVAL '1' DAY) AS window_end
  FROM conversations
),
bot AS (
  SELECT chat_id, sent_at
  FROM bot_messages
  WHERE context_date BETWEEN :from_date AND date_add('day', 1, :to_date)
    AND NOT edit
    AND lower(method) <> 'answercallbackquery'
    AND coalesce(ok, true)
),
responses AS (
  SELECT
    w.local_hour,
    w.chat_id,
    w.started_at,
    date_diff('millisecond', w.started_at, min(b.sent_at)) / 1e3 AS first_response_seconds
  FROM windows w
  LEFT JOIN bot b ON b.chat_id = w.chat_id AND b.sent_at >= w.started_at AND b.sent_at < w.window_end
  WHERE w.context_date <= :to_date
  GROUP BY w.local_hour, w.chat_id, w.started_at
),
ranked AS (
  SELECT
    local_hour,
    first_response_seconds,
    row_number() OVER (PARTITION BY local_hour ORDER BY first_response_seconds) AS rn,
    count(*) OVER (PARTITION BY local_hour) AS n
  FROM responses
  WHERE first_response_seconds IS NOT NULL
)
SELECT
  r.local_hour,
  count(*) AS conversations,
  count(r.first_response_seconds) AS answered,
  count(*) - count(r.first_response_seconds) AS unanswered,
  max(p.p50) AS p50_first_response_seconds,
  max(p.p90) AS p90_first_response_seconds
FROM responses r
LEFT JOIN (
  SELECT
    local_hour,
    max(CASE WHEN rn = CAST(ceil(0.5 * n) AS bigint) THEN first_response_seconds END) AS p50,
    max(CASE WHEN rn = CAST(ceil(0.9 * n) AS bigint) THEN first_response_seconds END) AS p90
  FROM ranked
  GROUP BY local_hour
) p ON p.local_hour = r.local_hour
GROUP BY r.local_hour
ORDER BY r.local_hour;
