-- PostgreSQL only: indexes keep each incremental run's cost proportional to the new data (Redshift uses sort keys).
-- Part of schema step 1, the baseline (SchemaMigrations): released, so never edited. Add or drop indexes in a new step.
-- Every index on events costs each insert and update, so there is none on anonymous_id alone: models reach an
-- anonymous_id's events through events_session_key, with COALESCE(anonymous_id, user_id) = the id AND
-- anonymous_id IS NOT NULL.
CREATE INDEX IF NOT EXISTS stg_events_loaded_at ON clickstream.stg_events (loaded_at);
CREATE INDEX IF NOT EXISTS events_message_id ON clickstream.events (message_id);
CREATE INDEX IF NOT EXISTS events_loaded_at ON clickstream.events (loaded_at);
DROP INDEX IF EXISTS clickstream.events_anonymous_id;
CREATE INDEX IF NOT EXISTS identity_links_anonymous_id ON clickstream.identity_links (anonymous_id);
CREATE INDEX IF NOT EXISTS identity_map_anonymous_id ON clickstream.identity_map (anonymous_id);
CREATE INDEX IF NOT EXISTS events_session_key ON clickstream.events (COALESCE(anonymous_id, user_id), event_ts);
CREATE INDEX IF NOT EXISTS sessions_key_start ON clickstream.sessions (session_key, session_start);
CREATE INDEX IF NOT EXISTS sessions_user_key ON clickstream.sessions (user_key);
CREATE INDEX IF NOT EXISTS sessions_start ON clickstream.sessions (session_start);
CREATE INDEX IF NOT EXISTS events_user_key ON clickstream.events (user_key, event_ts);
CREATE INDEX IF NOT EXISTS events_ip ON clickstream.events (ip, event_ts);
CREATE INDEX IF NOT EXISTS funnel_user_days_user_key ON clickstream.funnel_user_days (user_key, day);
CREATE INDEX IF NOT EXISTS funnel_user_days_day ON clickstream.funnel_user_days (funnel, day, step);
CREATE INDEX IF NOT EXISTS bot_flags_user_key ON clickstream.bot_flags (user_key);
CREATE INDEX IF NOT EXISTS cart_abandonment_added_at ON clickstream.cart_abandonment (added_at);
CREATE INDEX IF NOT EXISTS events_event_ts ON clickstream.events (event_ts);
CREATE INDEX IF NOT EXISTS stg_order_items_message_id ON clickstream.stg_order_items (message_id);
CREATE INDEX IF NOT EXISTS order_items_message_id ON clickstream.order_items (message_id);
-- the per-run change logs grow with every run; later models read only the current run's rows
CREATE INDEX IF NOT EXISTS stitch_changes_run_upper ON clickstream.stitch_changes (run_upper);
CREATE INDEX IF NOT EXISTS user_key_changes_run_upper ON clickstream.user_key_changes (run_upper);
CREATE INDEX IF NOT EXISTS session_changes_run_upper ON clickstream.session_changes (run_upper);
CREATE INDEX IF NOT EXISTS bot_changes_run_upper ON clickstream.bot_changes (run_upper);
CREATE INDEX IF NOT EXISTS product_hour_changes_run_upper ON clickstream.product_hour_changes (run_upper);
CREATE INDEX IF NOT EXISTS product_hourly_hour ON clickstream.product_hourly (hour);
