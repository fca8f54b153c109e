-- model: staging
-- dialect: postgres. The only dialect-specific model; staging/redshift.sql is its twin for SUPER.
-- grain: stg_events: one row per raw record of kind 'event' (duplicates kept, the events model removes them);
--        rejected_events: one row per rejection record, and per record that was not JSON.
-- keys: none enforced; arrival_seq (shard_id:sequence_number) identifies a raw record.
-- depends on: clickstream.raw_events
-- incremental: raw rows with refresh_time in (:watermark, :run_upper]. A refresh commits atomically with one
--              refresh_time, so a run never reads half of one.
-- late events: copied whenever they arrive; event_ts keeps the skew-corrected event time and downstream models
--              decide what a late event changes.
-- tables: clickstream.stg_events, clickstream.stg_order_items, clickstream.rejected_events
INSERT INTO clickstream.stg_events (
    message_id, source, type, event, name, user_id, anonymous_id, group_id, previous_id,
    event_ts, received_at, loaded_at, arrival_seq,
    page_url, page_path, page_referrer, page_title, ip, user_agent, utm_source, utm_medium, utm_campaign,
    library_name, library_version, product_id, product_category, brand, price, revenue, order_id,
    properties, context, traits)
SELECT LEFT(r.payload->>'message_id', 128),
       LEFT(r.payload->>'source', 128),
       LEFT(r.payload->>'type', 16),
       LEFT(r.payload->>'event', 512),
       LEFT(r.payload->>'name', 512),
       NULLIF(LEFT(r.payload->>'user_id', 256), ''),
       NULLIF(LEFT(r.payload->>'anonymous_id', 256), ''),
       LEFT(r.payload->>'group_id', 256),
       LEFT(r.payload->>'previous_id', 256),
       CAST(r.payload->>'timestamp' AS TIMESTAMP),
       CAST(r.payload->>'received_at' AS TIMESTAMP),
       r.refresh_time,
       TRIM(r.shard_id) || ':' || r.sequence_number,
       LEFT(r.payload->>'page_url', 2048),
       LEFT(r.payload->>'page_path', 1024),
       LEFT(r.payload->>'page_referrer', 2048),
       LEFT(r.payload->>'page_title', 1024),
       LEFT(r.payload->>'ip', 64),
       LEFT(r.payload->>'user_agent', 1024),
       LEFT(r.payload->>'utm_source', 256),
       LEFT(r.payload->>'utm_medium', 256),
       LEFT(r.payload->>'utm_campaign', 256),
       LEFT(r.payload->>'library_name', 128),
       LEFT(r.payload->>'library_version', 64),
       LEFT(COALESCE(r.payload->'properties'->>'product_id', r.payload->'properties'->>'sku'), 256),
       LEFT(r.payload->'properties'->>'category', 256),
       LEFT(r.payload->'properties'->>'brand', 256),
       CASE WHEN jsonb_typeof(r.payload->'properties'->'price') = 'number'
            THEN CAST(r.payload->'properties'->>'price' AS DOUBLE PRECISION) END,
       CASE WHEN jsonb_typeof(r.payload->'properties'->'revenue') = 'number'
            THEN CAST(r.payload->'properties'->>'revenue' AS DOUBLE PRECISION) END,
       LEFT(r.payload->'properties'->>'order_id', 256),
       LEFT(NULLIF(CAST(r.payload->'properties' AS TEXT), 'null'), 65535),
       LEFT(NULLIF(CAST(r.payload->'context' AS TEXT), 'null'), 65535),
       LEFT(NULLIF(CAST(r.payload->'traits' AS TEXT), 'null'), 65535)
FROM clickstream.raw_events r
WHERE r.refresh_time > CAST(:watermark AS TIMESTAMP)
  AND r.refresh_time <= CAST(:run_upper AS TIMESTAMP)
  AND r.payload->>'kind' = 'event'
  AND r.payload->>'message_id' IS NOT NULL
  AND r.payload->>'timestamp' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}';

INSERT INTO clickstream.stg_order_items (message_id, arrival_seq, item_index, loaded_at, product_id, category, brand,
                                         price, quantity)
SELECT LEFT(r.payload->>'message_id', 128),
       TRIM(r.shard_id) || ':' || r.sequence_number,
       CAST(i.ordinality AS INTEGER),
       r.refresh_time,
       LEFT(COALESCE(i.item->>'product_id', i.item->>'sku'), 256),
       LEFT(i.item->>'category', 256),
       LEFT(i.item->>'brand', 256),
       CASE WHEN jsonb_typeof(i.item->'price') = 'number' THEN CAST(i.item->>'price' AS DOUBLE PRECISION) END,
       CASE WHEN jsonb_typeof(i.item->'quantity') = 'number' THEN CAST(i.item->>'quantity' AS DOUBLE PRECISION) ELSE 1 END
FROM clickstream.raw_events r,
     jsonb_array_elements(CASE WHEN jsonb_typeof(r.payload->'properties'->'products') = 'array'
                               THEN r.payload->'properties'->'products' ELSE CAST('[]' AS JSONB) END)
         WITH ORDINALITY AS i(item, ordinality)
WHERE r.refresh_time > CAST(:watermark AS TIMESTAMP)
  AND r.refresh_time <= CAST(:run_upper AS TIMESTAMP)
  AND r.payload->>'kind' = 'event'
  AND r.payload->>'event' = 'Order Completed'
  AND r.payload->>'message_id' IS NOT NULL
  AND jsonb_typeof(i.item) = 'object';

INSERT INTO clickstream.rejected_events (source, reason, received_at, message_id, "raw", loaded_at)
SELECT LEFT(r.payload->>'source', 128),
       LEFT(COALESCE(r.payload->>'reason', CASE WHEN r.payload IS NULL THEN 'not_json' ELSE 'not_an_envelope' END), 64),
       CASE WHEN r.payload->>'received_at' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T'
            THEN CAST(r.payload->>'received_at' AS TIMESTAMP) ELSE r.approximate_arrival_timestamp END,
       LEFT(r.payload->>'message_id', 128),
       LEFT(COALESCE(r.payload->>'raw', r.bad_payload, CAST(r.payload AS TEXT)), 65535),
       r.refresh_time
FROM clickstream.raw_events r
WHERE r.refresh_time > CAST(:watermark AS TIMESTAMP)
  AND r.refresh_time <= CAST(:run_upper AS TIMESTAMP)
  AND (r.payload IS NULL
       OR r.payload->>'kind' IS NULL OR r.payload->>'kind' <> 'event'
       OR r.payload->>'message_id' IS NULL
       OR r.payload->>'timestamp' IS NULL
       OR NOT r.payload->>'timestamp' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}');
