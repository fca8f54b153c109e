-- Tables the models write, in portable SQL (runs unchanged on Redshift and PostgreSQL). Idempotent.
-- Part of schema step 1, the baseline (SchemaMigrations): released, so never edited. Change a table in a new step.
-- Column types follow the rulebook: VARCHAR(n) sized in bytes, TIMESTAMP in UTC, DOUBLE PRECISION, BIGINT, BOOLEAN.

CREATE TABLE IF NOT EXISTS clickstream.model_state (
    model          VARCHAR(64)  NOT NULL,
    high_watermark TIMESTAMP    NOT NULL,
    updated_at     TIMESTAMP
);

CREATE TABLE IF NOT EXISTS clickstream.model_runs (
    model       VARCHAR(64)   NOT NULL,
    started_at  TIMESTAMP     NOT NULL,
    finished_at TIMESTAMP,
    rows        BIGINT,
    status      VARCHAR(16)   NOT NULL,
    error       VARCHAR(4096),
    run_upper   TIMESTAMP
);

-- every raw event record, typed; duplicates kept (the events model removes them)
CREATE TABLE IF NOT EXISTS clickstream.stg_events (
    message_id      VARCHAR(128) NOT NULL,
    source          VARCHAR(128),
    type            VARCHAR(16),
    event           VARCHAR(512),
    name            VARCHAR(512),
    user_id         VARCHAR(256),
    anonymous_id    VARCHAR(256),
    group_id        VARCHAR(256),
    previous_id     VARCHAR(256),
    event_ts        TIMESTAMP    NOT NULL,
    received_at     TIMESTAMP,
    loaded_at       TIMESTAMP    NOT NULL,
    arrival_seq     VARCHAR(160) NOT NULL,
    page_url        VARCHAR(2048),
    page_path       VARCHAR(1024),
    page_referrer   VARCHAR(2048),
    page_title      VARCHAR(1024),
    ip              VARCHAR(64),
    user_agent      VARCHAR(1024),
    utm_source      VARCHAR(256),
    utm_medium      VARCHAR(256),
    utm_campaign    VARCHAR(256),
    library_name    VARCHAR(128),
    library_version VARCHAR(64),
    product_id      VARCHAR(256),
    product_category VARCHAR(256),
    brand           VARCHAR(256),
    price           DOUBLE PRECISION,
    revenue         DOUBLE PRECISION,
    order_id        VARCHAR(256),
    properties      VARCHAR(65535),
    context         VARCHAR(65535),
    traits          VARCHAR(65535)
);

-- one row per (source, message_id): the analysts' table
CREATE TABLE IF NOT EXISTS clickstream.events (
    message_id      VARCHAR(128) NOT NULL,
    source          VARCHAR(128),
    type            VARCHAR(16),
    event           VARCHAR(512),
    name            VARCHAR(512),
    user_id         VARCHAR(256),
    anonymous_id    VARCHAR(256),
    user_key        VARCHAR(256) NOT NULL,
    group_id        VARCHAR(256),
    previous_id     VARCHAR(256),
    event_ts        TIMESTAMP    NOT NULL,
    received_at     TIMESTAMP,
    loaded_at       TIMESTAMP    NOT NULL,
    page_url        VARCHAR(2048),
    page_path       VARCHAR(1024),
    page_referrer   VARCHAR(2048),
    page_title      VARCHAR(1024),
    ip              VARCHAR(64),
    user_agent      VARCHAR(1024),
    utm_source      VARCHAR(256),
    utm_medium      VARCHAR(256),
    utm_campaign    VARCHAR(256),
    library_name    VARCHAR(128),
    library_version VARCHAR(64),
    product_id      VARCHAR(256),
    product_category VARCHAR(256),
    brand           VARCHAR(256),
    price           DOUBLE PRECISION,
    revenue         DOUBLE PRECISION,
    order_id        VARCHAR(256),
    properties      VARCHAR(65535),
    context         VARCHAR(65535),
    traits          VARCHAR(65535)
);

CREATE TABLE IF NOT EXISTS clickstream.rejected_events (
    source      VARCHAR(128),
    reason      VARCHAR(64),
    received_at TIMESTAMP,
    message_id  VARCHAR(128),
    "raw"       VARCHAR(65535),
    loaded_at   TIMESTAMP NOT NULL
);

-- every observation that ties an anonymous_id to a user_id (identify, alias, or any event carrying both)
CREATE TABLE IF NOT EXISTS clickstream.identity_links (
    anonymous_id VARCHAR(256) NOT NULL,
    user_id      VARCHAR(256) NOT NULL,
    linked_at    TIMESTAMP    NOT NULL,
    message_id   VARCHAR(128) NOT NULL
);

CREATE TABLE IF NOT EXISTS clickstream.identity_map (
    anonymous_id VARCHAR(256) NOT NULL,
    user_id      VARCHAR(256) NOT NULL,
    first_seen   TIMESTAMP    NOT NULL,
    last_seen    TIMESTAMP    NOT NULL
);

-- one row per session: a run of one device's events (anonymous_id, else user_id) with no gap over the session gap
CREATE TABLE IF NOT EXISTS clickstream.sessions (
    session_id    VARCHAR(32)   NOT NULL,
    session_key   VARCHAR(256)  NOT NULL,
    user_key      VARCHAR(256)  NOT NULL,
    anonymous_id  VARCHAR(256),
    user_id       VARCHAR(256),
    session_start TIMESTAMP     NOT NULL,
    session_end   TIMESTAMP     NOT NULL,
    duration_s    DOUBLE PRECISION NOT NULL,
    events        BIGINT        NOT NULL,
    page_views    BIGINT        NOT NULL,
    landing_page  VARCHAR(1024),
    exit_page     VARCHAR(1024),
    referrer      VARCHAR(2048),
    utm_source    VARCHAR(256),
    utm_medium    VARCHAR(256),
    utm_campaign  VARCHAR(256),
    is_engaged    BOOLEAN       NOT NULL,
    is_bounce     BOOLEAN       NOT NULL,
    is_bot        BOOLEAN       NOT NULL,
    orders        BIGINT        NOT NULL,
    revenue       DOUBLE PRECISION NOT NULL
);

-- funnels: ordered steps; a step counts when it follows the previous one within max_seconds_from_previous
CREATE TABLE IF NOT EXISTS clickstream.funnel_definitions (
    funnel                    VARCHAR(64)  NOT NULL,
    step                      INTEGER      NOT NULL,
    event                     VARCHAR(512) NOT NULL,
    max_seconds_from_previous INTEGER
);

CREATE TABLE IF NOT EXISTS clickstream.funnel_daily (
    funnel                   VARCHAR(64) NOT NULL,
    day                      DATE        NOT NULL,
    step                     INTEGER     NOT NULL,
    users                    BIGINT      NOT NULL,
    conversion_from_previous DOUBLE PRECISION,
    conversion_from_first    DOUBLE PRECISION
);

-- who reached which funnel step on which day (the day of the attempt's step 1): funnel_daily counts these rows, so
-- a run re-counts only the days whose users changed
CREATE TABLE IF NOT EXISTS clickstream.funnel_user_days (
    funnel   VARCHAR(64)  NOT NULL,
    day      DATE         NOT NULL,
    step     INTEGER      NOT NULL,
    user_key VARCHAR(256) NOT NULL
);

CREATE TABLE IF NOT EXISTS clickstream.cart_abandonment (
    user_key     VARCHAR(256) NOT NULL,
    session_id   VARCHAR(32),
    product_id   VARCHAR(256),
    added_at     TIMESTAMP    NOT NULL,
    value        DOUBLE PRECISION,
    abandoned_at TIMESTAMP    NOT NULL,
    message_id   VARCHAR(128) NOT NULL
);

-- the anonymous ids whose stored events the events model re-stitched, per run, so later models can revisit them
CREATE TABLE IF NOT EXISTS clickstream.stitch_changes (
    anonymous_id VARCHAR(256) NOT NULL,
    min_event_ts TIMESTAMP    NOT NULL,
    run_upper    TIMESTAMP    NOT NULL
);

-- the user keys that lost or gained a stored event in a re-stitch (each event's old and new key), per run, so the
-- per-user models revisit exactly those users
CREATE TABLE IF NOT EXISTS clickstream.user_key_changes (
    user_key     VARCHAR(256) NOT NULL,
    min_event_ts TIMESTAMP    NOT NULL,
    run_upper    TIMESTAMP    NOT NULL
);

CREATE TABLE IF NOT EXISTS clickstream.bot_user_agents (
    pattern      VARCHAR(256) NOT NULL,
    list_version VARCHAR(32)  NOT NULL
);

CREATE TABLE IF NOT EXISTS clickstream.bot_flags (
    user_key   VARCHAR(256)  NOT NULL,
    rule       VARCHAR(32)   NOT NULL,
    first_seen TIMESTAMP     NOT NULL,
    last_seen  TIMESTAMP     NOT NULL,
    evidence   VARCHAR(1024)
);

-- the days whose sessions changed, per run, so daily_metrics recomputes exactly those days
CREATE TABLE IF NOT EXISTS clickstream.session_changes (
    day       DATE      NOT NULL,
    run_upper TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS clickstream.daily_metrics (
    day              DATE             NOT NULL,
    unique_visitors  BIGINT           NOT NULL,
    sessions         BIGINT           NOT NULL,
    engaged_sessions BIGINT           NOT NULL,
    bounce_rate      DOUBLE PRECISION,
    orders           BIGINT           NOT NULL,
    revenue          DOUBLE PRECISION NOT NULL,
    conversion_rate  DOUBLE PRECISION,
    bot_sessions     BIGINT           NOT NULL
);

-- order line items (properties.products[] of Order Completed), typed in staging; duplicates kept
CREATE TABLE IF NOT EXISTS clickstream.stg_order_items (
    message_id  VARCHAR(128) NOT NULL,
    arrival_seq VARCHAR(160) NOT NULL,
    item_index  INTEGER      NOT NULL,
    loaded_at   TIMESTAMP    NOT NULL,
    product_id  VARCHAR(256),
    category    VARCHAR(256),
    brand       VARCHAR(256),
    price       DOUBLE PRECISION,
    quantity    DOUBLE PRECISION
);

-- one row per line item of a unique order event
CREATE TABLE IF NOT EXISTS clickstream.order_items (
    message_id VARCHAR(128) NOT NULL,
    item_index INTEGER      NOT NULL,
    product_id VARCHAR(256),
    category   VARCHAR(256),
    brand      VARCHAR(256),
    price      DOUBLE PRECISION,
    quantity   DOUBLE PRECISION
);

-- the users whose bot verdict changed, per run, so product metrics re-count their events
CREATE TABLE IF NOT EXISTS clickstream.bot_changes (
    user_key  VARCHAR(256) NOT NULL,
    run_upper TIMESTAMP    NOT NULL
);

-- views, adds and purchased items per (hour, category, brand): category_hourly and brand_daily are sums of it
CREATE TABLE IF NOT EXISTS clickstream.product_hourly (
    hour      TIMESTAMP    NOT NULL,
    category  VARCHAR(256),
    brand     VARCHAR(256),
    views     BIGINT       NOT NULL,
    adds      BIGINT       NOT NULL,
    purchases BIGINT       NOT NULL
);

-- the hours category_hourly recounted, per run, so brand_daily re-sums exactly their days
CREATE TABLE IF NOT EXISTS clickstream.product_hour_changes (
    hour      TIMESTAMP NOT NULL,
    run_upper TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS clickstream.category_hourly (
    hour      TIMESTAMP    NOT NULL,
    category  VARCHAR(256) NOT NULL,
    views     BIGINT       NOT NULL,
    adds      BIGINT       NOT NULL,
    purchases BIGINT       NOT NULL
);

CREATE TABLE IF NOT EXISTS clickstream.brand_daily (
    day              DATE         NOT NULL,
    brand            VARCHAR(256) NOT NULL,
    views            BIGINT       NOT NULL,
    purchases        BIGINT       NOT NULL,
    view_to_purchase DOUBLE PRECISION
);
