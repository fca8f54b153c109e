-- Redshift: who may read the warehouse. `clickstream models setup` creates the read-only role clickstream_reader
-- (03_reader_role.sql) and grants it USAGE on the schema, SELECT on every table and view, and the same on tables
-- added later (04_reader_grants.sql), so an administrator only grants that role to people, once each, as the user
-- that ran setup (in the AWS deployment, the admin secret's user). Not run by setup: replace the names.
-- Someone who signs in to Query Editor v2 with their IAM identity is the database user "IAMR:<role name>" (an
-- assumed role) or "IAM:<user name>" (an IAM user); the user exists after their first sign-in.
GRANT ROLE clickstream_reader TO "IAMR:AnalystRole";

GRANT ROLE clickstream_reader TO "IAM:alice";
