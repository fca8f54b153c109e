-- PostgreSQL only: a role that can only read the clickstream schema. The dashboard's sessions take it (SET ROLE) on
-- top of a read-only transaction mode; in Redshift, grants.sql gives analysts the same through GROUP analysts.

-- unless exists: SELECT 1 FROM pg_roles WHERE rolname = 'clickstream_reader'
CREATE ROLE clickstream_reader NOLOGIN;

GRANT USAGE ON SCHEMA clickstream TO clickstream_reader;

GRANT SELECT ON ALL TABLES IN SCHEMA clickstream TO clickstream_reader;

ALTER DEFAULT PRIVILEGES IN SCHEMA clickstream GRANT SELECT ON TABLES TO clickstream_reader;
