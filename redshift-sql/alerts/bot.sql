-- alert: bot
-- fires: a user key that bot_flags flags, by any rule, whose flagged activity reaches into the quiet period
--        (last_seen >= :active_since). The rules are the bot_flags model's: rate (the DDoS rule "more than N events in
--        any S seconds", thresholds from the model parameters bot_rate_events and bot_rate_window_seconds),
--        crawler_ua, ip_farm and robotic_timing.
-- key: the user key: one incident per bot, however many rules it trips
-- resolves: when none of the user's flags has last_seen inside the quiet period
-- evidence: per rule its first_seen, last_seen and the rule's own evidence; the user's events since :active_since
-- returns: incident_key, rule, first_seen, last_seen, detail, recent_events
SELECT f.user_key AS incident_key, f.rule, f.first_seen, f.last_seen, f.evidence AS detail, c.recent_events
FROM clickstream.bot_flags f
JOIN (SELECT a.user_key, COUNT(e.message_id) AS recent_events
      FROM (SELECT DISTINCT b.user_key FROM clickstream.bot_flags b
            WHERE b.last_seen >= CAST(:active_since AS TIMESTAMP)) a
      LEFT JOIN clickstream.events e ON e.user_key = a.user_key AND e.event_ts >= CAST(:active_since AS TIMESTAMP)
      GROUP BY a.user_key) c ON c.user_key = f.user_key
WHERE f.last_seen >= CAST(:active_since AS TIMESTAMP)
