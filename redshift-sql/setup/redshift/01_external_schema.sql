-- Redshift setup, step 1: the schema the models write to, and the external schema over the account's Kinesis
-- streams. IAM_ROLE default uses the role set as default on the namespace (see IAM.md for what it needs).
CREATE SCHEMA IF NOT EXISTS clickstream;

CREATE EXTERNAL SCHEMA IF NOT EXISTS kds
FROM KINESIS
IAM_ROLE default;
