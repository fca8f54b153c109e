-- query: bot_flags
-- title: Bot flags by rule, with evidence
-- question: Which users did each bot rule flag in the range, when, and on what evidence? The most recent 500
--           flags; flags_of_rule counts all of the rule's flags in the range.
-- grain: one row per (rule, user_key) flag active in the range (first_seen to last_seen overlaps it)
-- parameters: from_day, to_day (UTC dates, inclusive); source (a source name, or '*'): users with an event from
--             that source in the range
-- reads: clickstream.bot_flags, clickstream.events (only for a source)
-- columns: rule text, flags_of_rule number, user_key text, first_seen timestamp, last_seen timestamp, evidence text
-- chart: bar x=rule y=flags_of_rule table=rule,user_key,last_seen,evidence
-- empty: no bot was flagged in this range (good news); `clickstream simulate` sends a few bots to see the rules fire
SELECT f.rule, COUNT(*) OVER (PARTITION BY f.rule) AS flags_of_rule,
       f.user_key, f.first_seen, f.last_seen, f.evidence
FROM clickstream.bot_flags f
WHERE f.last_seen >= CAST(:from_day AS DATE)
  AND f.first_seen < CAST(:to_day AS DATE) + INTERVAL '1 day'
  AND (:source = '*' OR f.user_key IN (
      SELECT e.user_key FROM clickstream.events e
      WHERE e.source = :source
        AND e.event_ts >= CAST(:from_day AS DATE) AND e.event_ts < CAST(:to_day AS DATE) + INTERVAL '1 day'))
ORDER BY f.last_seen DESC, f.rule, f.user_key
LIMIT 500;
