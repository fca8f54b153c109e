-- model: events
-- grain: events: one row per (source, message_id); the first arrival wins (earliest loaded_at, then shard and
--        sequence number). Per source, so that one source's write key, which every browser can read, cannot
--        pre-empt another source's events by sending their message ids first. order_items: the line items of those
--        events, with the event's source.
--        identity_links: one row per observation tying an anonymous_id to a user_id (any event carrying both, and
--        alias previous_id -> user_id); identity_map: one row per (anonymous_id, user_id) with first and last time
--        seen.
-- keys: events (source, message_id); order_items (source, message_id, item_index); identity_map (anonymous_id,
--       user_id). source is NULL only for records that carried none; two such records count as one source.
-- depends on: staging
-- incremental: stg_events rows with loaded_at in (:watermark, :run_upper]; a (source, message_id) already in events
--              is skipped, so SDK retries and replays never add a second row (the anti-join probes an index on
--              (message_id, source) locally; on Redshift it is a hash anti-join that reads those two columns of
--              events, which is distributed on user_key and sorted on loaded_at). Stitching happens before the
--              insert, so an event is written once with its user_key: every anonymous_id that gains a link, or
--              gains an anonymous event and has ever been linked, is stitched from all of its links, and only
--              earlier events whose user_key changes are updated. An id never linked keeps its own id. Cost grows
--              with the new rows and the touched anonymous_ids' events, not with history.
-- late events: a late duplicate never replaces the first arrival; a late new event is inserted with its own
--              event_ts and stitched against the links known so far; a late identify or alias re-stitches every
--              anonymous event of its anonymous_id, earlier ones included, and logs the id in stitch_changes so
--              the sessions, carts and product metrics built on them are revisited, and the user keys that lost
--              or gained those events in user_key_changes for the funnels and bot flags.
-- stitching rule: an event with a user_id belongs to that user. An anonymous event belongs to the user who
--              identifies NEXT on its anonymous_id (at or after the event); after the last identify, to that last
--              user; with no identify, to the anonymous_id itself. So two people sharing one browser stay apart,
--              and browsing before a login counts for the person who logged in.
-- tables: clickstream.events, clickstream.order_items, clickstream.identity_links, clickstream.identity_map,
--         clickstream.stitch_changes, clickstream.user_key_changes

-- the rows this run adds: the first arrival of each (source, message_id) that events does not hold yet
CREATE TEMP TABLE new_events AS
SELECT r.*
FROM (SELECT s.*, ROW_NUMBER() OVER (PARTITION BY s.source, s.message_id ORDER BY s.loaded_at, s.arrival_seq) AS arrival_rank
      FROM clickstream.stg_events s
      WHERE s.loaded_at > CAST(:watermark AS TIMESTAMP) AND s.loaded_at <= CAST(:run_upper AS TIMESTAMP)) r
WHERE r.arrival_rank = 1
  AND NOT EXISTS (SELECT 1 FROM clickstream.events e
                  WHERE e.message_id = r.message_id
                    AND (e.source = r.source OR (e.source IS NULL AND r.source IS NULL)));

-- line items of the new events: the arrival (arrival_seq) identifies the record, so its source too
INSERT INTO clickstream.order_items (message_id, source, item_index, product_id, category, brand, price, quantity,
                                     load_warnings)
SELECT i.message_id, n.source, i.item_index, i.product_id, i.category, i.brand, i.price, i.quantity,
       NULLIF(RTRIM(i.load_warnings, ','), '')
FROM clickstream.stg_order_items i
JOIN new_events n ON n.message_id = i.message_id AND n.arrival_seq = i.arrival_seq;

CREATE TEMP TABLE new_links AS
SELECT n.anonymous_id, n.user_id, n.event_ts AS linked_at, n.message_id
FROM new_events n
WHERE n.anonymous_id IS NOT NULL AND n.user_id IS NOT NULL
UNION ALL
SELECT n.previous_id, n.user_id, n.event_ts, n.message_id
FROM new_events n
WHERE n.type = 'alias' AND n.previous_id IS NOT NULL AND n.user_id IS NOT NULL
  AND n.previous_id <> n.user_id
  AND (n.anonymous_id IS NULL OR n.previous_id <> n.anonymous_id);

INSERT INTO clickstream.identity_links (anonymous_id, user_id, linked_at, message_id)
SELECT anonymous_id, user_id, linked_at, message_id FROM new_links;

CREATE TEMP TABLE touched_anon AS
SELECT DISTINCT t.anonymous_id
FROM (SELECT anonymous_id FROM new_links
      UNION ALL
      SELECT n.anonymous_id FROM new_events n
      WHERE n.anonymous_id IS NOT NULL AND n.user_id IS NULL
        AND EXISTS (SELECT 1 FROM clickstream.identity_links l WHERE l.anonymous_id = n.anonymous_id)) t;

DELETE FROM clickstream.identity_map USING touched_anon
WHERE clickstream.identity_map.anonymous_id = touched_anon.anonymous_id;

INSERT INTO clickstream.identity_map (anonymous_id, user_id, first_seen, last_seen)
SELECT l.anonymous_id, l.user_id, MIN(l.linked_at), MAX(l.linked_at)
FROM clickstream.identity_links l
JOIN touched_anon t ON t.anonymous_id = l.anonymous_id
GROUP BY l.anonymous_id, l.user_id;

-- anonymous events (stored ones with their current user_key, new ones with is_new = 1) and links of the touched
-- anonymous_ids on one time line; at equal times a link sorts after the event, so "next link at or after the event"
-- includes it (a running MIN over the reversed order: from this row on)
CREATE TEMP TABLE anon_timeline AS
SELECT x.anonymous_id, x.ts, x.is_link, x.is_new, x.message_id, x.source, x.current_key,
       MIN(CASE WHEN x.is_link = 1 THEN x.ts END) OVER (
           PARTITION BY x.anonymous_id ORDER BY x.ts DESC, x.is_link DESC, x.message_id DESC
           ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS next_link_ts,
       MAX(CASE WHEN x.is_link = 1 THEN x.ts END) OVER (
           PARTITION BY x.anonymous_id ORDER BY x.ts, x.is_link, x.message_id
           ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS last_link_ts
FROM (SELECT e.anonymous_id, e.event_ts AS ts, 0 AS is_link, 0 AS is_new, e.message_id, e.source,
             e.user_key AS current_key
      FROM clickstream.events e JOIN touched_anon t ON t.anonymous_id = COALESCE(e.anonymous_id, e.user_id)
      WHERE e.user_id IS NULL
      UNION ALL
      SELECT n.anonymous_id, n.event_ts, 0, 1, n.message_id, n.source, CAST(NULL AS VARCHAR(256))
      FROM new_events n JOIN touched_anon t ON t.anonymous_id = n.anonymous_id
      WHERE n.user_id IS NULL
      UNION ALL
      SELECT l.anonymous_id, l.linked_at, 1, 0, l.message_id, CAST(NULL AS VARCHAR(128)), CAST(NULL AS VARCHAR(256))
      FROM clickstream.identity_links l JOIN touched_anon t ON t.anonymous_id = l.anonymous_id) x;

-- who identified at each link time (two users at the very same instant: the smaller user_id, deterministically)
CREATE TEMP TABLE link_owner AS
SELECT r.anonymous_id, r.linked_at, r.user_id
FROM (SELECT l.anonymous_id, l.linked_at, l.user_id,
             ROW_NUMBER() OVER (PARTITION BY l.anonymous_id, l.linked_at ORDER BY l.user_id) AS rn
      FROM clickstream.identity_links l JOIN touched_anon t ON t.anonymous_id = l.anonymous_id) r
WHERE r.rn = 1;

-- the user_key of every new anonymous event of a touched id, and of every stored one whose user_key changes
CREATE TEMP TABLE stitched AS
SELECT a.anonymous_id, a.ts, a.is_new, a.message_id, a.source, a.current_key AS old_key,
       COALESCE(o.user_id, a.anonymous_id) AS user_key
FROM anon_timeline a
LEFT JOIN link_owner o
  ON o.anonymous_id = a.anonymous_id AND o.linked_at = COALESCE(a.next_link_ts, a.last_link_ts)
WHERE a.is_link = 0 AND (a.is_new = 1 OR COALESCE(o.user_id, a.anonymous_id) <> a.current_key);

INSERT INTO clickstream.events (
    message_id, source, type, event, name, user_id, anonymous_id, user_key, group_id, previous_id,
    event_ts, received_at, loaded_at, page_url, page_path, page_referrer, page_title, ip, request_ip, user_agent,
    utm_source, utm_medium, utm_campaign, library_name, library_version,
    product_id, product_category, brand, price, revenue, order_id, properties, context, traits, load_warnings)
SELECT n.message_id, n.source, n.type, n.event, n.name, n.user_id, n.anonymous_id,
       COALESCE(n.user_id, k.user_key, n.anonymous_id, n.message_id), n.group_id, n.previous_id,
       n.event_ts, n.received_at, n.loaded_at, n.page_url, n.page_path, n.page_referrer, n.page_title, n.ip,
       n.request_ip, n.user_agent, n.utm_source, n.utm_medium, n.utm_campaign, n.library_name, n.library_version,
       n.product_id, n.product_category, n.brand, n.price, n.revenue, n.order_id, n.properties, n.context, n.traits,
       NULLIF(RTRIM(n.load_warnings, ','), '')
FROM new_events n
LEFT JOIN stitched k
  ON k.message_id = n.message_id AND (k.source = n.source OR (k.source IS NULL AND n.source IS NULL)) AND k.is_new = 1;

-- stored events that a new link re-stitched, so later models revisit their users, sessions, hours and days
INSERT INTO clickstream.stitch_changes (anonymous_id, min_event_ts, run_upper)
SELECT k.anonymous_id, MIN(k.ts), CAST(:run_upper AS TIMESTAMP)
FROM stitched k
WHERE k.is_new = 0
GROUP BY k.anonymous_id;

-- the user keys that lost or gained a stored event, so per-user models (funnels, bot flags) revisit exactly them
INSERT INTO clickstream.user_key_changes (user_key, min_event_ts, run_upper)
SELECT x.user_key, MIN(x.ts), CAST(:run_upper AS TIMESTAMP)
FROM (SELECT k.old_key AS user_key, k.ts FROM stitched k WHERE k.is_new = 0
      UNION ALL
      SELECT k.user_key, k.ts FROM stitched k WHERE k.is_new = 0) x
GROUP BY x.user_key;

UPDATE clickstream.events SET user_key = stitched.user_key
FROM stitched
WHERE clickstream.events.message_id = stitched.message_id
  AND (clickstream.events.source = stitched.source OR (clickstream.events.source IS NULL AND stitched.source IS NULL))
  AND stitched.is_new = 0;

DROP TABLE stitched;
DROP TABLE link_owner;
DROP TABLE anon_timeline;
DROP TABLE touched_anon;
DROP TABLE new_links;
DROP TABLE new_events;
