-- Question: what are people asking today? The most frequent texts of the local day(s) so far.
-- Normalized as in top_questions (lower case, punctuation and emoji removed, spaces collapsed; commands and
-- forwards excluded), but by LOCAL day in messages_local's zone, so "today" matches the people's own day.
-- Run it with --date <today> on the intraday refresh's tables (README "Today so far").
-- Parameters: :from_date, :to_date (inclusive LOCAL days).
WITH normalized AS (
  SELECT
    user_id,
    trim(regexp_replace(regexp_replace(lower(text), '[^\p{L}\p{N}\s]', ''), '\s+', ' ')) AS question
  FROM messages_local
  WHERE context_date BETWEEN date_add('day', -1, :from_date) AND date_add('day', 1, :to_date)
    AND local_date BETWEEN :from_date AND :to_date
    AND update_type IN ('message', 'business_message')
    AND text IS NOT NULL
    AND NOT starts_with(text, '/')
    AND NOT coalesce(is_forwarded, false)
)
SELECT
  question,
  count(*) AS messages,
  count(DISTINCT user_id) AS users
FROM normalized
WHERE question <> ''
GROUP BY question
ORDER BY messages DESC, users DESC, question
LIMIT 20;
