-- Question: which of today's conversations are still waiting for the bot?
-- A conversation is a run of user messages in a private chat with no silence over 30 minutes (as in
-- unanswered_conversations); it is answered once the bot sent the chat a message (not an edit, not
-- answerCallbackQuery, not refused by Telegram) at or after its first message and before the chat's next
-- conversation. Only judged where the lake has what the bot said: a conversation counts only if bot_messages
-- holds records for its UTC day (a passive collector captures no outgoing messages, so "no answer" would mean
-- nothing there). Conversations that STARTED on the local day(s); run it with --date <today> on the intraday
-- refresh's tables (README "Today so far"): "still" = as of the last refresh.
-- Parameters: :from_date, :to_date (inclusive LOCAL days in messages_local's zone).
WITH user_messages AS (
  SELECT
    context_date,
    chat_id,
    message_id,
    sent_at,
    local_sent_at,
    local_date,
    lag(sent_at) OVER (PARTITION BY chat_id ORDER BY sent_at, message_id) AS previous_at
  FROM messages_local
  WHERE context_date BETWEEN date_add('day', -2, :from_date) AND date_add('day', 1, :to_date)
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
    min_by(local_date, sent_at) AS local_date,
    min(sent_at) AS started_at,
    min(local_sent_at) AS local_started_at,
    max(sent_at) AS last_user_message_at,
    count(*) AS user_messages
  FROM numbered
  GROUP BY chat_id, conversation_no
),
windows AS (
  SELECT
    *,
    coalesce(lead(started_at) OVER (PARTITION BY chat_id ORDER BY started_at), TIMESTAMP '9999-12-31 00:00:00')
      AS window_end
  FROM conversations
),
bot AS (
  SELECT context_date, chat_id, sent_at, NOT edit AND lower(method) <> 'answercallbackquery' AND coalesce(ok, true)
    AS answer
  FROM bot_messages
  WHERE context_date BETWEEN date_add('day', -1, :from_date) AND date_add('day', 2, :to_date)
),
captured_days AS (
  SELECT DISTINCT context_date FROM bot
),
responses AS (
  SELECT
    w.local_date,
    w.chat_id,
    w.local_started_at,
    w.last_user_message_at,
    w.user_messages,
    count(b.sent_at) AS bot_messages
  FROM windows w
  LEFT JOIN bot b ON b.answer AND b.chat_id = w.chat_id AND b.sent_at >= w.started_at AND b.sent_at < w.window_end
  WHERE w.local_date BETWEEN :from_date AND :to_date
    AND w.context_date IN (SELECT context_date FROM captured_days)
  GROUP BY w.local_date, w.chat_id, w.local_started_at, w.last_user_message_at, w.user_messages
)
SELECT local_date, chat_id, local_started_at, last_user_message_at, user_messages
FROM responses
WHERE bot_messages = 0
ORDER BY local_date, local_started_at, chat_id;
