-- Question: how fast does the bot answer? First-response time per conversation, p50/p90 per UTC day.
-- A conversation is a run of user messages in a private chat with no silence longer than 30 minutes
-- (the sessions rule, per chat); it belongs to the UTC day of its first message. Its first response is the
-- first message the bot sent to that chat (bot_messages: not an edit, not answerCallbackQuery, not refused
-- by Telegram) at or after the conversation's first message and before the chat's next conversation
-- starts (at most 24 hours later). Answers are read up to one day after :to_date (a question at 23:50 UTC
-- answered after midnight). Percentiles are exact nearest-rank values (p50 = the ceil(0.5 n)-th smallest).
-- webhook answers are timed by tglake's capture (milliseconds), Bot API sends by Telegram's date (seconds).
-- Parameters: :from_date, :to_date (inclusive UTC partition days).
WITH user_messages AS (
  SELECT
    context_date,
    chat_id,
    message_id,
    sent_at,
    lag(sent_at) OVER (PARTITION BY chat_id ORDER BY sent_at, message_id) AS previous_at
  FROM messages
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
    w.context_date,
    w.chat_id,
    w.started_at,
    date_diff('millisecond', w.started_at, min(b.sent_at)) / 1e3 AS first_response_seconds
  FROM windows w
  LEFT JOIN bot b ON b.chat_id = w.chat_id AND b.sent_at >= w.started_at AND b.sent_at < w.window_end
  WHERE w.context_date <= :to_date
  GROUP BY w.context_date, w.chat_id, w.started_at
),
ranked AS (
  SELECT
    context_date,
    first_response_seconds,
    row_number() OVER (PARTITION BY context_date ORDER BY first_response_seconds) AS rn,
    count(*) OVER (PARTITION BY context_date) AS n
  FROM responses
  WHERE first_response_seconds IS NOT NULL
)
SELECT
  r.context_date,
  count(*) AS conversations,
  count(r.first_response_seconds) AS answered,
  count(*) - count(r.first_response_seconds) AS unanswered,
  max(p.p50) AS p50_first_response_seconds,
  max(p.p90) AS p90_first_response_seconds
FROM responses r
LEFT JOIN (
  SELECT
    context_date,
    max(CASE WHEN rn = CAST(ceil(0.5 * n) AS bigint) THEN first_response_seconds END) AS p50,
    max(CASE WHEN rn = CAST(ceil(0.9 * n) AS bigint) THEN first_response_seconds END) AS p90
  FROM ranked
  GROUP BY context_date
) p ON p.context_date = r.context_date
GROUP BY r.context_date
ORDER BY r.context_date;
