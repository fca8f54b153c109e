-- model: events
-- grain: one row per unique message_id, across sources; the first arrival wins (earliest loaded_at, then shard and
--        sequence number). Segment scopes dedup the same way (messageId, not per source).
-- keys: message_id
-- depends on: staging
-- incremental: stg_events rows with loaded_at in (:watermark, :run_upper]; a message_id already in events is
--              skipped, so SDK retries and replays never add a second row. Cost grows with the new rows (the
--              anti-join probes an index on message_id locally; on Redshift, events is sorted on message_id).
-- late events: a late duplicate never replaces the first arrival; a late new event is inserted with its own
--              event_ts, and the identity, sessions and later models pick it up by loaded_at.
-- tables: clickstream.events, clickstream.order_items
CREATE TEMP TABLE new_events AS
SELECT s.*,
       ROW_NUMBER() OVER (PARTITION BY s.message_id ORDER BY s.loaded_at, s.arrival_seq) AS arrival_rank
FROM clickstream.stg_events s
WHERE s.loaded_at > CAST(:watermark AS TIMESTAMP)
  AND s.loaded_at <= CAST(:run_upper AS TIMESTAMP);

-- line items first, while "not yet in events" still tells which message ids this run adds
INSERT INTO clickstream.order_items (message_id, item_index, product_id, category, brand, price, quantity)
SELECT i.message_id, i.item_index, i.product_id, i.category, i.brand, i.price, i.quantity
FROM clickstream.stg_order_items i
JOIN new_events n ON n.message_id = i.message_id AND n.arrival_seq = i.arrival_seq AND n.arrival_rank = 1
WHERE NOT EXISTS (SELECT 1 FROM clickstream.events e WHERE e.message_id = n.message_id);

INSERT INTO clickstream.events (
    message_id, source, type, event, name, user_id, anonymous_id, user_key, group_id, previous_id,
    event_ts, received_at, loaded_at, page_url, page_path, page_referrer, page_title, ip, user_agent,
    utm_source, utm_medium, utm_campaign, library_name, library_version,
    product_id, product_category, brand, price, revenue, order_id, properties, context, traits)
SELECT n.message_id, n.source, n.type, n.event, n.name, n.user_id, n.anonymous_id,
       COALESCE(n.user_id, n.anonymous_id, n.message_id), n.group_id, n.previous_id,
       n.event_ts, n.received_at, n.loaded_at, n.page_url, n.page_path, n.page_referrer, n.page_title, n.ip,
       n.user_agent, n.utm_source, n.utm_medium, n.utm_campaign, n.library_name, n.library_version,
       n.product_id, n.product_category, n.brand, n.price, n.revenue, n.order_id, n.properties, n.context, n.traits
FROM new_events n
WHERE n.arrival_rank = 1
  AND NOT EXISTS (SELECT 1 FROM clickstream.events e WHERE e.message_id = n.message_id);

DROP TABLE new_events;
