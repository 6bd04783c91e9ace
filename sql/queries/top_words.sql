-- Question: which words do users use most (beyond questions repeated verbatim)?
-- Words = runs of letters in text or caption, lower-cased, at least 3 letters, minus a Portuguese +
-- English stop-word list (below; extend it here). Commands and forwarded messages are excluded.
-- Parameters: :from_date, :to_date (inclusive UTC partition days).
WITH stop_words (word) AS (
  VALUES
    -- Portuguese
    'abaixo', 'acima', 'agora', 'ainda', 'algo', 'alguém', 'algum', 'alguma', 'ali', 'além', 'antes',
    'aos', 'apenas', 'aqui', 'aquela', 'aquele', 'aquilo', 'as', 'assim', 'até', 'bem', 'cada', 'com',
    'como', 'contra', 'da', 'das', 'de', 'dela', 'dele', 'deles', 'depois', 'desde', 'dessa', 'desse',
    'desta', 'deste', 'do', 'dos', 'durante', 'ela', 'elas', 'ele', 'eles', 'em', 'entre', 'era', 'essa',
    'essas', 'esse', 'esses', 'esta', 'está', 'estão', 'estar', 'estas', 'este', 'estes', 'estou', 'etc',
    'eu', 'foi', 'fora', 'foram', 'isso', 'isto', 'já', 'lhe', 'lhes', 'mais', 'mas', 'me', 'mesmo', 'meu',
    'meus', 'minha', 'minhas', 'muito', 'muita', 'nas', 'nem', 'nessa', 'nesse', 'nesta', 'neste', 'no',
    'nos', 'nós', 'nossa', 'nosso', 'não', 'num', 'numa', 'obrigado', 'obrigada', 'oi', 'olá', 'onde',
    'ou', 'para', 'pela', 'pelas', 'pelo', 'pelos', 'pois', 'por', 'porque', 'porquê', 'pra', 'pro',
    'qual', 'quais', 'quando', 'que', 'quem', 'se', 'sem', 'ser', 'seu', 'seus', 'sim', 'sob', 'sobre',
    'sua', 'suas', 'são', 'também', 'tem', 'têm', 'tenho', 'ter', 'teu', 'tua', 'tudo', 'uma', 'umas',
    'uns', 'vai', 'você', 'vocês', 'vos', 'é',
    -- English
    'about', 'above', 'after', 'again', 'all', 'also', 'and', 'any', 'are', 'because', 'been', 'before',
    'being', 'below', 'between', 'both', 'but', 'can', 'cannot', 'could', 'did', 'does', 'doing', 'don',
    'down', 'during', 'each', 'few', 'for', 'from', 'further', 'had', 'has', 'have', 'having', 'hello',
    'her', 'here', 'hers', 'him', 'his', 'how', 'into', 'its', 'just', 'more', 'most', 'not', 'now', 'off',
    'once', 'only', 'other', 'our', 'ours', 'out', 'over', 'own', 'please', 'same', 'she', 'should',
    'some', 'such', 'than', 'thank', 'thanks', 'that', 'the', 'their', 'them', 'then', 'there', 'these',
    'they', 'this', 'those', 'through', 'too', 'under', 'until', 'very', 'was', 'were', 'what', 'when',
    'where', 'which', 'while', 'who', 'whom', 'why', 'will', 'with', 'would', 'you', 'your', 'yours'
),
bodies AS (
  SELECT lower(coalesce(text, caption)) AS body
  FROM messages
  WHERE context_date BETWEEN :from_date AND :to_date
    AND update_type IN ('message', 'business_message')
    AND coalesce(text, caption) IS NOT NULL
    AND NOT starts_with(coalesce(text, ''), '/')
    AND NOT coalesce(is_forwarded, false)
),
words AS (
  SELECT w.word
  FROM bodies
  CROSS JOIN UNNEST(regexp_extract_all(body, '\p{L}+')) AS w (word)
)
SELECT word, count(*) AS occurrences
FROM words
WHERE length(word) >= 3
  AND word NOT IN (SELECT word FROM stop_words)
GROUP BY word
ORDER BY occurrences DESC, word
LIMIT 25;
