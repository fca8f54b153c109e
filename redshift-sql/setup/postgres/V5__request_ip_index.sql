-- Schema step 5, PostgreSQL part: the IP-farm rule reads events by address and hour, now by request_ip (the address
-- the collector observed), so its (request_ip, event_ts) index replaces the baseline's (ip, event_ts), which nothing
-- reads any more: one index fewer to maintain per insert. Redshift has no indexes (see the common file of step 5).
DROP INDEX IF EXISTS clickstream.events_ip;
CREATE INDEX IF NOT EXISTS events_request_ip ON clickstream.events (request_ip, event_ts);
