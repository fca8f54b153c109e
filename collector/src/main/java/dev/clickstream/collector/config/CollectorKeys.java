package dev.clickstream.collector.config;

import java.util.List;

import static dev.clickstream.collector.config.ConfigKey.between;

/**
 * The collector's settings (HTTP, sources, limits, the sink and its connection, shutdown), each with its default,
 * validation and description: the single source of truth. {@code clickstream collector} takes exactly these;
 * {@code clickstream up} takes these plus the local stack's own keys ({@code dev.clickstream.cli.local.LocalStackKeys}).
 * The keys are declared by group ({@link HttpKeys}, {@link LimitKeys}, {@link SinkKeys}, and here the general,
 * sources, metrics and lifecycle ones); this class inherits every group's constants, so each key is also
 * {@code CollectorKeys.NAME}, and {@link #ALL} lists them all, in the README's order.
 */
public final class CollectorKeys implements HttpKeys, LimitKeys, SinkKeys {
    private CollectorKeys() {}

    public enum SinkType { POSTGRES, KINESIS }

    public enum PartitionKey { MESSAGE_ID_HASH, ANONYMOUS_ID, USER_ID }

    public static final ConfigKey<String> CONFIG_FILE = ConfigKey.stringKey("config.file").group("general")
            .defaultValue("")
            .description("Optional Java properties file holding any of these keys by name. Flags beat environment variables, which beat the file.")
            .build();

    public static final ConfigKey<String> DATA_DIR = ConfigKey.stringKey("data.dir").group("general")
            .defaultValue("./data")
            .check(v -> v.isBlank() ? "must not be empty" : null)
            .description("Directory for local state: the generated development write key and, under up, the embedded PostgreSQL's data.")
            .build();

    public static final ConfigKey<String> SOURCES_FILE = ConfigKey.stringKey("sources.file").group("sources")
            .defaultValue("")
            .description("JSON file listing sources: [{\"name\",\"writeKey\",\"allowedOrigins\",\"anonymizeIp\",\"trackingPlan\":{\"dir\",\"mode\"}}].")
            .build();

    public static final ConfigKey<String> SOURCES_WRITE_KEYS = ConfigKey.stringKey("sources.write-keys").group("sources")
            .defaultValue("").secret()
            .check(v -> v.isBlank() || v.matches("\\s*[A-Za-z0-9_.-]+=[^,]+(,\\s*[A-Za-z0-9_.-]+=[^,]+)*\\s*") ? null
                    : "must look like name=key,name2=key2")
            .description("Sources as name=writeKey pairs, comma-separated (all origins allowed). Added to sources.file.")
            .build();

    public static final ConfigKey<Boolean> SOURCES_DEV_KEY = ConfigKey.boolKey("sources.dev-key").group("sources")
            .defaultValue(true)
            .description("When no source is configured, create a development source 'dev' with a random key kept in data.dir, and print it at start-up.")
            .build();

    public static final ConfigKey<String> METRICS_CLOUDWATCH_NAMESPACE = ConfigKey.stringKey("metrics.cloudwatch-namespace").group("metrics")
            .defaultValue("")
            .check(v -> v.isEmpty() || (v.matches("[A-Za-z0-9._/#:-]{1,255}") && !v.startsWith("AWS/")) ? null
                    : "must be a CloudWatch namespace (letters, digits, . _ / # : -; not AWS/...)")
            .description("Also publish the collector's metrics to CloudWatch in this namespace, once a minute, as embedded-metric-format lines on stdout: the container's log driver carries them, so no CloudWatch API call and no IAM permission. Empty: off. GET /metrics (Prometheus) stays either way. `models run` takes it too: after each run it writes the newest modeled event's age (NewestEventAgeSeconds, dimension Table=events) the same way.")
            .build();

    public static final ConfigKey<Long> SHUTDOWN_DEADLINE_MS = ConfigKey.longKey("shutdown.deadline-ms").group("lifecycle")
            .defaultValue(20_000L).check(between(0L, 600_000L))
            .description("On SIGTERM: how long in-flight requests and the sink flush may take before the process exits.")
            .build();

    public static final List<ConfigKey<?>> ALL = List.of(
            CONFIG_FILE, DATA_DIR,
            HTTP_HOST, HTTP_PORT, HTTP_PUBLIC_HOST, HTTP_TRUSTED_PROXIES, HTTP_MAX_THREADS, HTTP_MAX_CONNECTIONS, HTTP_MAX_INFLIGHT_REQUESTS,
            HTTP_IDLE_TIMEOUT_MS, HTTP_BODY_TIMEOUT_MS, HTTP_BODY_MIN_RATE, HTTP_OPS_HOST, HTTP_OPS_PORT,
            RATELIMIT_IP_PER_SECOND, RATELIMIT_SOURCE_PER_SECOND, RATELIMIT_BURST_SECONDS, RATELIMIT_MAX_IPS,
            SOURCES_FILE, SOURCES_WRITE_KEYS, SOURCES_DEV_KEY,
            LIMIT_MESSAGE_BYTES, LIMIT_BATCH_BYTES, LIMIT_BATCH_MESSAGES, LIMIT_RAW_BODY_BYTES, LIMIT_JSON_DEPTH,
            LIMIT_MESSAGE_ID_CHARS, LIMIT_REJECTION_RAW_CHARS, FUTURE_TIMESTAMP_HOURS,
            LIMIT_JSON_TOKENS, LIMIT_JSON_NUMBER_CHARS, LIMIT_BATCH_CONTEXT_BYTES, LIMIT_ENRICHED_BATCH_BYTES, LIMIT_RECORD_BYTES,
            SINK_TYPE, SINK_DEADLINE_MS, SINK_MAX_INFLIGHT_BYTES, SINK_MAX_BATCH_ROWS, SINK_RETRY_AFTER_SECONDS,
            KINESIS_STREAM, KINESIS_REGION, KINESIS_ENDPOINT, KINESIS_PARTITION_KEY, KINESIS_LINGER_MS,
            KINESIS_MAX_CONCURRENT_PUTS, KINESIS_MAX_BACKOFF_MS, KINESIS_CALL_TIMEOUT_MS,
            PG_JDBC_URL, PG_USER, PG_PASSWORD,
            METRICS_CLOUDWATCH_NAMESPACE, SHUTDOWN_DEADLINE_MS);
}
