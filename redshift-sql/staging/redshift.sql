-- model: staging
-- dialect: redshift. The only dialect-specific model; staging/postgres.sql is its twin for jsonb. Reads the SUPER
--          payload of the streaming view with PartiQL navigation (keys are snake_case, so the default
--          case-insensitive navigation is safe; a key that is a Redshift reserved word, "timestamp" and "raw", is
--          quoted, or it does not parse). Both twins type values with the same guards, so no value can fail
--          the staging transaction: a timestamp must be an ISO-8601 UTC time on a real date (years 1000-9999; up to
--          nine fraction digits, of which REGEXP_SUBSTR keeps six: TIMESTAMP holds microseconds), a number must be a
--          number within ±1e15, JSON columns hold objects of at most 65,535 bytes, and every text value is cut to its
--          column's width in bytes on a character boundary. The statements marked "shared" are identical in both
--          twins (TestStagingTwins checks), so the PostgreSQL suite proves the byte-safe cut that VARCHAR(n) needs.
--          A SUPER number counts when IS_DECIMAL or IS_FLOAT (JSON_PARSE makes 19.99 a DECIMAL; IS_INTEGER stops
--          at 32 bits); JSON_SERIALIZE runs only under a JSON_SIZE bound and returns 'null' for a JSON null, so it
--          is wrapped in NULLIF. A record that is not JSON keeps its first 49,146 bytes base64-encoded in raw
--          ("base64:..."): it may not be UTF-8, and FROM_VARBYTE would have to decode it.
--          Text columns take JSON strings only (IS_VARCHAR): ::VARCHAR of an object or an array is NULL
--          (limitations-super.html) and the docs do not say what it makes of a number or a boolean, so anything but a
--          string is NULL here and in the twin (product_id, sku and order_id also take a number, as its JSON text).
--          Every text value loses its trailing blanks (RTRIM, after the cut): Redshift compares VARCHAR ignoring
--          them (r_Character_types.html) and PostgreSQL does not: untrimmed, 'x' and 'x ' would be one id here and
--          two in the twin.
-- grain: stg_events: one row per raw record of kind 'event' with a message_id and a valid timestamp (duplicates
--        kept, the events model removes them); stg_order_items: one row per line item of such an Order Completed;
--        rejected_events: one row per other record (rejection records, records that are not JSON or not events).
-- keys: none enforced; arrival_seq (shard_id:sequence_number) identifies a raw record.
-- depends on: clickstream.raw_events
-- incremental: raw rows with refresh_time in (:watermark, :run_upper]. A refresh commits atomically with one
--              refresh_time, so a run never reads half of one.
-- late events: copied whenever they arrive; event_ts keeps the skew-corrected event time and downstream models
--              decide what a late event changes.
-- load warnings: what staging changed, each code followed by a comma in load_warnings ('' when nothing; the events
--              model trims it): <field>:invalid_number (not a number, or beyond ±1e15; stored as NULL),
--              received_at:invalid_timestamp (NULL), <properties|context|traits>:too_large or :not_an_object (NULL),
--              text_truncated (a text value was cut to its column).
-- tables: clickstream.stg_events, clickstream.stg_order_items, clickstream.rejected_events

-- one row per raw record of the run: whether it is an event (kind 'event', a message_id, a valid timestamp) and, for
-- every other record (a rejection), what rejected_events keeps of it. Statements read raw_events alone, never joined
-- to a large table: a new refresh lies beyond the table's statistics, where a join would plan as a nested loop.
CREATE TEMP TABLE staged_records AS
SELECT t.arrival_seq, t.refresh_time, t.approximate_arrival_timestamp, t.is_event,
       -- only a rejection keeps received_at here (the events insert types its own)
       CASE WHEN t.is_event = 0 AND t.received ~ '^([1-9][0-9]{3}-(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|[1-9][0-9]{3}-(0[469]|11)-(0[1-9]|[12][0-9]|30)|[1-9][0-9]{3}-02-(0[1-9]|1[0-9]|2[0-8])|([1-9][0-9](0[48]|[2468][048]|[13579][26])|([2468][048]|[13579][26])00)-02-29)T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,9})?Z?$'
            THEN CAST(REPLACE(REPLACE(REGEXP_SUBSTR(t.received, '^[0-9T:-]+([.][0-9]{1,6})?'), 'T', ' '), 'Z', '') AS TIMESTAMP) END AS received_at,
       CASE WHEN t.is_event = 0 AND IS_VARCHAR(t.payload.source) THEN t.payload.source::VARCHAR(65535) END AS source,
       CASE WHEN t.is_event = 0 THEN COALESCE(CASE WHEN IS_VARCHAR(t.payload.reason) THEN t.payload.reason::VARCHAR(65535) END,
                                             CASE WHEN t.payload IS NULL THEN 'not_json' ELSE 'not_an_envelope' END)
       END AS reason,
       CASE WHEN t.is_event = 0 THEN t.message_id END AS message_id,
       CASE WHEN t.is_event = 0 THEN COALESCE(CASE WHEN IS_VARCHAR(t.payload."raw") THEN t.payload."raw"::VARCHAR(65535) END,
                                             'base64:' || FROM_VARBYTE(SUBSTRING(t.bad_payload, 1, 49146), 'base64'),
                                             CASE WHEN JSON_SIZE(t.payload) <= 65535 THEN NULLIF(JSON_SERIALIZE(t.payload), 'null')
                                                  ELSE 'too_large:' || CAST(JSON_SIZE(t.payload) AS VARCHAR(16)) || ' bytes' END)
       END AS raw_text
FROM (SELECT u.*, CASE WHEN u.kind = 'event' AND u.message_id IS NOT NULL AND u.timestamp_ok = 1 THEN 1 ELSE 0 END AS is_event
      FROM (SELECT TRIM(r.shard_id) || ':' || r.sequence_number AS arrival_seq, r.refresh_time,
                   r.approximate_arrival_timestamp, r.payload, r.bad_payload,
                   r.payload.kind::VARCHAR(65535) AS kind,
                   CASE WHEN IS_VARCHAR(r.payload.message_id) THEN r.payload.message_id::VARCHAR(65535) END AS message_id,
                   r.payload.received_at::VARCHAR(65535) AS received,
                   CASE WHEN r.payload."timestamp"::VARCHAR(65535) ~ '^([1-9][0-9]{3}-(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|[1-9][0-9]{3}-(0[469]|11)-(0[1-9]|[12][0-9]|30)|[1-9][0-9]{3}-02-(0[1-9]|1[0-9]|2[0-8])|([1-9][0-9](0[48]|[2468][048]|[13579][26])|([2468][048]|[13579][26])00)-02-29)T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,9})?Z?$'
                        THEN 1 ELSE 0 END AS timestamp_ok
            FROM clickstream.raw_events r
            WHERE r.refresh_time > CAST(:watermark AS TIMESTAMP)
              AND r.refresh_time <= CAST(:run_upper AS TIMESTAMP)) u) t;

-- the line items (properties.products[]) of the run's Order Completed events, with their price and quantity typed
-- (a missing quantity is 1)
CREATE TEMP TABLE staged_items AS
SELECT t.arrival_seq, t.item_index, t.refresh_time, t.message_id, t.product_id, t.category, t.brand, t.price,
       t.quantity,
       CASE WHEN t.price_present = 1 AND t.price IS NULL THEN 'price:invalid_number,' ELSE '' END
           || CASE WHEN t.quantity_present = 1 AND t.quantity IS NULL THEN 'quantity:invalid_number,' ELSE '' END
           AS warnings
FROM (SELECT TRIM(r.shard_id) || ':' || r.sequence_number AS arrival_seq, idx + 1 AS item_index, r.refresh_time,
             CASE WHEN IS_VARCHAR(r.payload.message_id) THEN r.payload.message_id::VARCHAR(65535) END AS message_id,
             COALESCE(CASE WHEN IS_VARCHAR(item.product_id) THEN item.product_id::VARCHAR(65535)
                           WHEN IS_DECIMAL(item.product_id) OR IS_FLOAT(item.product_id) THEN NULLIF(JSON_SERIALIZE(item.product_id), 'null') END,
                      CASE WHEN IS_VARCHAR(item.sku) THEN item.sku::VARCHAR(65535)
                           WHEN IS_DECIMAL(item.sku) OR IS_FLOAT(item.sku) THEN NULLIF(JSON_SERIALIZE(item.sku), 'null') END) AS product_id,
             CASE WHEN IS_VARCHAR(item.category) THEN item.category::VARCHAR(65535) END AS category,
             CASE WHEN IS_VARCHAR(item.brand) THEN item.brand::VARCHAR(65535) END AS brand,
             CASE WHEN IS_DECIMAL(item.price) OR IS_FLOAT(item.price) THEN
                  CASE WHEN ABS(item.price::DOUBLE PRECISION) <= 1e15 THEN item.price::DOUBLE PRECISION END
             END AS price,
             CASE WHEN item.price IS NULL THEN 0 WHEN JSON_TYPEOF(item.price) = 'null' THEN 0 ELSE 1 END AS price_present,
             CASE WHEN item.quantity IS NULL THEN 1
                  WHEN JSON_TYPEOF(item.quantity) = 'null' THEN 1
                  WHEN IS_DECIMAL(item.quantity) OR IS_FLOAT(item.quantity) THEN
                  CASE WHEN ABS(item.quantity::DOUBLE PRECISION) <= 1e15 THEN item.quantity::DOUBLE PRECISION END
             END AS quantity,
             CASE WHEN item.quantity IS NULL THEN 0 WHEN JSON_TYPEOF(item.quantity) = 'null' THEN 0 ELSE 1 END
                 AS quantity_present
      FROM clickstream.raw_events r, r.payload.properties.products AS item AT idx
      WHERE r.refresh_time > CAST(:watermark AS TIMESTAMP)
        AND r.refresh_time <= CAST(:run_upper AS TIMESTAMP)
        AND r.payload.kind::VARCHAR(65535) = 'event'
        AND r.payload.event::VARCHAR(65535) = 'Order Completed'
        AND IS_VARCHAR(r.payload.message_id)
        AND IS_OBJECT(item)) t;

-- byte-safe cut, step 1: the events of the run with a text value longer than its column in bytes (the widths of the
-- list below), found in one pass over the run's records
CREATE TEMP TABLE long_records AS
SELECT TRIM(r.shard_id) || ':' || r.sequence_number AS arrival_seq, r.payload
FROM clickstream.raw_events r
WHERE r.refresh_time > CAST(:watermark AS TIMESTAMP)
  AND r.refresh_time <= CAST(:run_upper AS TIMESTAMP)
  AND r.payload.kind::VARCHAR(65535) = 'event'
  AND (OCTET_LENGTH(r.payload.message_id::VARCHAR(65535)) > 128
       OR OCTET_LENGTH(r.payload.source::VARCHAR(65535)) > 128
       OR OCTET_LENGTH(r.payload."type"::VARCHAR(65535)) > 16
       OR OCTET_LENGTH(r.payload.event::VARCHAR(65535)) > 512
       OR OCTET_LENGTH(r.payload.name::VARCHAR(65535)) > 512
       OR OCTET_LENGTH(r.payload.user_id::VARCHAR(65535)) > 256
       OR OCTET_LENGTH(r.payload.anonymous_id::VARCHAR(65535)) > 256
       OR OCTET_LENGTH(r.payload.group_id::VARCHAR(65535)) > 256
       OR OCTET_LENGTH(r.payload.previous_id::VARCHAR(65535)) > 256
       OR OCTET_LENGTH(r.payload.page_url::VARCHAR(65535)) > 2048
       OR OCTET_LENGTH(r.payload.page_path::VARCHAR(65535)) > 1024
       OR OCTET_LENGTH(r.payload.page_referrer::VARCHAR(65535)) > 2048
       OR OCTET_LENGTH(r.payload.page_title::VARCHAR(65535)) > 1024
       OR OCTET_LENGTH(r.payload.ip::VARCHAR(65535)) > 64
       OR OCTET_LENGTH(r.payload.request_ip::VARCHAR(65535)) > 64
       OR OCTET_LENGTH(r.payload.user_agent::VARCHAR(65535)) > 1024
       OR OCTET_LENGTH(r.payload.utm_source::VARCHAR(65535)) > 256
       OR OCTET_LENGTH(r.payload.utm_medium::VARCHAR(65535)) > 256
       OR OCTET_LENGTH(r.payload.utm_campaign::VARCHAR(65535)) > 256
       OR OCTET_LENGTH(r.payload.library_name::VARCHAR(65535)) > 128
       OR OCTET_LENGTH(r.payload.library_version::VARCHAR(65535)) > 64
       -- a number's text is short: only a string product_id, sku or order_id can be long
       OR OCTET_LENGTH(r.payload.properties.product_id::VARCHAR(65535)) > 256
       OR OCTET_LENGTH(r.payload.properties.sku::VARCHAR(65535)) > 256
       OR OCTET_LENGTH(r.payload.properties.category::VARCHAR(65535)) > 256
       OR OCTET_LENGTH(r.payload.properties.brand::VARCHAR(65535)) > 256
       OR OCTET_LENGTH(r.payload.properties.order_id::VARCHAR(65535)) > 256);

-- byte-safe cut, step 2: every text value of the run that is longer than its column in bytes, with the column's
-- width (item_index 0: an event's values; above 0: a line item's), and every value of a rejected record (item_index
-- -1: they are few, and their raw text is long). Cut to the width in characters first: the answer is never longer.
CREATE TEMP TABLE long_strings AS
SELECT v.arrival_seq, v.item_index, v.field, v.width, LEFT(v.value, v.width) AS value, 0 AS k
FROM (SELECT r.arrival_seq, 0 AS item_index, w.field, w.width,
             CASE w.field
                 WHEN 'message_id' THEN CASE WHEN IS_VARCHAR(r.payload.message_id) THEN r.payload.message_id::VARCHAR(65535) END
                 WHEN 'source' THEN CASE WHEN IS_VARCHAR(r.payload.source) THEN r.payload.source::VARCHAR(65535) END
                 WHEN 'type' THEN CASE WHEN IS_VARCHAR(r.payload."type") THEN r.payload."type"::VARCHAR(65535) END
                 WHEN 'event' THEN CASE WHEN IS_VARCHAR(r.payload.event) THEN r.payload.event::VARCHAR(65535) END
                 WHEN 'name' THEN CASE WHEN IS_VARCHAR(r.payload.name) THEN r.payload.name::VARCHAR(65535) END
                 WHEN 'user_id' THEN CASE WHEN IS_VARCHAR(r.payload.user_id) THEN r.payload.user_id::VARCHAR(65535) END
                 WHEN 'anonymous_id' THEN CASE WHEN IS_VARCHAR(r.payload.anonymous_id) THEN r.payload.anonymous_id::VARCHAR(65535) END
                 WHEN 'group_id' THEN CASE WHEN IS_VARCHAR(r.payload.group_id) THEN r.payload.group_id::VARCHAR(65535) END
                 WHEN 'previous_id' THEN CASE WHEN IS_VARCHAR(r.payload.previous_id) THEN r.payload.previous_id::VARCHAR(65535) END
                 WHEN 'page_url' THEN CASE WHEN IS_VARCHAR(r.payload.page_url) THEN r.payload.page_url::VARCHAR(65535) END
                 WHEN 'page_path' THEN CASE WHEN IS_VARCHAR(r.payload.page_path) THEN r.payload.page_path::VARCHAR(65535) END
                 WHEN 'page_referrer' THEN CASE WHEN IS_VARCHAR(r.payload.page_referrer) THEN r.payload.page_referrer::VARCHAR(65535) END
                 WHEN 'page_title' THEN CASE WHEN IS_VARCHAR(r.payload.page_title) THEN r.payload.page_title::VARCHAR(65535) END
                 WHEN 'ip' THEN CASE WHEN IS_VARCHAR(r.payload.ip) THEN r.payload.ip::VARCHAR(65535) END
                 WHEN 'request_ip' THEN CASE WHEN IS_VARCHAR(r.payload.request_ip) THEN r.payload.request_ip::VARCHAR(65535) END
                 WHEN 'user_agent' THEN CASE WHEN IS_VARCHAR(r.payload.user_agent) THEN r.payload.user_agent::VARCHAR(65535) END
                 WHEN 'utm_source' THEN CASE WHEN IS_VARCHAR(r.payload.utm_source) THEN r.payload.utm_source::VARCHAR(65535) END
                 WHEN 'utm_medium' THEN CASE WHEN IS_VARCHAR(r.payload.utm_medium) THEN r.payload.utm_medium::VARCHAR(65535) END
                 WHEN 'utm_campaign' THEN CASE WHEN IS_VARCHAR(r.payload.utm_campaign) THEN r.payload.utm_campaign::VARCHAR(65535) END
                 WHEN 'library_name' THEN CASE WHEN IS_VARCHAR(r.payload.library_name) THEN r.payload.library_name::VARCHAR(65535) END
                 WHEN 'library_version' THEN CASE WHEN IS_VARCHAR(r.payload.library_version) THEN r.payload.library_version::VARCHAR(65535) END
                 WHEN 'product_id' THEN COALESCE(CASE WHEN IS_VARCHAR(r.payload.properties.product_id) THEN r.payload.properties.product_id::VARCHAR(65535)
                                                     WHEN IS_DECIMAL(r.payload.properties.product_id) OR IS_FLOAT(r.payload.properties.product_id) THEN NULLIF(JSON_SERIALIZE(r.payload.properties.product_id), 'null') END,
                                                 CASE WHEN IS_VARCHAR(r.payload.properties.sku) THEN r.payload.properties.sku::VARCHAR(65535)
                                                     WHEN IS_DECIMAL(r.payload.properties.sku) OR IS_FLOAT(r.payload.properties.sku) THEN NULLIF(JSON_SERIALIZE(r.payload.properties.sku), 'null') END)
                 WHEN 'product_category' THEN CASE WHEN IS_VARCHAR(r.payload.properties.category) THEN r.payload.properties.category::VARCHAR(65535) END
                 WHEN 'brand' THEN CASE WHEN IS_VARCHAR(r.payload.properties.brand) THEN r.payload.properties.brand::VARCHAR(65535) END
                 WHEN 'order_id' THEN CASE WHEN IS_VARCHAR(r.payload.properties.order_id) THEN r.payload.properties.order_id::VARCHAR(65535)
                                           WHEN IS_DECIMAL(r.payload.properties.order_id) OR IS_FLOAT(r.payload.properties.order_id) THEN NULLIF(JSON_SERIALIZE(r.payload.properties.order_id), 'null') END
             END AS value
      FROM long_records r
      CROSS JOIN (SELECT 'message_id' AS field, 128 AS width
                  UNION ALL SELECT 'source', 128
                  UNION ALL SELECT 'type', 16
                  UNION ALL SELECT 'event', 512
                  UNION ALL SELECT 'name', 512
                  UNION ALL SELECT 'user_id', 256
                  UNION ALL SELECT 'anonymous_id', 256
                  UNION ALL SELECT 'group_id', 256
                  UNION ALL SELECT 'previous_id', 256
                  UNION ALL SELECT 'page_url', 2048
                  UNION ALL SELECT 'page_path', 1024
                  UNION ALL SELECT 'page_referrer', 2048
                  UNION ALL SELECT 'page_title', 1024
                  UNION ALL SELECT 'ip', 64
                  UNION ALL SELECT 'request_ip', 64
                  UNION ALL SELECT 'user_agent', 1024
                  UNION ALL SELECT 'utm_source', 256
                  UNION ALL SELECT 'utm_medium', 256
                  UNION ALL SELECT 'utm_campaign', 256
                  UNION ALL SELECT 'library_name', 128
                  UNION ALL SELECT 'library_version', 64
                  UNION ALL SELECT 'product_id', 256
                  UNION ALL SELECT 'product_category', 256
                  UNION ALL SELECT 'brand', 256
                  UNION ALL SELECT 'order_id', 256) w
      UNION ALL
      SELECT i.arrival_seq, i.item_index, w.field, w.width,
             CASE w.field
                 WHEN 'message_id' THEN i.message_id
                 WHEN 'product_id' THEN i.product_id
                 WHEN 'category' THEN i.category
                 WHEN 'brand' THEN i.brand
             END
      FROM staged_items i
      CROSS JOIN (SELECT 'message_id' AS field, 128 AS width
                  UNION ALL SELECT 'product_id', 256
                  UNION ALL SELECT 'category', 256
                  UNION ALL SELECT 'brand', 256) w
      UNION ALL
      SELECT s.arrival_seq, -1, w.field, w.width,
             CASE w.field
                 WHEN 'source' THEN s.source
                 WHEN 'reason' THEN s.reason
                 WHEN 'message_id' THEN s.message_id
                 WHEN 'raw' THEN s.raw_text
             END
      FROM staged_records s
      CROSS JOIN (SELECT 'source' AS field, 128 AS width
                  UNION ALL SELECT 'reason', 64
                  UNION ALL SELECT 'message_id', 128
                  UNION ALL SELECT 'raw', 65535) w
      WHERE s.is_event = 0) v
WHERE OCTET_LENGTH(v.value) > v.width OR v.item_index = -1;

-- byte-safe cut, step 3 (shared): k becomes the most characters of value whose bytes fit width, by a binary search
-- of 16 halvings (a value has at most 65,535 characters). LEFT counts characters and OCTET_LENGTH bytes on both
-- engines, so each step means the same on Redshift.
UPDATE long_strings SET k = k + 32768 WHERE OCTET_LENGTH(LEFT(value, k + 32768)) <= width;
UPDATE long_strings SET k = k + 16384 WHERE OCTET_LENGTH(LEFT(value, k + 16384)) <= width;
UPDATE long_strings SET k = k + 8192 WHERE OCTET_LENGTH(LEFT(value, k + 8192)) <= width;
UPDATE long_strings SET k = k + 4096 WHERE OCTET_LENGTH(LEFT(value, k + 4096)) <= width;
UPDATE long_strings SET k = k + 2048 WHERE OCTET_LENGTH(LEFT(value, k + 2048)) <= width;
UPDATE long_strings SET k = k + 1024 WHERE OCTET_LENGTH(LEFT(value, k + 1024)) <= width;
UPDATE long_strings SET k = k + 512 WHERE OCTET_LENGTH(LEFT(value, k + 512)) <= width;
UPDATE long_strings SET k = k + 256 WHERE OCTET_LENGTH(LEFT(value, k + 256)) <= width;
UPDATE long_strings SET k = k + 128 WHERE OCTET_LENGTH(LEFT(value, k + 128)) <= width;
UPDATE long_strings SET k = k + 64 WHERE OCTET_LENGTH(LEFT(value, k + 64)) <= width;
UPDATE long_strings SET k = k + 32 WHERE OCTET_LENGTH(LEFT(value, k + 32)) <= width;
UPDATE long_strings SET k = k + 16 WHERE OCTET_LENGTH(LEFT(value, k + 16)) <= width;
UPDATE long_strings SET k = k + 8 WHERE OCTET_LENGTH(LEFT(value, k + 8)) <= width;
UPDATE long_strings SET k = k + 4 WHERE OCTET_LENGTH(LEFT(value, k + 4)) <= width;
UPDATE long_strings SET k = k + 2 WHERE OCTET_LENGTH(LEFT(value, k + 2)) <= width;
UPDATE long_strings SET k = k + 1 WHERE OCTET_LENGTH(LEFT(value, k + 1)) <= width;

-- the events: every text value from the cut when it was too long (COALESCE(c.<column>, ...)), else as it is; the
-- timestamps and numbers typed where their guards hold, NULL and a load warning where not
INSERT INTO clickstream.stg_events (
    message_id, source, type, event, name, user_id, anonymous_id, group_id, previous_id,
    event_ts, received_at, loaded_at, arrival_seq,
    page_url, page_path, page_referrer, page_title, ip, request_ip, user_agent, utm_source, utm_medium, utm_campaign,
    library_name, library_version, product_id, product_category, brand, price, revenue, order_id,
    properties, context, traits, load_warnings)
SELECT RTRIM(COALESCE(c.message_id, CASE WHEN IS_VARCHAR(r.payload.message_id) THEN r.payload.message_id::VARCHAR(65535) END)),
       RTRIM(COALESCE(c.source, CASE WHEN IS_VARCHAR(r.payload.source) THEN r.payload.source::VARCHAR(65535) END)),
       RTRIM(COALESCE(c.type, CASE WHEN IS_VARCHAR(r.payload."type") THEN r.payload."type"::VARCHAR(65535) END)),
       RTRIM(COALESCE(c.event, CASE WHEN IS_VARCHAR(r.payload.event) THEN r.payload.event::VARCHAR(65535) END)),
       RTRIM(COALESCE(c.name, CASE WHEN IS_VARCHAR(r.payload.name) THEN r.payload.name::VARCHAR(65535) END)),
       NULLIF(RTRIM(COALESCE(c.user_id, CASE WHEN IS_VARCHAR(r.payload.user_id) THEN r.payload.user_id::VARCHAR(65535) END)), ''),
       NULLIF(RTRIM(COALESCE(c.anonymous_id, CASE WHEN IS_VARCHAR(r.payload.anonymous_id) THEN r.payload.anonymous_id::VARCHAR(65535) END)), ''),
       RTRIM(COALESCE(c.group_id, CASE WHEN IS_VARCHAR(r.payload.group_id) THEN r.payload.group_id::VARCHAR(65535) END)),
       RTRIM(COALESCE(c.previous_id, CASE WHEN IS_VARCHAR(r.payload.previous_id) THEN r.payload.previous_id::VARCHAR(65535) END)),
       CASE WHEN r.timestamp_ok = 1 THEN CAST(REPLACE(REPLACE(REGEXP_SUBSTR(r.payload."timestamp"::VARCHAR(65535), '^[0-9T:-]+([.][0-9]{1,6})?'), 'T', ' '), 'Z', '') AS TIMESTAMP) END,
       CASE WHEN r.received_ok = 1 THEN CAST(REPLACE(REPLACE(REGEXP_SUBSTR(r.payload.received_at::VARCHAR(65535), '^[0-9T:-]+([.][0-9]{1,6})?'), 'T', ' '), 'Z', '') AS TIMESTAMP) END,
       r.refresh_time,
       r.arrival_seq,
       RTRIM(COALESCE(c.page_url, CASE WHEN IS_VARCHAR(r.payload.page_url) THEN r.payload.page_url::VARCHAR(65535) END)),
       RTRIM(COALESCE(c.page_path, CASE WHEN IS_VARCHAR(r.payload.page_path) THEN r.payload.page_path::VARCHAR(65535) END)),
       RTRIM(COALESCE(c.page_referrer, CASE WHEN IS_VARCHAR(r.payload.page_referrer) THEN r.payload.page_referrer::VARCHAR(65535) END)),
       RTRIM(COALESCE(c.page_title, CASE WHEN IS_VARCHAR(r.payload.page_title) THEN r.payload.page_title::VARCHAR(65535) END)),
       RTRIM(COALESCE(c.ip, CASE WHEN IS_VARCHAR(r.payload.ip) THEN r.payload.ip::VARCHAR(65535) END)),
       RTRIM(COALESCE(c.request_ip, CASE WHEN IS_VARCHAR(r.payload.request_ip) THEN r.payload.request_ip::VARCHAR(65535) END)),
       RTRIM(COALESCE(c.user_agent, CASE WHEN IS_VARCHAR(r.payload.user_agent) THEN r.payload.user_agent::VARCHAR(65535) END)),
       RTRIM(COALESCE(c.utm_source, CASE WHEN IS_VARCHAR(r.payload.utm_source) THEN r.payload.utm_source::VARCHAR(65535) END)),
       RTRIM(COALESCE(c.utm_medium, CASE WHEN IS_VARCHAR(r.payload.utm_medium) THEN r.payload.utm_medium::VARCHAR(65535) END)),
       RTRIM(COALESCE(c.utm_campaign, CASE WHEN IS_VARCHAR(r.payload.utm_campaign) THEN r.payload.utm_campaign::VARCHAR(65535) END)),
       RTRIM(COALESCE(c.library_name, CASE WHEN IS_VARCHAR(r.payload.library_name) THEN r.payload.library_name::VARCHAR(65535) END)),
       RTRIM(COALESCE(c.library_version, CASE WHEN IS_VARCHAR(r.payload.library_version) THEN r.payload.library_version::VARCHAR(65535) END)),
       RTRIM(COALESCE(c.product_id,
                CASE WHEN IS_VARCHAR(r.payload.properties.product_id) THEN r.payload.properties.product_id::VARCHAR(65535)
                     WHEN IS_DECIMAL(r.payload.properties.product_id) OR IS_FLOAT(r.payload.properties.product_id) THEN NULLIF(JSON_SERIALIZE(r.payload.properties.product_id), 'null') END,
                CASE WHEN IS_VARCHAR(r.payload.properties.sku) THEN r.payload.properties.sku::VARCHAR(65535)
                     WHEN IS_DECIMAL(r.payload.properties.sku) OR IS_FLOAT(r.payload.properties.sku) THEN NULLIF(JSON_SERIALIZE(r.payload.properties.sku), 'null') END)),
       RTRIM(COALESCE(c.product_category, CASE WHEN IS_VARCHAR(r.payload.properties.category) THEN r.payload.properties.category::VARCHAR(65535) END)),
       RTRIM(COALESCE(c.brand, CASE WHEN IS_VARCHAR(r.payload.properties.brand) THEN r.payload.properties.brand::VARCHAR(65535) END)),
       r.price,
       r.revenue,
       RTRIM(COALESCE(c.order_id,
                CASE WHEN IS_VARCHAR(r.payload.properties.order_id) THEN r.payload.properties.order_id::VARCHAR(65535)
                     WHEN IS_DECIMAL(r.payload.properties.order_id) OR IS_FLOAT(r.payload.properties.order_id) THEN NULLIF(JSON_SERIALIZE(r.payload.properties.order_id), 'null') END)),
       CASE WHEN IS_OBJECT(r.payload.properties) AND JSON_SIZE(r.payload.properties) <= 65535
            THEN NULLIF(JSON_SERIALIZE(r.payload.properties), 'null') END,
       CASE WHEN IS_OBJECT(r.payload.context) AND JSON_SIZE(r.payload.context) <= 65535
            THEN NULLIF(JSON_SERIALIZE(r.payload.context), 'null') END,
       CASE WHEN IS_OBJECT(r.payload.traits) AND JSON_SIZE(r.payload.traits) <= 65535
            THEN NULLIF(JSON_SERIALIZE(r.payload.traits), 'null') END,
       CASE WHEN r.payload.received_at IS NULL THEN '' WHEN JSON_TYPEOF(r.payload.received_at) = 'null' THEN ''
            WHEN r.received_ok = 0 THEN 'received_at:invalid_timestamp,' ELSE '' END
           || CASE WHEN r.price_present = 1 AND r.price IS NULL THEN 'price:invalid_number,' ELSE '' END
           || CASE WHEN r.revenue_present = 1 AND r.revenue IS NULL THEN 'revenue:invalid_number,' ELSE '' END
           || CASE WHEN IS_OBJECT(r.payload.properties) AND JSON_SIZE(r.payload.properties) > 65535
                   THEN 'properties:too_large,' ELSE '' END
           || CASE WHEN r.payload.properties IS NOT NULL AND JSON_TYPEOF(r.payload.properties) NOT IN ('object', 'null')
                   THEN 'properties:not_an_object,' ELSE '' END
           || CASE WHEN IS_OBJECT(r.payload.context) AND JSON_SIZE(r.payload.context) > 65535
                   THEN 'context:too_large,' ELSE '' END
           || CASE WHEN r.payload.context IS NOT NULL AND JSON_TYPEOF(r.payload.context) NOT IN ('object', 'null')
                   THEN 'context:not_an_object,' ELSE '' END
           || CASE WHEN IS_OBJECT(r.payload.traits) AND JSON_SIZE(r.payload.traits) > 65535
                   THEN 'traits:too_large,' ELSE '' END
           || CASE WHEN r.payload.traits IS NOT NULL AND JSON_TYPEOF(r.payload.traits) NOT IN ('object', 'null')
                   THEN 'traits:not_an_object,' ELSE '' END
           || CASE WHEN c.arrival_seq IS NOT NULL THEN 'text_truncated,' ELSE '' END
FROM (SELECT r.*, TRIM(r.shard_id) || ':' || r.sequence_number AS arrival_seq,
             CASE WHEN r.payload."timestamp"::VARCHAR(65535) ~ '^([1-9][0-9]{3}-(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|[1-9][0-9]{3}-(0[469]|11)-(0[1-9]|[12][0-9]|30)|[1-9][0-9]{3}-02-(0[1-9]|1[0-9]|2[0-8])|([1-9][0-9](0[48]|[2468][048]|[13579][26])|([2468][048]|[13579][26])00)-02-29)T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,9})?Z?$'
                  THEN 1 ELSE 0 END AS timestamp_ok,
             CASE WHEN r.payload.received_at::VARCHAR(65535) ~ '^([1-9][0-9]{3}-(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|[1-9][0-9]{3}-(0[469]|11)-(0[1-9]|[12][0-9]|30)|[1-9][0-9]{3}-02-(0[1-9]|1[0-9]|2[0-8])|([1-9][0-9](0[48]|[2468][048]|[13579][26])|([2468][048]|[13579][26])00)-02-29)T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,9})?Z?$'
                  THEN 1 ELSE 0 END AS received_ok,
             CASE WHEN IS_DECIMAL(r.payload.properties.price) OR IS_FLOAT(r.payload.properties.price) THEN
                  CASE WHEN ABS(r.payload.properties.price::DOUBLE PRECISION) <= 1e15 THEN r.payload.properties.price::DOUBLE PRECISION END
             END AS price,
             CASE WHEN r.payload.properties.price IS NULL THEN 0 WHEN JSON_TYPEOF(r.payload.properties.price) = 'null' THEN 0 ELSE 1 END
                 AS price_present,
             CASE WHEN IS_DECIMAL(r.payload.properties.revenue) OR IS_FLOAT(r.payload.properties.revenue) THEN
                  CASE WHEN ABS(r.payload.properties.revenue::DOUBLE PRECISION) <= 1e15 THEN r.payload.properties.revenue::DOUBLE PRECISION END
             END AS revenue,
             CASE WHEN r.payload.properties.revenue IS NULL THEN 0 WHEN JSON_TYPEOF(r.payload.properties.revenue) = 'null' THEN 0 ELSE 1 END
                 AS revenue_present
      FROM clickstream.raw_events r
      WHERE r.refresh_time > CAST(:watermark AS TIMESTAMP)
        AND r.refresh_time <= CAST(:run_upper AS TIMESTAMP)
        AND r.payload.kind::VARCHAR(65535) = 'event'
        AND IS_VARCHAR(r.payload.message_id)) r
LEFT JOIN (SELECT l.arrival_seq,
                  MAX(CASE WHEN l.field = 'message_id' THEN LEFT(l.value, l.k) END) AS message_id,
                  MAX(CASE WHEN l.field = 'source' THEN LEFT(l.value, l.k) END) AS source,
                  MAX(CASE WHEN l.field = 'type' THEN LEFT(l.value, l.k) END) AS type,
                  MAX(CASE WHEN l.field = 'event' THEN LEFT(l.value, l.k) END) AS event,
                  MAX(CASE WHEN l.field = 'name' THEN LEFT(l.value, l.k) END) AS name,
                  MAX(CASE WHEN l.field = 'user_id' THEN LEFT(l.value, l.k) END) AS user_id,
                  MAX(CASE WHEN l.field = 'anonymous_id' THEN LEFT(l.value, l.k) END) AS anonymous_id,
                  MAX(CASE WHEN l.field = 'group_id' THEN LEFT(l.value, l.k) END) AS group_id,
                  MAX(CASE WHEN l.field = 'previous_id' THEN LEFT(l.value, l.k) END) AS previous_id,
                  MAX(CASE WHEN l.field = 'page_url' THEN LEFT(l.value, l.k) END) AS page_url,
                  MAX(CASE WHEN l.field = 'page_path' THEN LEFT(l.value, l.k) END) AS page_path,
                  MAX(CASE WHEN l.field = 'page_referrer' THEN LEFT(l.value, l.k) END) AS page_referrer,
                  MAX(CASE WHEN l.field = 'page_title' THEN LEFT(l.value, l.k) END) AS page_title,
                  MAX(CASE WHEN l.field = 'ip' THEN LEFT(l.value, l.k) END) AS ip,
                  MAX(CASE WHEN l.field = 'request_ip' THEN LEFT(l.value, l.k) END) AS request_ip,
                  MAX(CASE WHEN l.field = 'user_agent' THEN LEFT(l.value, l.k) END) AS user_agent,
                  MAX(CASE WHEN l.field = 'utm_source' THEN LEFT(l.value, l.k) END) AS utm_source,
                  MAX(CASE WHEN l.field = 'utm_medium' THEN LEFT(l.value, l.k) END) AS utm_medium,
                  MAX(CASE WHEN l.field = 'utm_campaign' THEN LEFT(l.value, l.k) END) AS utm_campaign,
                  MAX(CASE WHEN l.field = 'library_name' THEN LEFT(l.value, l.k) END) AS library_name,
                  MAX(CASE WHEN l.field = 'library_version' THEN LEFT(l.value, l.k) END) AS library_version,
                  MAX(CASE WHEN l.field = 'product_id' THEN LEFT(l.value, l.k) END) AS product_id,
                  MAX(CASE WHEN l.field = 'product_category' THEN LEFT(l.value, l.k) END) AS product_category,
                  MAX(CASE WHEN l.field = 'brand' THEN LEFT(l.value, l.k) END) AS brand,
                  MAX(CASE WHEN l.field = 'order_id' THEN LEFT(l.value, l.k) END) AS order_id
           FROM long_strings l
           WHERE l.item_index = 0
           GROUP BY l.arrival_seq) c ON c.arrival_seq = r.arrival_seq
WHERE r.timestamp_ok = 1;

-- shared
INSERT INTO clickstream.stg_order_items (message_id, arrival_seq, item_index, loaded_at, product_id, category, brand,
                                         price, quantity, load_warnings)
SELECT RTRIM(COALESCE(c.message_id, i.message_id)), i.arrival_seq, i.item_index, i.refresh_time,
       RTRIM(COALESCE(c.product_id, i.product_id)), RTRIM(COALESCE(c.category, i.category)), RTRIM(COALESCE(c.brand, i.brand)),
       i.price, i.quantity,
       i.warnings || CASE WHEN c.arrival_seq IS NOT NULL THEN 'text_truncated,' ELSE '' END
FROM staged_items i
LEFT JOIN (SELECT l.arrival_seq, l.item_index,
                  MAX(CASE WHEN l.field = 'message_id' THEN LEFT(l.value, l.k) END) AS message_id,
                  MAX(CASE WHEN l.field = 'product_id' THEN LEFT(l.value, l.k) END) AS product_id,
                  MAX(CASE WHEN l.field = 'category' THEN LEFT(l.value, l.k) END) AS category,
                  MAX(CASE WHEN l.field = 'brand' THEN LEFT(l.value, l.k) END) AS brand
           FROM long_strings l
           WHERE l.item_index > 0
           GROUP BY l.arrival_seq, l.item_index) c ON c.arrival_seq = i.arrival_seq AND c.item_index = i.item_index;

-- shared: a rejected record's values all went through the cut
INSERT INTO clickstream.rejected_events (source, reason, received_at, message_id, "raw", loaded_at)
SELECT RTRIM(c.source), RTRIM(COALESCE(c.reason, 'not_an_envelope')), COALESCE(s.received_at, s.approximate_arrival_timestamp),
       RTRIM(c.message_id), c.raw_text, s.refresh_time
FROM staged_records s
LEFT JOIN (SELECT l.arrival_seq,
                  MAX(CASE WHEN l.field = 'source' THEN LEFT(l.value, l.k) END) AS source,
                  MAX(CASE WHEN l.field = 'reason' THEN LEFT(l.value, l.k) END) AS reason,
                  MAX(CASE WHEN l.field = 'message_id' THEN LEFT(l.value, l.k) END) AS message_id,
                  MAX(CASE WHEN l.field = 'raw' THEN LEFT(l.value, l.k) END) AS raw_text
           FROM long_strings l
           WHERE l.item_index = -1
           GROUP BY l.arrival_seq) c ON c.arrival_seq = s.arrival_seq
WHERE s.is_event = 0;

DROP TABLE long_strings;
DROP TABLE long_records;
DROP TABLE staged_items;
DROP TABLE staged_records;
