-- model: staging
-- dialect: redshift. The only dialect-specific model; staging/postgres.sql is its twin for jsonb. Reads the SUPER
--          payload of the streaming view with PartiQL navigation (keys are snake_case, so the default
--          case-insensitive navigation is safe).
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
SELECT LEFT(r.payload.message_id::VARCHAR, 128),
       LEFT(r.payload.source::VARCHAR, 128),
       LEFT(r.payload."type"::VARCHAR, 16),
       LEFT(r.payload.event::VARCHAR, 512),
       LEFT(r.payload.name::VARCHAR, 512),
       NULLIF(LEFT(r.payload.user_id::VARCHAR, 256), ''),
       NULLIF(LEFT(r.payload.anonymous_id::VARCHAR, 256), ''),
       LEFT(r.payload.group_id::VARCHAR, 256),
       LEFT(r.payload.previous_id::VARCHAR, 256),
       CAST(REPLACE(LEFT(r.payload."timestamp"::VARCHAR, 26), 'T', ' ') AS TIMESTAMP),
       CAST(REPLACE(LEFT(r.payload.received_at::VARCHAR, 26), 'T', ' ') AS TIMESTAMP),
       r.refresh_time,
       TRIM(r.shard_id) || ':' || r.sequence_number,
       LEFT(r.payload.page_url::VARCHAR, 2048),
       LEFT(r.payload.page_path::VARCHAR, 1024),
       LEFT(r.payload.page_referrer::VARCHAR, 2048),
       LEFT(r.payload.page_title::VARCHAR, 1024),
       LEFT(r.payload.ip::VARCHAR, 64),
       LEFT(r.payload.user_agent::VARCHAR, 1024),
       LEFT(r.payload.utm_source::VARCHAR, 256),
       LEFT(r.payload.utm_medium::VARCHAR, 256),
       LEFT(r.payload.utm_campaign::VARCHAR, 256),
       LEFT(r.payload.library_name::VARCHAR, 128),
       LEFT(r.payload.library_version::VARCHAR, 64),
       LEFT(COALESCE(r.payload.properties.product_id::VARCHAR, r.payload.properties.sku::VARCHAR), 256),
       LEFT(r.payload.properties.category::VARCHAR, 256),
       LEFT(r.payload.properties.brand::VARCHAR, 256),
       CASE WHEN IS_FLOAT(r.payload.properties.price) OR IS_INTEGER(r.payload.properties.price)
            THEN r.payload.properties.price::DOUBLE PRECISION END,
       CASE WHEN IS_FLOAT(r.payload.properties.revenue) OR IS_INTEGER(r.payload.properties.revenue)
            THEN r.payload.properties.revenue::DOUBLE PRECISION END,
       LEFT(r.payload.properties.order_id::VARCHAR, 256),
       LEFT(JSON_SERIALIZE(r.payload.properties), 65535),
       LEFT(JSON_SERIALIZE(r.payload.context), 65535),
       LEFT(JSON_SERIALIZE(r.payload.traits), 65535)
FROM clickstream.raw_events r
WHERE r.refresh_time > CAST(:watermark AS TIMESTAMP)
  AND r.refresh_time <= CAST(:run_upper AS TIMESTAMP)
  AND r.payload.kind::VARCHAR = 'event'
  AND r.payload.message_id::VARCHAR IS NOT NULL
  AND r.payload."timestamp"::VARCHAR ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}';

INSERT INTO clickstream.stg_order_items (message_id, arrival_seq, item_index, loaded_at, product_id, category, brand,
                                         price, quantity)
SELECT LEFT(r.payload.message_id::VARCHAR, 128),
       TRIM(r.shard_id) || ':' || r.sequence_number,
       idx + 1,
       r.refresh_time,
       LEFT(COALESCE(item.product_id::VARCHAR, item.sku::VARCHAR), 256),
       LEFT(item.category::VARCHAR, 256),
       LEFT(item.brand::VARCHAR, 256),
       CASE WHEN IS_FLOAT(item.price) OR IS_INTEGER(item.price) THEN item.price::DOUBLE PRECISION END,
       CASE WHEN IS_FLOAT(item.quantity) OR IS_INTEGER(item.quantity) THEN item.quantity::DOUBLE PRECISION ELSE 1 END
FROM clickstream.raw_events r, r.payload.properties.products AS item AT idx
WHERE r.refresh_time > CAST(:watermark AS TIMESTAMP)
  AND r.refresh_time <= CAST(:run_upper AS TIMESTAMP)
  AND r.payload.kind::VARCHAR = 'event'
  AND r.payload.event::VARCHAR = 'Order Completed'
  AND r.payload.message_id::VARCHAR IS NOT NULL
  AND IS_OBJECT(item);

INSERT INTO clickstream.rejected_events (source, reason, received_at, message_id, "raw", loaded_at)
SELECT LEFT(r.payload.source::VARCHAR, 128),
       LEFT(COALESCE(r.payload.reason::VARCHAR, CASE WHEN r.payload IS NULL THEN 'not_json' ELSE 'not_an_envelope' END), 64),
       CASE WHEN r.payload.received_at::VARCHAR ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T'
            THEN CAST(REPLACE(LEFT(r.payload.received_at::VARCHAR, 26), 'T', ' ') AS TIMESTAMP)
            ELSE r.approximate_arrival_timestamp END,
       LEFT(r.payload.message_id::VARCHAR, 128),
       LEFT(COALESCE(r.payload.raw::VARCHAR, FROM_VARBYTE(r.bad_payload, 'utf-8'), JSON_SERIALIZE(r.payload)), 65535),
       r.refresh_time
FROM clickstream.raw_events r
WHERE r.refresh_time > CAST(:watermark AS TIMESTAMP)
  AND r.refresh_time <= CAST(:run_upper AS TIMESTAMP)
  AND (r.payload IS NULL
       OR r.payload.kind::VARCHAR IS NULL OR r.payload.kind::VARCHAR <> 'event'
       OR r.payload.message_id::VARCHAR IS NULL
       OR r.payload."timestamp"::VARCHAR IS NULL
       OR NOT r.payload."timestamp"::VARCHAR ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}');
