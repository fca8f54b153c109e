-- alert: ip_rate
-- fires: one address sent more than :ip_max_events_per_minute messages in a clock minute (by received_at, duplicates
--        included: stg_events keeps every accepted message) inside the quiet period
-- key: the address the collector observed (request_ip: the connection's peer, or behind its trusted proxies the
--      client they saw), never ip, which the client can set to anything and so spread over many keys
-- resolves: when no minute of the quiet period is above the limit
-- evidence: the peak minute's count, how many minutes were above the limit, the first and last of them, and the
--           messages in those minutes
-- returns: incident_key, peak_per_minute, spike_minutes, first_minute, last_minute, events
SELECT m.request_ip AS incident_key, MAX(m.events) AS peak_per_minute, COUNT(*) AS spike_minutes,
       MIN(m.minute) AS first_minute, MAX(m.minute) AS last_minute, SUM(m.events) AS events
FROM (SELECT s.request_ip, DATE_TRUNC('minute', s.received_at) AS minute, COUNT(*) AS events
      FROM clickstream.stg_events s
      -- loaded_at is never before received_at, so the first bound only narrows the scan (index, zone map)
      WHERE s.loaded_at >= CAST(:active_since AS TIMESTAMP) AND s.received_at >= CAST(:active_since AS TIMESTAMP)
        AND s.request_ip IS NOT NULL AND s.request_ip <> ''
      GROUP BY s.request_ip, DATE_TRUNC('minute', s.received_at)) m
WHERE m.events > CAST(:ip_max_events_per_minute AS BIGINT)
GROUP BY m.request_ip
