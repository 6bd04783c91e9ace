-- Question: how many messages do users send per day, and how many different users write?
-- Counts new user messages (update_type message / business_message); edits are counted separately in
-- edited_forwarded_per_day. Days are UTC partition days (context_date).
-- Parameters: :from_date, :to_date (inclusive; the runner substitutes DATE 'YYYY-MM-DD' literals).
SELECT
  context_date,
  count(*) AS messages,
  count(DISTINCT user_id) AS users
FROM messages
WHERE context_date BETWEEN :from_date AND :to_date
  AND update_type IN ('message', 'business_message')
GROUP BY context_date
ORDER BY context_date;
