-- Redshift setup, a repeatable file (SchemaMigrations: re-run by every setup after the schema steps, so it grants on
-- every table and view): the read-only role clickstream_reader, the same name as PostgreSQL's
-- (setup/postgres/04_reader_role.sql). Analysts and the dashboard read through it; an
-- administrator only grants it to people (GRANT ROLE clickstream_reader TO "IAMR:AnalystRole", see docs/aws.md).
-- Every statement is safe to repeat: setup runs on every deploy.
-- - CREATE ROLE has no IF NOT EXISTS (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_ROLE.html), so the runner
--   skips it when SVV_ROLES, "visible to all users", lists the role (https://docs.aws.amazon.com/redshift/latest/dg/r_SVV_ROLES.html).
-- - GRANT ... TO ROLE: https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html. ALL TABLES IN SCHEMA covers the
--   tables, the views and the streaming view that exist now.
-- - ALTER DEFAULT PRIVILEGES ... TO ROLE (https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_DEFAULT_PRIVILEGES.html)
--   covers what this user creates later, such as a table an upgrade adds: setup and the models run as one user.
-- unless exists: SELECT 1 FROM svv_roles WHERE role_name = 'clickstream_reader'
CREATE ROLE clickstream_reader;

GRANT USAGE ON SCHEMA clickstream TO ROLE clickstream_reader;

GRANT SELECT ON ALL TABLES IN SCHEMA clickstream TO ROLE clickstream_reader;

ALTER DEFAULT PRIVILEGES IN SCHEMA clickstream GRANT SELECT ON TABLES TO ROLE clickstream_reader;
