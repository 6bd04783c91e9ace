-- Question: how often do users edit their messages or forward messages to the bot?
-- messages = new messages; edited = edit updates (edited_message / edited_business_message);
-- forwarded = new messages that carry a forward origin.
-- Parameters: :from_date, :to_date (inclusive UTC partition days).
SELECT
  context_date,
  count_if(update_type IN ('message', 'business_message')) AS messages,
  count_if(update_type IN ('edited_message', 'edited_business_message')) AS edited,
  count_if(update_type IN ('message', 'business_message') AND coalesce(is_forwarded, false)) AS forwarded
FROM messages
WHERE context_date BETWEEN :from_date AND :to_date
  AND update_type IN ('message', 'business_message', 'edited_message', 'edited_business_message')
GROUP BY context_date
ORDER BY context_date;
