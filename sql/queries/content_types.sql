-- Question: what kind of content do users send (text, photo, sticker, voice, document ...)?
-- message_type as derived by the ETL; share in percent of the window's messages.
-- Parameters: :from_date, :to_date (inclusive UTC partition days).
SELECT
  message_type,
  count(*) AS messages,
  round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS share_pct
FROM messages
WHERE context_date BETWEEN :from_date AND :to_date
  AND update_type IN ('message', 'business_message')
GROUP BY message_type
ORDER BY messages DESC, message_type;
