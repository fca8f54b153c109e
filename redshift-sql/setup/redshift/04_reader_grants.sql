-- Redshift setup, a repeatable file (SchemaMigrations: re-run by every setup after the schema steps, so it grants on
-- every table and view): what the role clickstream_reader (created once, by 03_reader_role.sql in schema step 1) may
-- read. Every statement is safe to repeat: setup runs on every deploy.
-- - GRANT ... TO ROLE: https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html. ALL TABLES IN SCHEMA covers the
--   tables, the views and the streaming view that exist now.
-- - ALTER DEFAULT PRIVILEGES ... TO ROLE (https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_DEFAULT_PRIVILEGES.html)
--   covers what this user creates later, such as a table an upgrade adds: setup and the models run as one user.
GRANT USAGE ON SCHEMA clickstream TO ROLE clickstream_reader;

GRANT SELECT ON ALL TABLES IN SCHEMA clickstream TO ROLE clickstream_reader;

ALTER DEFAULT PRIVILEGES IN SCHEMA clickstream GRANT SELECT ON TABLES TO ROLE clickstream_reader;
