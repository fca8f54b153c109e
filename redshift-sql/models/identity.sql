-- model: identity
-- grain: identity_links: one row per observation tying an anonymous_id to a user_id (any event carrying both,
--        and alias previous_id -> user_id); identity_map: one row per (anonymous_id, user_id) with first and last
--        time seen. Also sets events.user_key, the stitched identity.
-- keys: identity_map (anonymous_id, user_id); events.user_key
-- depends on: events
-- incremental: links from events with loaded_at in (:watermark, :run_upper]. Every anonymous_id that gained a link,
--              or gained an anonymous event and has ever been linked, is re-stitched from all of its links, so the
--              result equals a full rebuild; an id never linked keeps the user_key the events model gave it. Only
--              events whose user_key changes are updated. Cost grows with the touched anonymous_ids' events.
-- late events: a late identify re-stitches every anonymous event of its anonymous_id, earlier ones included; a late
--              anonymous event is stitched against the links already known.
-- stitching rule: an event with a user_id belongs to that user. An anonymous event belongs to the user who
--              identifies NEXT on its anonymous_id (at or after the event); after the last identify, to that last
--              user; with no identify, to the anonymous_id itself. So two people sharing one browser stay apart,
--              and browsing before a login counts for the person who logged in.
-- tables: clickstream.identity_links, clickstream.identity_map, clickstream.stitch_changes
CREATE TEMP TABLE new_links AS
SELECT e.anonymous_id, e.user_id, e.event_ts AS linked_at, e.message_id
FROM clickstream.events e
WHERE e.loaded_at > CAST(:watermark AS TIMESTAMP) AND e.loaded_at <= CAST(:run_upper AS TIMESTAMP)
  AND e.anonymous_id IS NOT NULL AND e.user_id IS NOT NULL
UNION ALL
SELECT e.previous_id, e.user_id, e.event_ts, e.message_id
FROM clickstream.events e
WHERE e.loaded_at > CAST(:watermark AS TIMESTAMP) AND e.loaded_at <= CAST(:run_upper AS TIMESTAMP)
  AND e.type = 'alias' AND e.previous_id IS NOT NULL AND e.user_id IS NOT NULL
  AND e.previous_id <> e.user_id
  AND (e.anonymous_id IS NULL OR e.previous_id <> e.anonymous_id);

INSERT INTO clickstream.identity_links (anonymous_id, user_id, linked_at, message_id)
SELECT anonymous_id, user_id, linked_at, message_id FROM new_links;

-- an anonymous_id that was never linked keeps its own id as user_key, which the events model already wrote
CREATE TEMP TABLE touched_anon AS
SELECT DISTINCT t.anonymous_id
FROM (SELECT anonymous_id FROM new_links
      UNION ALL
      SELECT e.anonymous_id FROM clickstream.events e
      WHERE e.loaded_at > CAST(:watermark AS TIMESTAMP) AND e.loaded_at <= CAST(:run_upper AS TIMESTAMP)
        AND e.anonymous_id IS NOT NULL AND e.user_id IS NULL
        AND EXISTS (SELECT 1 FROM clickstream.identity_links l WHERE l.anonymous_id = e.anonymous_id)) t;

DELETE FROM clickstream.identity_map USING touched_anon
WHERE clickstream.identity_map.anonymous_id = touched_anon.anonymous_id;

INSERT INTO clickstream.identity_map (anonymous_id, user_id, first_seen, last_seen)
SELECT l.anonymous_id, l.user_id, MIN(l.linked_at), MAX(l.linked_at)
FROM clickstream.identity_links l
JOIN touched_anon t ON t.anonymous_id = l.anonymous_id
GROUP BY l.anonymous_id, l.user_id;

-- anonymous events and links of the touched anonymous_ids on one time line; at equal times a link sorts after the
-- event, so "next link at or after the event" includes it (a running MIN over the reversed order: from this row on)
CREATE TEMP TABLE anon_timeline AS
SELECT x.anonymous_id, x.ts, x.is_link, x.message_id, x.current_key,
       MIN(CASE WHEN x.is_link = 1 THEN x.ts END) OVER (
           PARTITION BY x.anonymous_id ORDER BY x.ts DESC, x.is_link DESC, x.message_id DESC
           ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS next_link_ts,
       MAX(CASE WHEN x.is_link = 1 THEN x.ts END) OVER (
           PARTITION BY x.anonymous_id ORDER BY x.ts, x.is_link, x.message_id
           ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS last_link_ts
FROM (SELECT e.anonymous_id, e.event_ts AS ts, 0 AS is_link, e.message_id, e.user_key AS current_key
      FROM clickstream.events e JOIN touched_anon t ON t.anonymous_id = COALESCE(e.anonymous_id, e.user_id)
      WHERE e.user_id IS NULL
      UNION ALL
      SELECT l.anonymous_id, l.linked_at, 1, l.message_id, CAST(NULL AS VARCHAR(256))
      FROM clickstream.identity_links l JOIN touched_anon t ON t.anonymous_id = l.anonymous_id) x;

-- who identified at each link time (two users at the very same instant: the smaller user_id, deterministically)
CREATE TEMP TABLE link_owner AS
SELECT r.anonymous_id, r.linked_at, r.user_id
FROM (SELECT l.anonymous_id, l.linked_at, l.user_id,
             ROW_NUMBER() OVER (PARTITION BY l.anonymous_id, l.linked_at ORDER BY l.user_id) AS rn
      FROM clickstream.identity_links l JOIN touched_anon t ON t.anonymous_id = l.anonymous_id) r
WHERE r.rn = 1;

-- only the events whose user_key changes, so the UPDATE below touches (and probes the index for) just those
CREATE TEMP TABLE stitched AS
SELECT a.message_id, COALESCE(o.user_id, a.anonymous_id) AS user_key
FROM anon_timeline a
LEFT JOIN link_owner o
  ON o.anonymous_id = a.anonymous_id AND o.linked_at = COALESCE(a.next_link_ts, a.last_link_ts)
WHERE a.is_link = 0 AND COALESCE(o.user_id, a.anonymous_id) <> a.current_key;

INSERT INTO clickstream.stitch_changes (anonymous_id, min_event_ts, run_upper)
SELECT a.anonymous_id, MIN(a.ts), CAST(:run_upper AS TIMESTAMP)
FROM anon_timeline a
WHERE a.is_link = 0
GROUP BY a.anonymous_id;

UPDATE clickstream.events SET user_key = stitched.user_key
FROM stitched
WHERE clickstream.events.message_id = stitched.message_id
  AND clickstream.events.user_key <> stitched.user_key;

DROP TABLE stitched;
DROP TABLE link_owner;
DROP TABLE anon_timeline;
DROP TABLE touched_anon;
DROP TABLE new_links;
