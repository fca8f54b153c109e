-- query: data_extent
-- title: Data extent
-- question: Which days does the modeled data cover, and when did the latest event reach the warehouse? The
--           dashboard opens on the two weeks up to the last day.
-- grain: one row
-- parameters: none
-- reads: clickstream.events
-- columns: first_day date, last_day date, last_loaded_at timestamp
-- chart: none
-- empty: no events yet: run `clickstream simulate`
SELECT CAST(DATE_TRUNC('day', MIN(e.event_ts)) AS DATE) AS first_day,
       CAST(DATE_TRUNC('day', MAX(e.event_ts)) AS DATE) AS last_day,
       MAX(e.loaded_at) AS last_loaded_at
FROM clickstream.events e;
