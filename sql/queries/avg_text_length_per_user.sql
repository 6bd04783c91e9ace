-- Question: how long are the texts each user writes (a hint of how much they explain their problem)?
-- Text messages only, bot commands (/start ...) excluded; length counts Unicode code points.
-- Parameters: :from_date, :to_date (inclusive UTC partition days).
SELECT
  user_id,
  max_by(user_first_name, sent_at) AS user_first_name,
  count(*) AS text_messages,
  round(avg(length(text)), 1) AS avg_text_length
FROM messages
WHERE context_date BETWEEN :from_date AND :to_date
  AND update_type IN ('message', 'business_message')
  AND text IS NOT NULL
  AND NOT starts_with(text, '/')
GROUP BY user_id
ORDER BY avg_text_length DESC, user_id;
