-- Question: after someone asks for a human, how long until the bot hands them over?
-- A request is a user message in a private chat that asks for a person, by the rule of
-- resolution_signals_per_day: a /human, /humano, /atendente, /agent or /agente command, or text (not a
-- command) mentioning human/humano/atendente/operador/operator/agent/uma pessoa/pessoa real/real person.
-- The hand-off is the first message the bot sent to that chat (bot_messages: not an edit, not refused by
-- Telegram) at or after the request and within 24 hours whose text names a person taking over:
-- atendente, agente, agent, operador or operator (e.g. "Um atendente vai falar com você em breve.",
-- "An agent will contact you shortly."); not "humano"/"human", which FAQ answers use ("atendimento humano
-- das 8h às 20h"). Per UTC day of the request: requests, those handed off, and the hand-off time
-- (exact nearest-rank median, and the maximum) in seconds. Answers are read up to one day after :to_date.
-- Parameters: :from_date, :to_date (inclusive UTC partition days).
WITH requests AS (
  SELECT context_date, chat_id, message_id, sent_at AS requested_at
  FROM messages
  WHERE context_date BETWEEN :from_date AND :to_date
    AND update_type IN ('message', 'business_message')
    AND chat_type = 'private'
    AND (
      regexp_like(lower(coalesce(command, '')), '^/(human|humano|atendente|agent|agente)(@|$)')
      OR (NOT starts_with(coalesce(text, ''), '/')
          AND regexp_like(lower(coalesce(text, '')),
                          'human|humano|atendente|operador|operator|agent|uma pessoa|pessoa real|real person'))
    )
),
handoffs AS (
  SELECT chat_id, sent_at
  FROM bot_messages
  WHERE context_date BETWEEN :from_date AND date_add('day', 1, :to_date)
    AND NOT edit
    AND lower(method) <> 'answercallbackquery'
    AND coalesce(ok, true)
    AND regexp_like(lower(coalesce(text, '')), '\b(atendente|agente|agent|operador|operator)s?\b')
),
timed AS (
  SELECT
    r.context_date,
    r.chat_id,
    r.message_id,
    date_diff('millisecond', r.requested_at, min(h.sent_at)) / 1e3 AS handoff_seconds
  FROM requests r
  LEFT JOIN handoffs h ON h.chat_id = r.chat_id AND h.sent_at >= r.requested_at
    AND h.sent_at < r.requested_at + INTERVAL '1' DAY
  GROUP BY r.context_date, r.chat_id, r.message_id, r.requested_at
),
ranked AS (
  SELECT
    context_date,
    handoff_seconds,
    row_number() OVER (PARTITION BY context_date ORDER BY handoff_seconds) AS rn,
    count(*) OVER (PARTITION BY context_date) AS n
  FROM timed
  WHERE handoff_seconds IS NOT NULL
)
SELECT
  t.context_date,
  count(*) AS human_requests,
  count(t.handoff_seconds) AS handed_off,
  max(p.p50) AS p50_handoff_seconds,
  max(t.handoff_seconds) AS max_handoff_seconds
FROM timed t
LEFT JOIN (
  SELECT context_date, max(CASE WHEN rn = CAST(ceil(0.5 * n) AS bigint) THEN handoff_seconds END) AS p50
  FROM ranked
  GROUP BY context_date
) p ON p.context_date = t.context_date
GROUP BY t.context_date
ORDER BY t.context_date;
