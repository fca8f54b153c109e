-- model: brand_daily
-- grain: one row per (UTC day of event time, brand) with any view or purchase: which brands are looked at but not
--        bought, and so need more marketing.
-- keys: (day, brand)
-- depends on: bot_flags
-- incremental: the days holding events loaded in (:watermark, :run_upper], events re-stitched in that window, and
--              every event of a user whose bot verdict flipped are deleted and recounted. Cost grows with those days; the
--              earliest of them is a binding, a constant scan bound for the planner.
-- late events: a late event recounts its own day. Bot users' events are left out, as in every metric.
-- counts: views = Product Viewed (properties.brand); purchases = line items of Order Completed
--         (properties.products[].brand); view_to_purchase = purchases / views.
-- tables: clickstream.brand_daily

-- bind: brand_scan_from
-- the earliest day recounted, as a constant scan bound (beyond any event when nothing is recounted)
SELECT COALESCE(DATE_TRUNC('day', MIN(x.ts)), CAST('9999-12-31 00:00:00' AS TIMESTAMP))
FROM (SELECT MIN(e.event_ts) AS ts FROM clickstream.events e
      WHERE e.loaded_at > CAST(:watermark AS TIMESTAMP) AND e.loaded_at <= CAST(:run_upper AS TIMESTAMP)
      UNION ALL
      SELECT MIN(e.event_ts) FROM clickstream.events e
      JOIN clickstream.bot_changes b ON b.user_key = e.user_key
      WHERE b.run_upper > CAST(:watermark AS TIMESTAMP) AND b.run_upper <= CAST(:run_upper AS TIMESTAMP)
      UNION ALL
      SELECT MIN(e.event_ts) FROM clickstream.events e
      JOIN clickstream.stitch_changes c ON c.anonymous_id = e.anonymous_id
      WHERE c.run_upper > CAST(:watermark AS TIMESTAMP) AND c.run_upper <= CAST(:run_upper AS TIMESTAMP)) x;

DROP TABLE IF EXISTS brand_days;

CREATE TEMP TABLE brand_days AS
SELECT CAST(DATE_TRUNC('day', e.event_ts) AS DATE) AS day FROM clickstream.events e
WHERE e.loaded_at > CAST(:watermark AS TIMESTAMP) AND e.loaded_at <= CAST(:run_upper AS TIMESTAMP)
UNION
SELECT CAST(DATE_TRUNC('day', e.event_ts) AS DATE) FROM clickstream.events e
JOIN clickstream.bot_changes b ON b.user_key = e.user_key
WHERE b.run_upper > CAST(:watermark AS TIMESTAMP) AND b.run_upper <= CAST(:run_upper AS TIMESTAMP)
UNION
SELECT CAST(DATE_TRUNC('day', e.event_ts) AS DATE) FROM clickstream.events e
JOIN clickstream.stitch_changes c ON c.anonymous_id = e.anonymous_id
WHERE c.run_upper > CAST(:watermark AS TIMESTAMP) AND c.run_upper <= CAST(:run_upper AS TIMESTAMP);

DELETE FROM clickstream.brand_daily USING brand_days
WHERE clickstream.brand_daily.day = brand_days.day;

INSERT INTO clickstream.brand_daily (day, brand, views, purchases, view_to_purchase)
SELECT x.day, x.brand, SUM(x.views), SUM(x.purchases),
       SUM(x.purchases) / NULLIF(CAST(SUM(x.views) AS DOUBLE PRECISION), 0)
FROM (SELECT d.day, e.brand, 1 AS views, 0 AS purchases
      FROM clickstream.events e
      JOIN brand_days d ON e.event_ts >= d.day AND e.event_ts < d.day + INTERVAL '1 day'
       AND e.event_ts >= CAST(:brand_scan_from AS TIMESTAMP)
      WHERE e.type = 'track' AND e.event = 'Product Viewed' AND e.brand IS NOT NULL
        AND e.loaded_at <= CAST(:run_upper AS TIMESTAMP)
        AND NOT EXISTS (SELECT 1 FROM clickstream.bot_flags f WHERE f.user_key = e.user_key)
      UNION ALL
      SELECT d.day, i.brand, 0, 1
      FROM clickstream.events e
      JOIN brand_days d ON e.event_ts >= d.day AND e.event_ts < d.day + INTERVAL '1 day'
       AND e.event_ts >= CAST(:brand_scan_from AS TIMESTAMP)
      JOIN clickstream.order_items i ON i.message_id = e.message_id
      WHERE i.brand IS NOT NULL AND e.loaded_at <= CAST(:run_upper AS TIMESTAMP)
        AND NOT EXISTS (SELECT 1 FROM clickstream.bot_flags f WHERE f.user_key = e.user_key)) x
GROUP BY x.day, x.brand;

DROP TABLE brand_days;
