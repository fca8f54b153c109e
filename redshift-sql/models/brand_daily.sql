-- model: brand_daily
-- grain: one row per (UTC day of event time, brand) with any view or purchase: which brands are looked at but not
--        bought, and so need more marketing.
-- keys: (day, brand)
-- depends on: category_hourly
-- incremental: the days of the hours category_hourly recounted in (:watermark, :run_upper] (product_hour_changes)
--              are deleted and summed again from product_hourly: at most 24 hourly rows per brand and category of
--              each such day, never the day's events. Cost grows with the recounted days: the earliest of them
--              is a binding, a constant scan bound, and hours meet their day by equality on the truncated day.
-- late events: a late event recounts its own hour, hence its day. Bot users' events are left out, as in every metric.
-- counts: views = Product Viewed (properties.brand); purchases = line items of Order Completed
--         (properties.products[].brand); view_to_purchase = purchases / views.
-- tables: clickstream.brand_daily

-- bind: brand_scan_from
-- the earliest day re-summed (beyond any hour when nothing is)
SELECT COALESCE(DATE_TRUNC('day', MIN(c.hour)), CAST('9999-12-31 00:00:00' AS TIMESTAMP))
FROM clickstream.product_hour_changes c
WHERE c.run_upper > CAST(:watermark AS TIMESTAMP) AND c.run_upper <= CAST(:run_upper AS TIMESTAMP);

CREATE TEMP TABLE brand_days AS
SELECT DISTINCT CAST(DATE_TRUNC('day', c.hour) AS DATE) AS day
FROM clickstream.product_hour_changes c
WHERE c.run_upper > CAST(:watermark AS TIMESTAMP) AND c.run_upper <= CAST(:run_upper AS TIMESTAMP);

DELETE FROM clickstream.brand_daily USING brand_days
WHERE clickstream.brand_daily.day = brand_days.day;

INSERT INTO clickstream.brand_daily (day, brand, views, purchases, view_to_purchase)
SELECT d.day, p.brand, SUM(p.views), SUM(p.purchases),
       SUM(p.purchases) / NULLIF(CAST(SUM(p.views) AS DOUBLE PRECISION), 0)
FROM clickstream.product_hourly p
JOIN brand_days d ON d.day = CAST(DATE_TRUNC('day', p.hour) AS DATE)
 AND p.hour >= d.day AND p.hour < d.day + INTERVAL '1 day'
WHERE p.hour >= CAST(:brand_scan_from AS TIMESTAMP)
  AND p.brand IS NOT NULL
GROUP BY d.day, p.brand
HAVING SUM(p.views) > 0 OR SUM(p.purchases) > 0;

DROP TABLE brand_days;
