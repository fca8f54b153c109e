-- alert: freshness
-- fires: the newest event the models have loaded (events.loaded_at) is older than :stale_before, which is
--        freshness_intervals schedule intervals before this run. Nothing fires on an empty warehouse.
-- key: 'events'
-- resolves: when a run loads newer events
-- evidence: the newest loaded_at of events and the newest refresh_time of raw_events: raw newer than events means
--           the models are behind; both old means no records arrive (or the site has no traffic)
-- returns: incident_key, newest_event_loaded_at, newest_raw_refresh
SELECT 'events' AS incident_key, x.newest_event_loaded_at, y.newest_raw_refresh
FROM (SELECT MAX(e.loaded_at) AS newest_event_loaded_at FROM clickstream.events e) x
CROSS JOIN (SELECT MAX(r.refresh_time) AS newest_raw_refresh FROM clickstream.raw_events r) y
WHERE x.newest_event_loaded_at < CAST(:stale_before AS TIMESTAMP)
