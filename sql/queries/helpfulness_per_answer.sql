-- Question: which of the bot's answers help? "Did this help?" rate per bot answer type.
-- An answer is a message the bot sent (bot_messages: not an edit, not refused by Telegram) with inline
-- buttons; its answer type is the first line of its text (FAQ bots send one fixed text per answer; e.g.
-- "Para redefinir a senha, acesse Configurações." before "\n\nIsso ajudou?"), or its message_type when it
-- has no text. Feedback is a callback_query whose data ends in yes/sim or no/nao/não (the convention of
-- resolution_signals_per_day: '<anything>:yes' / '<anything>:no'). A press belongs to the answer with the
-- same chat_id and message_id; answers sent in a webhook response have no message_id (Telegram's result is
-- not visible there), so a press without such a match belongs to the latest answer with buttons the bot
-- sent to that chat at or before the press. shown = answers sent in the window (a press in the window on
-- an answer of the day before counts, with shown 0 if that answer type was not sent in the window); helped_rate = yes /
-- (yes + no), NULL without feedback. Answers are read from one day before :from_date.
-- Parameters: :from_date, :to_date (inclusive UTC partition days).
WITH answers AS (
  SELECT
    context_date,
    chat_id,
    message_id,
    sent_at,
    record_key,
    coalesce(nullif(trim(split_part(coalesce(text, ''), chr(10), 1)), ''), message_type) AS answer_type
  FROM bot_messages
  WHERE context_date BETWEEN date_add('day', -1, :from_date) AND :to_date
    AND NOT edit
    AND button_count > 0
    AND coalesce(ok, true)
),
feedback AS (
  SELECT
    callback_query_id,
    chat_id,
    message_id,
    sent_at,
    CASE
      WHEN regexp_like(lower(data), '(^|[:_=-])(yes|sim)$') THEN 'yes'
      WHEN regexp_like(lower(data), '(^|[:_=-])(no|nao|não)$') THEN 'no'
    END AS verdict
  FROM callback_queries
  WHERE context_date BETWEEN :from_date AND :to_date
),
matched AS (
  SELECT
    f.callback_query_id,
    f.verdict,
    a.answer_type,
    row_number() OVER (
      PARTITION BY f.callback_query_id
      ORDER BY CASE WHEN a.message_id = f.message_id THEN 0 ELSE 1 END, a.sent_at DESC, a.record_key
    ) AS pick
  FROM feedback f
  JOIN answers a ON a.chat_id = f.chat_id
    AND (a.message_id = f.message_id OR (a.message_id IS NULL AND a.sent_at <= f.sent_at))
  WHERE f.verdict IS NOT NULL
),
votes AS (
  SELECT answer_type, count_if(verdict = 'yes') AS feedback_yes, count_if(verdict = 'no') AS feedback_no
  FROM matched
  WHERE pick = 1
  GROUP BY answer_type
),
shown AS (
  SELECT answer_type, count(*) AS shown
  FROM answers
  WHERE context_date BETWEEN :from_date AND :to_date
  GROUP BY answer_type
)
SELECT
  coalesce(s.answer_type, v.answer_type) AS answer_type,
  coalesce(s.shown, 0) AS shown,
  coalesce(v.feedback_yes, 0) AS feedback_yes,
  coalesce(v.feedback_no, 0) AS feedback_no,
  round(CAST(v.feedback_yes AS double) / nullif(v.feedback_yes + v.feedback_no, 0), 3) AS helped_rate
FROM shown s
FULL JOIN votes v ON v.answer_type = s.answer_type
ORDER BY 1;
