-- model: category_hourly
-- grain: product_hourly (internal): one row per (hour of event time, product category, brand) with any view, add or
--        purchase; category_hourly: one row per (hour, category), summed from it. brand_daily sums the same rows by
--        day, so both metrics come from one count.
-- keys: product_hourly (hour, category, brand); category_hourly (hour, category)
-- depends on: bot_flags
-- incremental: the hours holding events loaded in (:watermark, :run_upper], the anonymous events of anonymous_ids
--              re-stitched in that window, and every event of a user whose bot verdict flipped are deleted and
--              recounted, and logged in product_hour_changes for brand_daily. Cost grows with those hours; the
--              earliest of them is a binding, a constant scan bound for the planner. Events meet their hour by
--              equality on DATE_TRUNC('hour', event_ts): Redshift plans a join on ranges alone as a nested loop,
--              and one with an equality as a hash join; the range on the same hour stays in the join for
--              PostgreSQL, which walks its event_ts index hour by hour.
-- late events: a late event recounts its own hour. Bot users' events are left out, as in every metric.
-- counts: views = Product Viewed, adds = Product Added (by properties.category and .brand), purchases = line items
--         of Order Completed (properties.products[].category and .brand).
-- tables: clickstream.category_hourly, clickstream.product_hourly, clickstream.product_hour_changes

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
      JOIN clickstream.stitch_changes c
        ON c.anonymous_id = COALESCE(e.anonymous_id, e.user_id) AND e.user_id IS NULL
      WHERE c.run_upper > CAST(:watermark AS TIMESTAMP) AND c.run_upper <= CAST(:run_upper AS TIMESTAMP)) x;

CREATE TEMP TABLE product_hours AS
SELECT DATE_TRUNC('hour', e.event_ts) AS hour FROM clickstream.events e
WHERE e.loaded_at > CAST(:watermark AS TIMESTAMP) AND e.loaded_at <= CAST(:run_upper AS TIMESTAMP)
UNION
SELECT DATE_TRUNC('hour', e.event_ts) FROM clickstream.events e
JOIN clickstream.bot_changes b ON b.user_key = e.user_key
WHERE b.run_upper > CAST(:watermark AS TIMESTAMP) AND b.run_upper <= CAST(:run_upper AS TIMESTAMP)
UNION
SELECT DATE_TRUNC('hour', e.event_ts) FROM clickstream.events e
JOIN clickstream.stitch_changes c
  ON c.anonymous_id = COALESCE(e.anonymous_id, e.user_id) AND e.user_id IS NULL
WHERE c.run_upper > CAST(:watermark AS TIMESTAMP) AND c.run_upper <= CAST(:run_upper AS TIMESTAMP);

INSERT INTO clickstream.product_hour_changes (hour, run_upper)
SELECT hour, CAST(:run_upper AS TIMESTAMP) FROM product_hours;

DELETE FROM clickstream.product_hourly USING product_hours
WHERE clickstream.product_hourly.hour = product_hours.hour;

INSERT INTO clickstream.product_hourly (hour, category, brand, views, adds, purchases)
SELECT x.hour, x.category, x.brand, SUM(x.views), SUM(x.adds), SUM(x.purchases)
FROM (SELECT h.hour, e.product_category AS category, e.brand,
             CASE WHEN e.event = 'Product Viewed' THEN 1 ELSE 0 END AS views,
             CASE WHEN e.event = 'Product Added' THEN 1 ELSE 0 END AS adds,
             0 AS purchases
      FROM clickstream.events e
      JOIN product_hours h ON h.hour = DATE_TRUNC('hour', e.event_ts)
       AND e.event_ts >= h.hour AND e.event_ts < h.hour + INTERVAL '1 hour'
      WHERE e.event_ts >= CAST(:category_scan_from AS TIMESTAMP)
        AND e.type = 'track' AND e.event IN ('Product Viewed', 'Product Added')
        AND (e.product_category IS NOT NULL OR e.brand IS NOT NULL)
        AND e.loaded_at <= CAST(:run_upper AS TIMESTAMP)
        AND NOT EXISTS (SELECT 1 FROM clickstream.bot_flags f WHERE f.user_key = e.user_key)
      UNION ALL
      SELECT h.hour, i.category, i.brand, 0, 0, 1
      FROM clickstream.events e
      JOIN product_hours h ON h.hour = DATE_TRUNC('hour', e.event_ts)
       AND e.event_ts >= h.hour AND e.event_ts < h.hour + INTERVAL '1 hour'
      JOIN clickstream.order_items i
        ON i.message_id = e.message_id AND (i.source = e.source OR (i.source IS NULL AND e.source IS NULL))
      WHERE e.event_ts >= CAST(:category_scan_from AS TIMESTAMP)
        AND (i.category IS NOT NULL OR i.brand IS NOT NULL) AND e.loaded_at <= CAST(:run_upper AS TIMESTAMP)
        AND NOT EXISTS (SELECT 1 FROM clickstream.bot_flags f WHERE f.user_key = e.user_key)) x
GROUP BY x.hour, x.category, x.brand;

DELETE FROM clickstream.category_hourly USING product_hours
WHERE clickstream.category_hourly.hour = product_hours.hour;

INSERT INTO clickstream.category_hourly (hour, category, views, adds, purchases)
SELECT p.hour, p.category, SUM(p.views), SUM(p.adds), SUM(p.purchases)
FROM clickstream.product_hourly p
JOIN product_hours h ON h.hour = p.hour
WHERE p.category IS NOT NULL
GROUP BY p.hour, p.category;

DROP TABLE product_hours;
