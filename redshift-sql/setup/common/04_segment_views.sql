-- Segment-compatible views over clickstream.events, with Segment's warehouse column names (id, received_at,
-- context_*, …), so existing Segment warehouse queries keep working. Differences, by design: properties and traits
-- stay JSON text columns instead of one column per property; tracks.event snake-cases with a simplified rule
-- (lower case, spaces, dashes and dots to underscores) rather than Segment's exact go-snakecase; there are no
-- per-event tables. "timestamp" is the skew-corrected event time; uuid_ts is when the row was loaded.
-- Every setup re-runs this file. Redshift's CREATE OR REPLACE VIEW keeps a view only with the identical columns (names
-- and types, r_CREATE_VIEW.html): to change a view's columns, add a schema step that drops it (TestRepeatableViews).

CREATE OR REPLACE VIEW clickstream.tracks AS
SELECT
       e.message_id AS id, e.anonymous_id, e.user_id, e.event_ts AS "timestamp", e.received_at, e.loaded_at AS uuid_ts,
       e.source, e.ip AS context_ip, e.user_agent AS context_user_agent, e.library_name AS context_library_name,
       e.library_version AS context_library_version, e.page_url AS context_page_url, e.page_path AS context_page_path,
       e.page_referrer AS context_page_referrer, e.page_title AS context_page_title, e.utm_source AS context_campaign_source,
       e.utm_medium AS context_campaign_medium, e.utm_campaign AS context_campaign_name, e.context,
       LOWER(REPLACE(REPLACE(REPLACE(e.event, ' ', '_'), '-', '_'), '.', '_')) AS event, e.event AS event_text, e.properties
FROM clickstream.events e
WHERE e.type = 'track';

CREATE OR REPLACE VIEW clickstream.pages AS
SELECT
       e.message_id AS id, e.anonymous_id, e.user_id, e.event_ts AS "timestamp", e.received_at, e.loaded_at AS uuid_ts,
       e.source, e.ip AS context_ip, e.user_agent AS context_user_agent, e.library_name AS context_library_name,
       e.library_version AS context_library_version, e.page_url AS context_page_url, e.page_path AS context_page_path,
       e.page_referrer AS context_page_referrer, e.page_title AS context_page_title, e.utm_source AS context_campaign_source,
       e.utm_medium AS context_campaign_medium, e.utm_campaign AS context_campaign_name, e.context,
       e.name, e.page_path AS path, e.page_url AS url, e.page_referrer AS referrer, e.page_title AS title, e.properties
FROM clickstream.events e
WHERE e.type = 'page';

CREATE OR REPLACE VIEW clickstream.screens AS
SELECT
       e.message_id AS id, e.anonymous_id, e.user_id, e.event_ts AS "timestamp", e.received_at, e.loaded_at AS uuid_ts,
       e.source, e.ip AS context_ip, e.user_agent AS context_user_agent, e.library_name AS context_library_name,
       e.library_version AS context_library_version, e.page_url AS context_page_url, e.page_path AS context_page_path,
       e.page_referrer AS context_page_referrer, e.page_title AS context_page_title, e.utm_source AS context_campaign_source,
       e.utm_medium AS context_campaign_medium, e.utm_campaign AS context_campaign_name, e.context,
       e.name, e.properties
FROM clickstream.events e
WHERE e.type = 'screen';

CREATE OR REPLACE VIEW clickstream.identifies AS
SELECT
       e.message_id AS id, e.anonymous_id, e.user_id, e.event_ts AS "timestamp", e.received_at, e.loaded_at AS uuid_ts,
       e.source, e.ip AS context_ip, e.user_agent AS context_user_agent, e.library_name AS context_library_name,
       e.library_version AS context_library_version, e.page_url AS context_page_url, e.page_path AS context_page_path,
       e.page_referrer AS context_page_referrer, e.page_title AS context_page_title, e.utm_source AS context_campaign_source,
       e.utm_medium AS context_campaign_medium, e.utm_campaign AS context_campaign_name, e.context,
       e.traits
FROM clickstream.events e
WHERE e.type = 'identify';

CREATE OR REPLACE VIEW clickstream.groups AS
SELECT
       e.message_id AS id, e.anonymous_id, e.user_id, e.event_ts AS "timestamp", e.received_at, e.loaded_at AS uuid_ts,
       e.source, e.ip AS context_ip, e.user_agent AS context_user_agent, e.library_name AS context_library_name,
       e.library_version AS context_library_version, e.page_url AS context_page_url, e.page_path AS context_page_path,
       e.page_referrer AS context_page_referrer, e.page_title AS context_page_title, e.utm_source AS context_campaign_source,
       e.utm_medium AS context_campaign_medium, e.utm_campaign AS context_campaign_name, e.context,
       e.group_id, e.traits
FROM clickstream.events e
WHERE e.type = 'group';

CREATE OR REPLACE VIEW clickstream.aliases AS
SELECT
       e.message_id AS id, e.anonymous_id, e.user_id, e.event_ts AS "timestamp", e.received_at, e.loaded_at AS uuid_ts,
       e.source, e.ip AS context_ip, e.user_agent AS context_user_agent, e.library_name AS context_library_name,
       e.library_version AS context_library_version, e.page_url AS context_page_url, e.page_path AS context_page_path,
       e.page_referrer AS context_page_referrer, e.page_title AS context_page_title, e.utm_source AS context_campaign_source,
       e.utm_medium AS context_campaign_medium, e.utm_campaign AS context_campaign_name, e.context,
       e.previous_id
FROM clickstream.events e
WHERE e.type = 'alias';

-- one row per user: the traits of their latest identify
CREATE OR REPLACE VIEW clickstream.users AS
SELECT u.user_id AS id, u.received_at, u.uuid_ts, u.traits
FROM (SELECT e.user_id, e.received_at, e.loaded_at AS uuid_ts, e.traits,
             ROW_NUMBER() OVER (PARTITION BY e.user_id ORDER BY e.event_ts DESC, e.message_id DESC) AS rn
      FROM clickstream.events e
      WHERE e.type = 'identify' AND e.user_id IS NOT NULL) u
WHERE u.rn = 1;
