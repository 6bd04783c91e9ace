-- Question: how many messages does the bot send per conversation?
-- Conversations as in first_response_time_per_day (a run of user messages in a private chat with no
-- silence over 30 minutes, on the UTC day of its first message); the bot's messages of a conversation are
-- those it sent the chat (not edits, not answerCallbackQuery, not refused by Telegram) from its first
-- message until the chat's next conversation (at most 24 h; read up to one day after :to_date).
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
    min(sent_at) AS started_at,
    max(sent_at) AS last_user_message_at,
    count(*) AS user_messages
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
    w.user_messages,
    count(b.sent_at) AS bot_messages
  FROM windows w
  LEFT JOIN bot b ON b.chat_id = w.chat_id AND b.sent_at >= w.started_at AND b.sent_at < w.window_end
  WHERE w.context_date <= :to_date
  GROUP BY w.context_date, w.chat_id, w.started_at, w.user_messages
)
SELECT
  context_date,
  count(*) AS conversations,
  sum(user_messages) AS user_messages,
  sum(bot_messages) AS bot_messages,
  round(avg(bot_messages), 2) AS avg_bot_messages_per_conversation,
  max(bot_messages) AS max_bot_messages_per_conversation
FROM responses
GROUP BY context_date
ORDER BY context_date;
