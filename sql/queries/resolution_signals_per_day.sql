-- Question: is the bot resolving users' problems? Three signals per UTC day:
--   feedback_yes / feedback_no  answers to the "did this help?" inline button. Convention for the
--                               button's callback_data: '<anything>:yes' / '<anything>:no' (the bot
--                               sends 'helped:yes' / 'helped:no'); 'sim'/'nao'/'não' are accepted too.
--   resolution_rate             feedback_yes / (feedback_yes + feedback_no), NULL without feedback
--   human_requests              messages asking for a person: /human, /atendente, /agent, or text
--                               mentioning human/humano/atendente/operador/operator/agent/agente/
--                               uma pessoa/pessoa real ("atendimento" = opening hours does not count)
--   returning_users             users who start a new conversation (more than 30 minutes after their
--                               previous message) within 24 hours of that previous message: the
--                               problem probably was not solved. Reads one extra day before :from_date.
-- Parameters: :from_date, :to_date (inclusive UTC partition days).
WITH feedback AS (
  SELECT
    context_date,
    count_if(regexp_like(lower(data), '(^|[:_=-])(yes|sim)$')) AS feedback_yes,
    count_if(regexp_like(lower(data), '(^|[:_=-])(no|nao|não)$')) AS feedback_no
  FROM callback_queries
  WHERE context_date BETWEEN :from_date AND :to_date
  GROUP BY context_date
),
human AS (
  SELECT
    context_date,
    count_if(
      regexp_like(lower(coalesce(command, '')), '^/(human|humano|atendente|agent|agente)(@|$)')
      OR (NOT starts_with(coalesce(text, ''), '/')
          AND regexp_like(lower(coalesce(text, '')),
                          'human|humano|atendente|operador|operator|agent|uma pessoa|pessoa real|real person'))
    ) AS human_requests
  FROM messages
  WHERE context_date BETWEEN :from_date AND :to_date
    AND update_type IN ('message', 'business_message')
  GROUP BY context_date
),
activity AS (
  SELECT
    context_date,
    user_id,
    sent_at,
    lag(sent_at) OVER (PARTITION BY user_id ORDER BY sent_at, message_id) AS previous_at
  FROM messages
  WHERE context_date BETWEEN date_add('day', -1, :from_date) AND :to_date
    AND update_type IN ('message', 'business_message')
    AND user_id IS NOT NULL
),
returns AS (
  SELECT context_date, count(DISTINCT user_id) AS returning_users
  FROM activity
  WHERE context_date >= :from_date
    AND sent_at > previous_at + INTERVAL '30' MINUTE
    AND sent_at <= previous_at + INTERVAL '24' HOUR
  GROUP BY context_date
),
days AS (
  SELECT context_date FROM feedback
  UNION
  SELECT context_date FROM human
)
SELECT
  d.context_date,
  coalesce(f.feedback_yes, 0) AS feedback_yes,
  coalesce(f.feedback_no, 0) AS feedback_no,
  round(CAST(f.feedback_yes AS double) / nullif(f.feedback_yes + f.feedback_no, 0), 3) AS resolution_rate,
  coalesce(h.human_requests, 0) AS human_requests,
  coalesce(r.returning_users, 0) AS returning_users
FROM days d
LEFT JOIN feedback f ON f.context_date = d.context_date
LEFT JOIN human h ON h.context_date = d.context_date
LEFT JOIN returns r ON r.context_date = d.context_date
ORDER BY d.context_date;
