-- Question: what do users ask most? The most frequent texts after normalization.
-- Normalized = lower case, punctuation and emoji removed, runs of spaces collapsed, so
-- "Como faço...?" and "como faço..." count together. Commands and forwarded messages are excluded
-- (a forward is somebody else's text).
-- Parameters: :from_date, :to_date (inclusive UTC partition days).
WITH normalized AS (
  SELECT
    user_id,
    trim(regexp_replace(regexp_replace(lower(text), '[^\p{L}\p{N}\s]', ''), '\s+', ' ')) AS question
  FROM messages
  WHERE context_date BETWEEN :from_date AND :to_date
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
