-- Schema step 5 (see SchemaMigrations): the address the collector observed for each event, and the bot rule's
-- helper tables. Every statement is safe to repeat: a step that fails halfway runs again from here.
--
-- request_ip is the envelope's request_ip: the connection's peer, or behind http.trusted-proxies the client found
-- in X-Forwarded-For and Forwarded; the client cannot set it, unlike ip (context.ip). The bot rules and the ip_rate
-- alert group by it. VARCHAR(64), as ip: the longest IPv6 literal (an IPv4-mapped one) is 45 bytes of ASCII.
-- Rows stored before this step keep request_ip NULL, on purpose: their ip is client-settable, so copying it here
-- would hand the rules a forgeable address; a NULL address counts on no address (like a server-side SDK's event),
-- and a full rebuild from raw gives the same NULL for envelopes written before the collector wrote request_ip.
--
-- Redshift: no new sort or distribution key. events stays distributed on user_key and sorted on loaded_at (step 3),
-- which every model's incremental read needs; the IP-farm rule joins events on request_ip with an equality (a hash
-- join) to the few address-hours of a run, reading the request_ip, event_ts and anonymous_id columns only.
-- PostgreSQL indexes (request_ip, event_ts) instead (setup/postgres/V5__request_ip_index.sql).

-- unless exists: SELECT 1 FROM information_schema.columns WHERE table_schema = 'clickstream' AND table_name = 'stg_events' AND column_name = 'request_ip'
ALTER TABLE clickstream.stg_events ADD COLUMN request_ip VARCHAR(64);

-- unless exists: SELECT 1 FROM information_schema.columns WHERE table_schema = 'clickstream' AND table_name = 'events' AND column_name = 'request_ip'
ALTER TABLE clickstream.events ADD COLUMN request_ip VARCHAR(64);

-- user agents already judged against a crawler list version (bot_flags judges each distinct user agent once per
-- version). Releases before this step created it in the seed (setup/common/03_seed_bot_user_agents.sql).
CREATE TABLE IF NOT EXISTS clickstream.user_agent_verdicts (
    user_agent   VARCHAR(1024) NOT NULL,
    matched      VARCHAR(1024),
    list_version VARCHAR(32)   NOT NULL
);

-- the server-side SDKs (by context.library name) whose events the ip_farm rule gives no address; the seed adds the
-- shipped names and keeps any you added. Releases before this step created it in the seed too.
CREATE TABLE IF NOT EXISTS clickstream.server_libraries (
    library_name VARCHAR(128) NOT NULL
);
