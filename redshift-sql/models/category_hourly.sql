-- model: category_hourly
-- grain: one row per (hour of event time, product category) with any view, add or purchase.
-- keys: (hour, category)
-- depends on: bot_flags
-- incremental: the hours holding events loaded in (:watermark, :run_upper], events re-stitched in that window, and
--              every event of a user whose bot verdict flipped are deleted and recounted. Cost grows with those hours; the
--              earliest of them is a binding, a constant scan bound for the planner.
-- late events: a late event recounts its own hour. Bot users' events are left out, as in every metric.
-- counts: views = Product Viewed, adds = Product Added (by properties.category), purchases = line items of
--         Order Completed (properties.products[].category).
-- tables: clickstream.category_hourly

-- bind: category_scan_from
-- the earliest hour recounted, as a constant scan bound (beyond any event when nothing is recounted)
SELECT COALESCE(DATE_TRUNC('hour', MIN(x.ts)), CAST('9999-12-31 00:00:00' AS TIMESTAMP))
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

DROP TABLE IF EXISTS product_hours;

CREATE TEMP TABLE product_hours AS
SELECT DATE_TRUNC('hour', e.event_ts) AS hour FROM clickstream.events e
WHERE e.loaded_at > CAST(:watermark AS TIMESTAMP) AND e.loaded_at <= CAST(:run_upper AS TIMESTAMP)
UNION
SELECT DATE_TRUNC('hour', e.event_ts) FROM clickstream.events e
JOIN clickstream.bot_changes b ON b.user_key = e.user_key
WHERE b.run_upper > CAST(:watermark AS TIMESTAMP) AND b.run_upper <= CAST(:run_upper AS TIMESTAMP)
UNION
SELECT DATE_TRUNC('hour', e.event_ts) FROM clickstream.events e
JOIN clickstream.stitch_changes c ON c.anonymous_id = e.anonymous_id
WHERE c.run_upper > CAST(:watermark AS TIMESTAMP) AND c.run_upper <= CAST(:run_upper AS TIMESTAMP);

DELETE FROM clickstream.category_hourly USING product_hours
WHERE clickstream.category_hourly.hour = product_hours.hour;

INSERT INTO clickstream.category_hourly (hour, category, views, adds, purchases)
SELECT x.hour, x.category, SUM(x.views), SUM(x.adds), SUM(x.purchases)
FROM (SELECT h.hour, e.product_category AS category,
             CASE WHEN e.event = 'Product Viewed' THEN 1 ELSE 0 END AS views,
             CASE WHEN e.event = 'Product Added' THEN 1 ELSE 0 END AS adds,
             0 AS purchases
      FROM clickstream.events e
      JOIN product_hours h ON e.event_ts >= h.hour AND e.event_ts < h.hour + INTERVAL '1 hour'
       AND e.event_ts >= CAST(:category_scan_from AS TIMESTAMP)
      WHERE e.type = 'track' AND e.event IN ('Product Viewed', 'Product Added') AND e.product_category IS NOT NULL
        AND e.loaded_at <= CAST(:run_upper AS TIMESTAMP)
        AND NOT EXISTS (SELECT 1 FROM clickstream.bot_flags f WHERE f.user_key = e.user_key)
      UNION ALL
      SELECT h.hour, i.category, 0, 0, 1
      FROM clickstream.events e
      JOIN product_hours h ON e.event_ts >= h.hour AND e.event_ts < h.hour + INTERVAL '1 hour'
       AND e.event_ts >= CAST(:category_scan_from AS TIMESTAMP)
      JOIN clickstream.order_items i ON i.message_id = e.message_id
      WHERE i.category IS NOT NULL AND e.loaded_at <= CAST(:run_upper AS TIMESTAMP)
        AND NOT EXISTS (SELECT 1 FROM clickstream.bot_flags f WHERE f.user_key = e.user_key)) x
GROUP BY x.hour, x.category;

DROP TABLE product_hours;
