package dev.clickstream.collector.config;

import static dev.clickstream.collector.config.ConfigKey.between;

/**
 * Where envelopes go and how (sink.*), and each sink's connection: Kinesis (kinesis.*) and PostgreSQL (postgres.*).
 * Part of {@link CollectorKeys}, which composes every group into {@link CollectorKeys#ALL}.
 */
public interface SinkKeys {
    ConfigKey<CollectorKeys.SinkType> SINK_TYPE = ConfigKey.enumKey("sink.type", CollectorKeys.SinkType.class).group("sink")
            .defaultValue(CollectorKeys.SinkType.POSTGRES)
            .description("Where envelopes go. postgres: clickstream.raw_events over JDBC at postgres.jdbc-url (under up, an embedded PostgreSQL when that is empty). kinesis: PutRecords to kinesis.stream.")
            .build();

    ConfigKey<Long> SINK_DEADLINE_MS = ConfigKey.longKey("sink.deadline-ms").group("sink")
            .defaultValue(5_000L).check(between(100L, 600_000L))
            .description("How long a request waits for a durable commit before it gets 503 with Retry-After.")
            .build();

    ConfigKey<Long> SINK_MAX_INFLIGHT_BYTES = ConfigKey.longKey("sink.max-inflight-bytes").group("sink")
            .defaultValue(16L * 1024 * 1024).check(between(1024L * 1024, 8L * 1024 * 1024 * 1024))
            .description("Bound on envelope bytes held for all requests together, from the moment each envelope is built until it is committed, "
                    + "however idle the sink: a request that does not fit now gets 503 with Retry-After, one larger than the whole bound 400 enriched_batch_too_large.")
            .build();

    ConfigKey<Integer> SINK_MAX_BATCH_ROWS = ConfigKey.intKey("sink.max-batch-rows").group("sink")
            .defaultValue(5_000).check(between(1, 100_000))
            .description("Most rows one group commit writes.")
            .build();

    ConfigKey<Integer> SINK_RETRY_AFTER_SECONDS = ConfigKey.intKey("sink.retry-after-seconds").group("sink")
            .defaultValue(2).check(between(1, 300))
            .description("Retry-After sent with 503 answers.")
            .build();

    ConfigKey<String> KINESIS_STREAM = ConfigKey.stringKey("kinesis.stream").group("kinesis")
            .defaultValue("clickstream-events")
            .check(v -> v.matches("[a-zA-Z0-9_.-]{1,128}") ? null : "must be a Kinesis stream name")
            .description("Kinesis data stream the kinesis sink writes to (keep it lower-case: see docs on Redshift case sensitivity).")
            .build();

    ConfigKey<String> KINESIS_REGION = ConfigKey.stringKey("kinesis.region").group("kinesis")
            .defaultValue("")
            .description("AWS region of the stream. Empty: the SDK's default region chain (AWS_REGION, profile, instance metadata).")
            .build();

    ConfigKey<String> KINESIS_ENDPOINT = ConfigKey.stringKey("kinesis.endpoint").group("kinesis")
            .defaultValue("")
            .check(v -> v.isEmpty() || v.startsWith("http://") || v.startsWith("https://") ? null : "must be an http(s) URL")
            .description("Endpoint override, e.g. http://127.0.0.1:4568 for kinesis-local. Empty: the real AWS endpoint. Credentials always come from the SDK's default provider chain.")
            .build();

    ConfigKey<CollectorKeys.PartitionKey> KINESIS_PARTITION_KEY = ConfigKey.enumKey("kinesis.partition-key", CollectorKeys.PartitionKey.class)
            .group("kinesis").defaultValue(CollectorKeys.PartitionKey.MESSAGE_ID_HASH)
            .description("message_id_hash spreads records evenly over shards (one hot bot cannot throttle a shard); anonymous_id or user_id keep one user's records in one shard, in order.")
            .build();

    ConfigKey<Long> KINESIS_LINGER_MS = ConfigKey.longKey("kinesis.linger-ms").group("kinesis")
            .defaultValue(10L).check(between(0L, 1_000L))
            .description("How long a PutRecords call waits for more records (up to 500 records / 5 MiB) before it is sent.")
            .build();

    ConfigKey<Integer> KINESIS_MAX_CONCURRENT_PUTS = ConfigKey.intKey("kinesis.max-concurrent-puts").group("kinesis")
            .defaultValue(8).check(between(1, 256))
            .description("PutRecords calls in flight at once.")
            .build();

    ConfigKey<Long> KINESIS_MAX_BACKOFF_MS = ConfigKey.longKey("kinesis.max-backoff-ms").group("kinesis")
            .defaultValue(2_000L).check(between(10L, 60_000L))
            .description("Cap of the exponential backoff (with full jitter) between retries of failed records.")
            .build();

    ConfigKey<Long> KINESIS_CALL_TIMEOUT_MS = ConfigKey.longKey("kinesis.call-timeout-ms").group("kinesis")
            .defaultValue(5_000L).check(between(100L, 60_000L))
            .description("Timeout of one PutRecords call; a call that times out is retried like a failed one.")
            .build();

    ConfigKey<String> PG_JDBC_URL = ConfigKey.stringKey("postgres.jdbc-url").group("postgres")
            .defaultValue("")
            .check(v -> v.isEmpty() || v.startsWith("jdbc:postgresql:") ? null : "must start with jdbc:postgresql:")
            .description("JDBC URL of the PostgreSQL the postgres sink writes to; the collector command requires it with sink.type=postgres. Empty under up: start an embedded PostgreSQL with its data in data.dir.")
            .build();

    ConfigKey<String> PG_USER = ConfigKey.stringKey("postgres.user").group("postgres")
            .defaultValue("postgres")
            .description("PostgreSQL user.")
            .build();

    ConfigKey<String> PG_PASSWORD = ConfigKey.stringKey("postgres.password").group("postgres")
            .defaultValue("").secret()
            .description("PostgreSQL password.")
            .build();
}
