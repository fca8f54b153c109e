-- Redshift grants, run once by an administrator (not by `clickstream models setup`): replace the role names.
-- The model runner needs to own or write the clickstream tables; analysts only read them.
-- Scheduled Data API statements run as the IAM role's database user, "IAMR:<role name>".
GRANT USAGE ON SCHEMA clickstream TO "IAMR:clickstream-model-runner";
GRANT ALL ON ALL TABLES IN SCHEMA clickstream TO "IAMR:clickstream-model-runner";
GRANT USAGE ON SCHEMA clickstream TO GROUP analysts;
GRANT SELECT ON ALL TABLES IN SCHEMA clickstream TO GROUP analysts;
ALTER DEFAULT PRIVILEGES IN SCHEMA clickstream GRANT SELECT ON TABLES TO GROUP analysts;
