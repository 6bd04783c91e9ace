-- Question: who writes how much, day by day?
-- One row per UTC day and user, busiest users first. The name shown is the user's latest first name
-- in the window (users can rename themselves).
-- Parameters: :from_date, :to_date (inclusive UTC partition days).
SELECT
  context_date,
  user_id,
  max_by(user_first_name, sent_at) AS user_first_name,
  count(*) AS messages
FROM messages
WHERE context_date BETWEEN :from_date AND :to_date
  AND update_type IN ('message', 'business_message')
GROUP BY context_date, user_id
ORDER BY context_date, messages DESC, user_id;
