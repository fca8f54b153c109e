-- The schema every clickstream table lives in.
CREATE SCHEMA IF NOT EXISTS clickstream;
