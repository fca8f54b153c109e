-- alert: rejection_rate
-- fires: a source had a clock minute inside the quiet period with at least :rejections_min_per_minute rejected
--        messages that were also at least :rejections_max_percent percent of its messages (rejected + accepted)
-- key: the source ('(unknown)' for stream records that named none)
-- resolves: when no minute of the quiet period is above both limits
-- evidence: rejected and accepted messages in the minutes above the limits, how many such minutes, the first and last
-- returns: incident_key, rejected, accepted, spike_minutes, first_minute, last_minute
SELECT m.source AS incident_key, SUM(m.rejected) AS rejected, SUM(m.accepted) AS accepted, COUNT(*) AS spike_minutes,
       MIN(m.minute) AS first_minute, MAX(m.minute) AS last_minute
FROM (SELECT u.source, u.minute, SUM(u.rejected) AS rejected, SUM(u.accepted) AS accepted
      FROM (SELECT COALESCE(NULLIF(r.source, ''), '(unknown)') AS source,
                   DATE_TRUNC('minute', COALESCE(r.received_at, r.loaded_at)) AS minute,
                   COUNT(*) AS rejected, CAST(0 AS BIGINT) AS accepted
            FROM clickstream.rejected_events r
            WHERE r.loaded_at >= CAST(:active_since AS TIMESTAMP)
              AND COALESCE(r.received_at, r.loaded_at) >= CAST(:active_since AS TIMESTAMP)
            GROUP BY COALESCE(NULLIF(r.source, ''), '(unknown)'), DATE_TRUNC('minute', COALESCE(r.received_at, r.loaded_at))
            UNION ALL
            SELECT COALESCE(NULLIF(s.source, ''), '(unknown)') AS source, DATE_TRUNC('minute', s.received_at) AS minute,
                   CAST(0 AS BIGINT) AS rejected, COUNT(*) AS accepted
            FROM clickstream.stg_events s
            WHERE s.loaded_at >= CAST(:active_since AS TIMESTAMP) AND s.received_at >= CAST(:active_since AS TIMESTAMP)
            GROUP BY COALESCE(NULLIF(s.source, ''), '(unknown)'), DATE_TRUNC('minute', s.received_at)) u
      GROUP BY u.source, u.minute) m
WHERE m.rejected >= CAST(:rejections_min_per_minute AS BIGINT)
  AND m.rejected * 100 >= CAST(:rejections_max_percent AS BIGINT) * (m.rejected + m.accepted)
GROUP BY m.source
