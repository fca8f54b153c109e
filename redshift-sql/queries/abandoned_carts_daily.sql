-- query: abandoned_carts_daily
-- title: Abandoned carts per day
-- question: How many carts were left without an order each day, by how many people, and what were they worth? An
--           abandoned item is a Product Added with no Order Completed of the same person within the cart window
--           (60 minutes); a person's abandoned items of one day are one cart. Bots are left out.
-- grain: one row per UTC day of the Product Added
-- parameters: from_day, to_day (UTC dates, inclusive); source (a source name, or '*')
-- reads: clickstream.cart_abandonment, clickstream.bot_flags
-- columns: day date, carts number, abandoned_items number, value number
-- chart: bar x=day y=carts y2=value
-- empty: no abandoned carts in this range: run `clickstream simulate`; a cart is decided an hour after its last add
SELECT CAST(DATE_TRUNC('day', c.added_at) AS DATE) AS day,
       COUNT(DISTINCT c.user_key) AS carts,
       COUNT(*) AS abandoned_items,
       SUM(COALESCE(c.value, 0)) AS value
FROM clickstream.cart_abandonment c
WHERE c.added_at >= CAST(:from_day AS DATE)
  AND c.added_at < CAST(:to_day AS DATE) + INTERVAL '1 day'
  AND c.user_key NOT IN (SELECT f.user_key FROM clickstream.bot_flags f)
  AND (:source = '*' OR c.source = :source)
GROUP BY CAST(DATE_TRUNC('day', c.added_at) AS DATE)
ORDER BY day;
