-- model: cart_abandonment
-- grain: one row per Product Added event that no Order Completed of the same user_key follows within
--        :cart_window_seconds (default 3,600), including users who simply leave. abandoned_at = added_at + window.
-- keys: (source, message_id) of the Product Added
-- depends on: sessions
-- incremental: the event clock is the latest event_ts loaded up to :run_upper (the previous clock: up to
--              :watermark). Adds from one window before the earliest of (new events, re-stitched events, the previous
--              clock) are deleted and decided again. That bound is a binding (computed before the transaction), so
--              the scan is an index range (PostgreSQL) or a zone-map skip (Redshift). Cost grows with that recent
--              slice, not with history.
-- late events: an add is decided only once the event clock passes added_at + window, so an order that arrives late
--              but happened inside the window cancels the abandonment at the next run. Keyed per user_key: another
--              user's order never completes or cancels it.
-- tables: clickstream.cart_abandonment

-- bind: cart_from_ts
-- adds from one window before the earliest of (new events, re-stitched events, the previous clock) are decided again
SELECT COALESCE(MIN(x.ts), CAST('1970-01-01 00:00:00' AS TIMESTAMP))
       - CAST(:cart_window_seconds AS DOUBLE PRECISION) * INTERVAL '1 second'
FROM (SELECT e.event_ts AS ts FROM clickstream.events e
      WHERE e.loaded_at > CAST(:watermark AS TIMESTAMP) AND e.loaded_at <= CAST(:run_upper AS TIMESTAMP)
      UNION ALL
      SELECT c.min_event_ts FROM clickstream.stitch_changes c
      WHERE c.run_upper > CAST(:watermark AS TIMESTAMP) AND c.run_upper <= CAST(:run_upper AS TIMESTAMP)
      UNION ALL
      SELECT MAX(e.event_ts) FROM clickstream.events e WHERE e.loaded_at <= CAST(:watermark AS TIMESTAMP)) x;

CREATE TEMP TABLE cart_clock AS
SELECT MAX(e.event_ts) AS clock FROM clickstream.events e WHERE e.loaded_at <= CAST(:run_upper AS TIMESTAMP);

DELETE FROM clickstream.cart_abandonment
WHERE clickstream.cart_abandonment.added_at >= CAST(:cart_from_ts AS TIMESTAMP);

INSERT INTO clickstream.cart_abandonment (user_key, session_id, product_id, added_at, value, abandoned_at, message_id,
                                          source)
SELECT a.user_key, s.session_id, a.product_id, a.event_ts, a.price,
       a.event_ts + CAST(:cart_window_seconds AS DOUBLE PRECISION) * INTERVAL '1 second', a.message_id, a.source
FROM clickstream.events a
CROSS JOIN cart_clock f
LEFT JOIN clickstream.sessions s
  ON s.session_key = COALESCE(a.anonymous_id, a.user_id) AND a.event_ts >= s.session_start AND a.event_ts <= s.session_end
WHERE a.type = 'track' AND a.event = 'Product Added'
  AND a.event_ts >= CAST(:cart_from_ts AS TIMESTAMP) AND a.loaded_at <= CAST(:run_upper AS TIMESTAMP)
  AND a.event_ts + CAST(:cart_window_seconds AS DOUBLE PRECISION) * INTERVAL '1 second' <= f.clock
  AND NOT EXISTS (SELECT 1 FROM clickstream.events o
                  WHERE o.user_key = a.user_key AND o.type = 'track' AND o.event = 'Order Completed'
                    AND o.event_ts >= a.event_ts
                    AND o.event_ts <= a.event_ts + CAST(:cart_window_seconds AS DOUBLE PRECISION) * INTERVAL '1 second'
                    AND o.loaded_at <= CAST(:run_upper AS TIMESTAMP));

DROP TABLE cart_clock;
