-- model: staging
-- dialect: postgres. The only dialect-specific model; staging/redshift.sql is its twin for SUPER. Both twins type
--          values with the same guards, so no value can fail the staging transaction: a timestamp must be an
--          ISO-8601 UTC time on a real date (years 1000-9999; up to nine fraction digits, rounded to microseconds
--          by the cast), a number must be a number within ±1e15, JSON columns hold objects of at most 65,535 bytes,
--          and every text value is cut to its column's width in bytes on a character boundary. The statements
--          marked "shared" are identical in both twins (TestStagingTwins checks), so this suite proves the
--          byte-safe cut that Redshift's VARCHAR(n) needs.
--          Text columns take JSON strings only (jsonb_typeof 'string'): the Redshift twin's ::VARCHAR of an object or
--          an array is NULL (limitations-super.html), where ->> gives the JSON text (product_id, sku and order_id also
--          take a number, as its JSON text). Every text value loses its trailing blanks (RTRIM, after the cut):
--          Redshift compares VARCHAR ignoring them (r_Character_types.html) and PostgreSQL does not: untrimmed,
--          'x' and 'x ' would be one id there and two here.
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
       CASE WHEN t.is_event = 0 THEN CASE jsonb_typeof(t.payload->'source') WHEN 'string' THEN t.payload->>'source' END END AS source,
       CASE WHEN t.is_event = 0 THEN COALESCE(CASE jsonb_typeof(t.payload->'reason') WHEN 'string' THEN t.payload->>'reason' END,
                                             CASE WHEN t.payload IS NULL THEN 'not_json' ELSE 'not_an_envelope' END)
       END AS reason,
       CASE WHEN t.is_event = 0 THEN t.message_id END AS message_id,
       CASE WHEN t.is_event = 0 THEN COALESCE(CASE jsonb_typeof(t.payload->'raw') WHEN 'string' THEN t.payload->>'raw' END, t.bad_payload,
                                             CAST(t.payload AS TEXT)) END AS raw_text
FROM (SELECT u.*, CASE WHEN u.kind = 'event' AND u.message_id IS NOT NULL AND u.timestamp_ok = 1 THEN 1 ELSE 0 END AS is_event
      FROM (SELECT TRIM(r.shard_id) || ':' || r.sequence_number AS arrival_seq, r.refresh_time,
                   r.approximate_arrival_timestamp, r.payload, r.bad_payload,
                   r.payload->>'kind' AS kind,
                   CASE jsonb_typeof(r.payload->'message_id') WHEN 'string' THEN r.payload->>'message_id' END AS message_id,
                   r.payload->>'received_at' AS received,
                   CASE WHEN r.payload->>'timestamp' ~ '^([1-9][0-9]{3}-(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|[1-9][0-9]{3}-(0[469]|11)-(0[1-9]|[12][0-9]|30)|[1-9][0-9]{3}-02-(0[1-9]|1[0-9]|2[0-8])|([1-9][0-9](0[48]|[2468][048]|[13579][26])|([2468][048]|[13579][26])00)-02-29)T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,9})?Z?$'
                        THEN 1 ELSE 0 END AS timestamp_ok
            FROM clickstream.raw_events r
            WHERE r.refresh_time > CAST(:watermark AS TIMESTAMP)
              AND r.refresh_time <= CAST(:run_upper AS TIMESTAMP)) u
      -- OFFSET 0 keeps this subquery apart, so is_event (and its regular expression) is computed once per record:
      -- merged into the outer query, it would be copied into every expression that reads it
      OFFSET 0) t;

-- the line items (properties.products[]) of the run's Order Completed events, with their price and quantity typed
-- (a missing quantity is 1)
CREATE TEMP TABLE staged_items AS
SELECT t.arrival_seq, t.item_index, t.refresh_time, t.message_id, t.product_id, t.category, t.brand, t.price,
       t.quantity,
       CASE WHEN t.price_present = 1 AND t.price IS NULL THEN 'price:invalid_number,' ELSE '' END
           || CASE WHEN t.quantity_present = 1 AND t.quantity IS NULL THEN 'quantity:invalid_number,' ELSE '' END
           AS warnings
FROM (SELECT TRIM(r.shard_id) || ':' || r.sequence_number AS arrival_seq, CAST(i.ordinality AS INTEGER) AS item_index,
             r.refresh_time,
             CASE jsonb_typeof(r.payload->'message_id') WHEN 'string' THEN r.payload->>'message_id' END AS message_id,
             COALESCE(CASE WHEN jsonb_typeof(i.item->'product_id') IN ('string', 'number') THEN i.item->>'product_id' END,
                      CASE WHEN jsonb_typeof(i.item->'sku') IN ('string', 'number') THEN i.item->>'sku' END) AS product_id,
             CASE jsonb_typeof(i.item->'category') WHEN 'string' THEN i.item->>'category' END AS category,
             CASE jsonb_typeof(i.item->'brand') WHEN 'string' THEN i.item->>'brand' END AS brand,
             CASE WHEN jsonb_typeof(i.item->'price') = 'number' THEN
                  CASE WHEN ABS(CAST(i.item->>'price' AS NUMERIC)) <= 1e15
                       THEN CAST(ROUND(CAST(i.item->>'price' AS NUMERIC), 9) AS DOUBLE PRECISION) END
             END AS price,
             CASE WHEN COALESCE(jsonb_typeof(i.item->'price'), 'null') = 'null' THEN 0 ELSE 1 END AS price_present,
             CASE WHEN COALESCE(jsonb_typeof(i.item->'quantity'), 'null') = 'null' THEN 1
                  WHEN jsonb_typeof(i.item->'quantity') = 'number' THEN
                  CASE WHEN ABS(CAST(i.item->>'quantity' AS NUMERIC)) <= 1e15
                       THEN CAST(ROUND(CAST(i.item->>'quantity' AS NUMERIC), 9) AS DOUBLE PRECISION) END
             END AS quantity,
             CASE WHEN COALESCE(jsonb_typeof(i.item->'quantity'), 'null') = 'null' THEN 0 ELSE 1 END AS quantity_present
      FROM clickstream.raw_events r
      CROSS JOIN jsonb_array_elements(CASE WHEN jsonb_typeof(r.payload->'properties'->'products') = 'array'
                                           THEN r.payload->'properties'->'products' ELSE CAST('[]' AS JSONB) END)
          WITH ORDINALITY AS i(item, ordinality)
      WHERE r.refresh_time > CAST(:watermark AS TIMESTAMP)
        AND r.refresh_time <= CAST(:run_upper AS TIMESTAMP)
        AND r.payload->>'kind' = 'event'
        AND r.payload->>'event' = 'Order Completed'
        AND jsonb_typeof(r.payload->'message_id') = 'string'
        AND jsonb_typeof(i.item) = 'object') t;

-- byte-safe cut, step 1: the events of the run with a text value longer than its column in bytes (the widths of the
-- list below), found in one pass over the run's records
CREATE TEMP TABLE long_records AS
SELECT TRIM(r.shard_id) || ':' || r.sequence_number AS arrival_seq, r.payload
FROM clickstream.raw_events r
WHERE r.refresh_time > CAST(:watermark AS TIMESTAMP)
  AND r.refresh_time <= CAST(:run_upper AS TIMESTAMP)
  AND r.payload->>'kind' = 'event'
  AND (OCTET_LENGTH(r.payload->>'message_id') > 128
       OR OCTET_LENGTH(r.payload->>'source') > 128
       OR OCTET_LENGTH(r.payload->>'type') > 16
       OR OCTET_LENGTH(r.payload->>'event') > 512
       OR OCTET_LENGTH(r.payload->>'name') > 512
       OR OCTET_LENGTH(r.payload->>'user_id') > 256
       OR OCTET_LENGTH(r.payload->>'anonymous_id') > 256
       OR OCTET_LENGTH(r.payload->>'group_id') > 256
       OR OCTET_LENGTH(r.payload->>'previous_id') > 256
       OR OCTET_LENGTH(r.payload->>'page_url') > 2048
       OR OCTET_LENGTH(r.payload->>'page_path') > 1024
       OR OCTET_LENGTH(r.payload->>'page_referrer') > 2048
       OR OCTET_LENGTH(r.payload->>'page_title') > 1024
       OR OCTET_LENGTH(r.payload->>'ip') > 64
       OR OCTET_LENGTH(r.payload->>'request_ip') > 64
       OR OCTET_LENGTH(r.payload->>'user_agent') > 1024
       OR OCTET_LENGTH(r.payload->>'utm_source') > 256
       OR OCTET_LENGTH(r.payload->>'utm_medium') > 256
       OR OCTET_LENGTH(r.payload->>'utm_campaign') > 256
       OR OCTET_LENGTH(r.payload->>'library_name') > 128
       OR OCTET_LENGTH(r.payload->>'library_version') > 64
       -- product_id and sku each: the value is whichever of them is a string or a number
       OR OCTET_LENGTH(r.payload->'properties'->>'product_id') > 256
       OR OCTET_LENGTH(r.payload->'properties'->>'sku') > 256
       OR OCTET_LENGTH(r.payload->'properties'->>'category') > 256
       OR OCTET_LENGTH(r.payload->'properties'->>'brand') > 256
       OR OCTET_LENGTH(r.payload->'properties'->>'order_id') > 256);

-- byte-safe cut, step 2: every text value of the run that is longer than its column in bytes, with the column's
-- width (item_index 0: an event's values; above 0: a line item's), and every value of a rejected record (item_index
-- -1: they are few, and their raw text is long). Cut to the width in characters first: the answer is never longer.
CREATE TEMP TABLE long_strings AS
SELECT v.arrival_seq, v.item_index, v.field, v.width, LEFT(v.value, v.width) AS value, 0 AS k
FROM (SELECT r.arrival_seq, 0 AS item_index, w.field, w.width,
             CASE w.field
                 WHEN 'message_id' THEN CASE jsonb_typeof(r.payload->'message_id') WHEN 'string' THEN r.payload->>'message_id' END
                 WHEN 'source' THEN CASE jsonb_typeof(r.payload->'source') WHEN 'string' THEN r.payload->>'source' END
                 WHEN 'type' THEN CASE jsonb_typeof(r.payload->'type') WHEN 'string' THEN r.payload->>'type' END
                 WHEN 'event' THEN CASE jsonb_typeof(r.payload->'event') WHEN 'string' THEN r.payload->>'event' END
                 WHEN 'name' THEN CASE jsonb_typeof(r.payload->'name') WHEN 'string' THEN r.payload->>'name' END
                 WHEN 'user_id' THEN CASE jsonb_typeof(r.payload->'user_id') WHEN 'string' THEN r.payload->>'user_id' END
                 WHEN 'anonymous_id' THEN CASE jsonb_typeof(r.payload->'anonymous_id') WHEN 'string' THEN r.payload->>'anonymous_id' END
                 WHEN 'group_id' THEN CASE jsonb_typeof(r.payload->'group_id') WHEN 'string' THEN r.payload->>'group_id' END
                 WHEN 'previous_id' THEN CASE jsonb_typeof(r.payload->'previous_id') WHEN 'string' THEN r.payload->>'previous_id' END
                 WHEN 'page_url' THEN CASE jsonb_typeof(r.payload->'page_url') WHEN 'string' THEN r.payload->>'page_url' END
                 WHEN 'page_path' THEN CASE jsonb_typeof(r.payload->'page_path') WHEN 'string' THEN r.payload->>'page_path' END
                 WHEN 'page_referrer' THEN CASE jsonb_typeof(r.payload->'page_referrer') WHEN 'string' THEN r.payload->>'page_referrer' END
                 WHEN 'page_title' THEN CASE jsonb_typeof(r.payload->'page_title') WHEN 'string' THEN r.payload->>'page_title' END
                 WHEN 'ip' THEN CASE jsonb_typeof(r.payload->'ip') WHEN 'string' THEN r.payload->>'ip' END
                 WHEN 'request_ip' THEN CASE jsonb_typeof(r.payload->'request_ip') WHEN 'string' THEN r.payload->>'request_ip' END
                 WHEN 'user_agent' THEN CASE jsonb_typeof(r.payload->'user_agent') WHEN 'string' THEN r.payload->>'user_agent' END
                 WHEN 'utm_source' THEN CASE jsonb_typeof(r.payload->'utm_source') WHEN 'string' THEN r.payload->>'utm_source' END
                 WHEN 'utm_medium' THEN CASE jsonb_typeof(r.payload->'utm_medium') WHEN 'string' THEN r.payload->>'utm_medium' END
                 WHEN 'utm_campaign' THEN CASE jsonb_typeof(r.payload->'utm_campaign') WHEN 'string' THEN r.payload->>'utm_campaign' END
                 WHEN 'library_name' THEN CASE jsonb_typeof(r.payload->'library_name') WHEN 'string' THEN r.payload->>'library_name' END
                 WHEN 'library_version' THEN CASE jsonb_typeof(r.payload->'library_version') WHEN 'string' THEN r.payload->>'library_version' END
                 WHEN 'product_id' THEN COALESCE(CASE WHEN jsonb_typeof(r.payload->'properties'->'product_id') IN ('string', 'number') THEN r.payload->'properties'->>'product_id' END,
                                                 CASE WHEN jsonb_typeof(r.payload->'properties'->'sku') IN ('string', 'number') THEN r.payload->'properties'->>'sku' END)
                 WHEN 'product_category' THEN CASE jsonb_typeof(r.payload->'properties'->'category') WHEN 'string' THEN r.payload->'properties'->>'category' END
                 WHEN 'brand' THEN CASE jsonb_typeof(r.payload->'properties'->'brand') WHEN 'string' THEN r.payload->'properties'->>'brand' END
                 WHEN 'order_id' THEN CASE WHEN jsonb_typeof(r.payload->'properties'->'order_id') IN ('string', 'number') THEN r.payload->'properties'->>'order_id' END
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
SELECT RTRIM(COALESCE(c.message_id, CASE jsonb_typeof(r.payload->'message_id') WHEN 'string' THEN r.payload->>'message_id' END)),
       RTRIM(COALESCE(c.source, CASE jsonb_typeof(r.payload->'source') WHEN 'string' THEN r.payload->>'source' END)),
       RTRIM(COALESCE(c.type, CASE jsonb_typeof(r.payload->'type') WHEN 'string' THEN r.payload->>'type' END)),
       RTRIM(COALESCE(c.event, CASE jsonb_typeof(r.payload->'event') WHEN 'string' THEN r.payload->>'event' END)),
       RTRIM(COALESCE(c.name, CASE jsonb_typeof(r.payload->'name') WHEN 'string' THEN r.payload->>'name' END)),
       NULLIF(RTRIM(COALESCE(c.user_id, CASE jsonb_typeof(r.payload->'user_id') WHEN 'string' THEN r.payload->>'user_id' END)), ''),
       NULLIF(RTRIM(COALESCE(c.anonymous_id, CASE jsonb_typeof(r.payload->'anonymous_id') WHEN 'string' THEN r.payload->>'anonymous_id' END)), ''),
       RTRIM(COALESCE(c.group_id, CASE jsonb_typeof(r.payload->'group_id') WHEN 'string' THEN r.payload->>'group_id' END)),
       RTRIM(COALESCE(c.previous_id, CASE jsonb_typeof(r.payload->'previous_id') WHEN 'string' THEN r.payload->>'previous_id' END)),
       CASE WHEN r.timestamp_ok = 1 THEN CAST(REPLACE(REPLACE(r.payload->>'timestamp', 'T', ' '), 'Z', '') AS TIMESTAMP) END,
       CASE WHEN r.received_ok = 1 THEN CAST(REPLACE(REPLACE(r.payload->>'received_at', 'T', ' '), 'Z', '') AS TIMESTAMP) END,
       r.refresh_time,
       r.arrival_seq,
       RTRIM(COALESCE(c.page_url, CASE jsonb_typeof(r.payload->'page_url') WHEN 'string' THEN r.payload->>'page_url' END)),
       RTRIM(COALESCE(c.page_path, CASE jsonb_typeof(r.payload->'page_path') WHEN 'string' THEN r.payload->>'page_path' END)),
       RTRIM(COALESCE(c.page_referrer, CASE jsonb_typeof(r.payload->'page_referrer') WHEN 'string' THEN r.payload->>'page_referrer' END)),
       RTRIM(COALESCE(c.page_title, CASE jsonb_typeof(r.payload->'page_title') WHEN 'string' THEN r.payload->>'page_title' END)),
       RTRIM(COALESCE(c.ip, CASE jsonb_typeof(r.payload->'ip') WHEN 'string' THEN r.payload->>'ip' END)),
       RTRIM(COALESCE(c.request_ip, CASE jsonb_typeof(r.payload->'request_ip') WHEN 'string' THEN r.payload->>'request_ip' END)),
       RTRIM(COALESCE(c.user_agent, CASE jsonb_typeof(r.payload->'user_agent') WHEN 'string' THEN r.payload->>'user_agent' END)),
       RTRIM(COALESCE(c.utm_source, CASE jsonb_typeof(r.payload->'utm_source') WHEN 'string' THEN r.payload->>'utm_source' END)),
       RTRIM(COALESCE(c.utm_medium, CASE jsonb_typeof(r.payload->'utm_medium') WHEN 'string' THEN r.payload->>'utm_medium' END)),
       RTRIM(COALESCE(c.utm_campaign, CASE jsonb_typeof(r.payload->'utm_campaign') WHEN 'string' THEN r.payload->>'utm_campaign' END)),
       RTRIM(COALESCE(c.library_name, CASE jsonb_typeof(r.payload->'library_name') WHEN 'string' THEN r.payload->>'library_name' END)),
       RTRIM(COALESCE(c.library_version, CASE jsonb_typeof(r.payload->'library_version') WHEN 'string' THEN r.payload->>'library_version' END)),
       RTRIM(COALESCE(c.product_id, CASE WHEN jsonb_typeof(r.payload->'properties'->'product_id') IN ('string', 'number') THEN r.payload->'properties'->>'product_id' END,
                      CASE WHEN jsonb_typeof(r.payload->'properties'->'sku') IN ('string', 'number') THEN r.payload->'properties'->>'sku' END)),
       RTRIM(COALESCE(c.product_category, CASE jsonb_typeof(r.payload->'properties'->'category') WHEN 'string' THEN r.payload->'properties'->>'category' END)),
       RTRIM(COALESCE(c.brand, CASE jsonb_typeof(r.payload->'properties'->'brand') WHEN 'string' THEN r.payload->'properties'->>'brand' END)),
       r.price,
       r.revenue,
       RTRIM(COALESCE(c.order_id, CASE WHEN jsonb_typeof(r.payload->'properties'->'order_id') IN ('string', 'number') THEN r.payload->'properties'->>'order_id' END)),
       CASE WHEN jsonb_typeof(r.payload->'properties') = 'object' AND OCTET_LENGTH(j.properties) <= 65535
            THEN j.properties END,
       CASE WHEN jsonb_typeof(r.payload->'context') = 'object' AND OCTET_LENGTH(j.context) <= 65535
            THEN j.context END,
       CASE WHEN jsonb_typeof(r.payload->'traits') = 'object' AND OCTET_LENGTH(j.traits) <= 65535
            THEN j.traits END,
       CASE WHEN COALESCE(jsonb_typeof(r.payload->'received_at'), 'null') <> 'null' AND r.received_ok = 0
            THEN 'received_at:invalid_timestamp,' ELSE '' END
           || CASE WHEN r.price_present = 1 AND r.price IS NULL THEN 'price:invalid_number,' ELSE '' END
           || CASE WHEN r.revenue_present = 1 AND r.revenue IS NULL THEN 'revenue:invalid_number,' ELSE '' END
           || CASE WHEN jsonb_typeof(r.payload->'properties') = 'object' AND OCTET_LENGTH(j.properties) > 65535
                   THEN 'properties:too_large,' ELSE '' END
           || CASE WHEN COALESCE(jsonb_typeof(r.payload->'properties'), 'object') NOT IN ('object', 'null')
                   THEN 'properties:not_an_object,' ELSE '' END
           || CASE WHEN jsonb_typeof(r.payload->'context') = 'object' AND OCTET_LENGTH(j.context) > 65535
                   THEN 'context:too_large,' ELSE '' END
           || CASE WHEN COALESCE(jsonb_typeof(r.payload->'context'), 'object') NOT IN ('object', 'null')
                   THEN 'context:not_an_object,' ELSE '' END
           || CASE WHEN jsonb_typeof(r.payload->'traits') = 'object' AND OCTET_LENGTH(j.traits) > 65535
                   THEN 'traits:too_large,' ELSE '' END
           || CASE WHEN COALESCE(jsonb_typeof(r.payload->'traits'), 'object') NOT IN ('object', 'null')
                   THEN 'traits:not_an_object,' ELSE '' END
           || CASE WHEN c.arrival_seq IS NOT NULL THEN 'text_truncated,' ELSE '' END
FROM (SELECT r.*, TRIM(r.shard_id) || ':' || r.sequence_number AS arrival_seq,
             CASE WHEN r.payload->>'timestamp' ~ '^([1-9][0-9]{3}-(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|[1-9][0-9]{3}-(0[469]|11)-(0[1-9]|[12][0-9]|30)|[1-9][0-9]{3}-02-(0[1-9]|1[0-9]|2[0-8])|([1-9][0-9](0[48]|[2468][048]|[13579][26])|([2468][048]|[13579][26])00)-02-29)T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,9})?Z?$'
                  THEN 1 ELSE 0 END AS timestamp_ok,
             CASE WHEN r.payload->>'received_at' ~ '^([1-9][0-9]{3}-(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|[1-9][0-9]{3}-(0[469]|11)-(0[1-9]|[12][0-9]|30)|[1-9][0-9]{3}-02-(0[1-9]|1[0-9]|2[0-8])|([1-9][0-9](0[48]|[2468][048]|[13579][26])|([2468][048]|[13579][26])00)-02-29)T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,9})?Z?$'
                  THEN 1 ELSE 0 END AS received_ok,
             CASE WHEN jsonb_typeof(r.payload->'properties'->'price') = 'number' THEN
                  CASE WHEN ABS(CAST(r.payload->'properties'->>'price' AS NUMERIC)) <= 1e15
                       THEN CAST(ROUND(CAST(r.payload->'properties'->>'price' AS NUMERIC), 9) AS DOUBLE PRECISION) END
             END AS price,
             CASE WHEN COALESCE(jsonb_typeof(r.payload->'properties'->'price'), 'null') = 'null' THEN 0 ELSE 1 END
                 AS price_present,
             CASE WHEN jsonb_typeof(r.payload->'properties'->'revenue') = 'number' THEN
                  CASE WHEN ABS(CAST(r.payload->'properties'->>'revenue' AS NUMERIC)) <= 1e15
                       THEN CAST(ROUND(CAST(r.payload->'properties'->>'revenue' AS NUMERIC), 9) AS DOUBLE PRECISION) END
             END AS revenue,
             CASE WHEN COALESCE(jsonb_typeof(r.payload->'properties'->'revenue'), 'null') = 'null' THEN 0 ELSE 1 END
                 AS revenue_present
      FROM clickstream.raw_events r
      WHERE r.refresh_time > CAST(:watermark AS TIMESTAMP)
        AND r.refresh_time <= CAST(:run_upper AS TIMESTAMP)
        AND r.payload->>'kind' = 'event'
        AND jsonb_typeof(r.payload->'message_id') = 'string'
      -- computed once per record (merged into the outer query, each guard would be copied into every reader)
      OFFSET 0) r
-- the JSON columns as text, serialized once (a JSON null reads as NULL)
CROSS JOIN jsonb_to_record(CASE WHEN jsonb_typeof(r.payload) = 'object' THEN r.payload END)
    AS j(properties TEXT, context TEXT, traits TEXT)
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
