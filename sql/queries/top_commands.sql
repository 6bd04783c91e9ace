-- Question: which bot commands are used most?
-- The command is taken from the message's leading bot_command (column command), lower-cased, with a
-- "@botname" suffix removed so /help and /help@my_bot count together.
-- Parameters: :from_date, :to_date (inclusive UTC partition days).
SELECT
  '/' || regexp_replace(lower(command), '^/|@.*$', '') AS command,
  count(*) AS uses,
  count(DISTINCT user_id) AS users
FROM messages
WHERE context_date BETWEEN :from_date AND :to_date
  AND update_type IN ('message', 'business_message')
  AND command IS NOT NULL
GROUP BY 1
ORDER BY uses DESC, command
LIMIT 20;
