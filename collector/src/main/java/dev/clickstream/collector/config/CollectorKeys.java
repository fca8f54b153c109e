package dev.clickstream.collector.config;

import dev.clickstream.collector.enrich.ClientAddress;
import dev.clickstream.collector.sink.kinesis.KinesisSink;
import dev.clickstream.collector.validation.IdentifierCheck;

import java.util.List;

import static dev.clickstream.collector.config.ConfigKey.between;

/**
 * The collector's settings (HTTP, sources, limits, the sink and its connection, shutdown), each with its default,
 * validation and description: the single source of truth. {@code clickstream collector} takes exactly these;
 * {@code clickstream up} takes these plus the local stack's own keys ({@code dev.clickstream.cli.local.LocalStackKeys}).
 */
public final class CollectorKeys {
    private CollectorKeys() {}

    public enum SinkType { POSTGRES, KINESIS }

    private static final int MAX_RECORD_BYTES = KinesisSink.MAX_RECORD_BYTES - KinesisSink.MAX_PARTITION_KEY_BYTES;

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

    public static final ConfigKey<String> HTTP_HOST = ConfigKey.stringKey("http.host").group("http")
            .defaultValue("127.0.0.1")
            .description("Address to bind. The default accepts only local connections; use 0.0.0.0 behind a load balancer.")
            .build();

    public static final ConfigKey<Integer> HTTP_PORT = ConfigKey.intKey("http.port").group("http")
            .defaultValue(8080).check(between(0, 65535))
            .description("Port to bind; 0 picks a free port.")
            .build();

    public static final ConfigKey<String> HTTP_PUBLIC_HOST = ConfigKey.stringKey("http.public-host").group("http")
            .defaultValue("")
            .check(v -> v.contains("://") ? "must be host[:port] without a scheme" : null)
            .description("host[:port] that SDKs reach this collector on, served as apiHost by the mobile settings endpoint. Empty: the bound host and port.")
            .build();

    public static final ConfigKey<String> HTTP_TRUSTED_PROXIES = ConfigKey.stringKey("http.trusted-proxies").group("http")
            .defaultValue("")
            .check(ClientAddress::problem)
            .description("Proxies whose forwarding headers are believed: comma-separated CIDRs or addresses (e.g. 10.0.0.0/16, ::1). The client IP is found by walking from the connection's peer leftwards through X-Forwarded-For, then through the for= values of Forwarded (RFC 7239), skipping trusted addresses: the first untrusted IP literal is the client. Anything else (a name, 'unknown', garbage) stops the walk at the last trusted hop. Empty: forwarding headers are ignored and the peer is the client.")
            .build();

    public static final ConfigKey<Integer> HTTP_MAX_THREADS = ConfigKey.intKey("http.max-threads").group("http")
            .defaultValue(200).check(between(8, 2000))
            .description("Maximum Jetty worker threads of the API listener. Bodies are read without blocking and the sink is awaited without blocking, so a request holds a thread only while it is parsed and validated: slow clients and a slow sink cost in-flight slots and connections, never threads.")
            .build();

    public static final ConfigKey<Integer> HTTP_MAX_CONNECTIONS = ConfigKey.intKey("http.max-connections").group("http")
            .defaultValue(1024).check(between(16, 100_000))
            .description("Open client connections at most; further connections wait in the accept backlog. Each costs heap (Jetty's parser and buffers), so this bounds memory under a connection flood. It must be at least http.max-inflight-requests (each request in flight holds one connection; checked at start-up); the default's margin keeps room for keep-alive clients between requests.")
            .build();

    public static final ConfigKey<Integer> HTTP_MAX_INFLIGHT_REQUESTS = ConfigKey.intKey("http.max-inflight-requests").group("http")
            .defaultValue(512).check(between(1, 100_000))
            .description("Ingest requests being handled at once (body being received, validated or awaiting the sink) at most; beyond it a request gets 503 overloaded with Retry-After at once, before its body is read. Request bodies in memory are at most this many times (limits.batch-bytes + the batch's wire size): 512 x ~1 MB by default.")
            .build();

    public static final ConfigKey<Long> HTTP_IDLE_TIMEOUT_MS = ConfigKey.longKey("http.idle-timeout-ms").group("http")
            .defaultValue(10_000L).check(between(1_000L, 600_000L))
            .description("A connection on which nothing arrives for this long is closed (an idle keep-alive connection, or a request whose body stalls).")
            .build();

    public static final ConfigKey<Long> HTTP_BODY_TIMEOUT_MS = ConfigKey.longKey("http.body-timeout-ms").group("http")
            .defaultValue(10_000L).check(between(100L, 600_000L))
            .description("Time a request body may take to arrive, plus one second per http.body-min-rate bytes received; a body still incomplete then gets 408 body_timeout and its connection is closed. So a client sending one byte a second holds its slot about this long, a body arriving at http.body-min-rate or faster is never cut, and the longest any body can take is this plus limits.batch-bytes / http.body-min-rate (about 73 s by default).")
            .build();

    public static final ConfigKey<Integer> HTTP_BODY_MIN_RATE = ConfigKey.intKey("http.body-min-rate").group("http")
            .defaultValue(8 * 1024).check(between(0, 1024 * 1024 * 1024))
            .description("Bytes per second that earn a body one more second beyond http.body-timeout-ms (see there). 0: the body must arrive within http.body-timeout-ms, whatever its size.")
            .build();

    public static final ConfigKey<String> HTTP_OPS_HOST = ConfigKey.stringKey("http.ops-host").group("http")
            .defaultValue("127.0.0.1")
            .description("Address of the operations listener (GET /health, /ready, /metrics), which has its own small thread pool, so it answers however busy the API listener is. Keep it private: loopback, or in a container the task's address that only the load balancer's health check reaches.")
            .build();

    public static final ConfigKey<Integer> HTTP_OPS_PORT = ConfigKey.intKey("http.ops-port").group("http")
            .defaultValue(8082).check(between(0, 65535))
            .description("Port of the operations listener; 0 picks a free port. It must differ from http.port.")
            .build();

    public static final ConfigKey<Long> RATELIMIT_IP_PER_SECOND = ConfigKey.longKey("ratelimit.ip.per-second").group("ratelimit")
            .defaultValue(0L).check(between(0L, 1_000_000L))
            .description("Ingest requests per second one client IP may send (after http.trusted-proxies); above it, 429 with Retry-After before the body is read. 0: no limit. See docs/alerts.md on when to use it rather than the load balancer or a WAF.")
            .build();

    public static final ConfigKey<Long> RATELIMIT_SOURCE_PER_SECOND = ConfigKey.longKey("ratelimit.source.per-second").group("ratelimit")
            .defaultValue(0L).check(between(0L, 10_000_000L))
            .description("Ingest requests per second one source (write key) may send from all clients together; above it, 429 with Retry-After. 0: no limit.")
            .build();

    public static final ConfigKey<Long> RATELIMIT_BURST_SECONDS = ConfigKey.longKey("ratelimit.burst-seconds").group("ratelimit")
            .defaultValue(5L).check(between(1L, 3_600L))
            .description("How many seconds of its rate a client or source may spend at once after being idle (the token bucket's size).")
            .build();

    public static final ConfigKey<Integer> RATELIMIT_MAX_IPS = ConfigKey.intKey("ratelimit.max-ips").group("ratelimit")
            .defaultValue(100_000).check(between(1_000, 10_000_000))
            .description("Client IPs whose buckets are kept at most (the least recently seen are forgotten), bounding memory under address rotation.")
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

    public static final ConfigKey<Integer> LIMIT_MESSAGE_BYTES = ConfigKey.intKey("limits.message-bytes").group("limits")
            .defaultValue(32 * 1024).check(between(1024, 1024 * 1024))
            .description("Largest single message, in bytes after decompression (Segment: 32 KB).")
            .build();

    public static final ConfigKey<Integer> LIMIT_BATCH_BYTES = ConfigKey.intKey("limits.batch-bytes").group("limits")
            .defaultValue(500 * 1024).check(between(1024, 16 * 1024 * 1024))
            .description("Largest batch request, in bytes after decompression (Segment: 500 KB).")
            .build();

    public static final ConfigKey<Integer> LIMIT_BATCH_MESSAGES = ConfigKey.intKey("limits.batch-messages").group("limits")
            .defaultValue(2500).check(between(1, 100_000))
            .description("Most messages in one batch (Segment: 2,500).")
            .build();

    public static final ConfigKey<Integer> LIMIT_RAW_BODY_BYTES = ConfigKey.intKey("limits.raw-body-bytes").group("limits")
            .defaultValue(1024 * 1024).check(between(1024, 64 * 1024 * 1024))
            .description("Largest request body on the wire, before decompression, for any path. Each path also reads at most its own limit (limits.message-bytes or limits.batch-bytes, plus gzip framing when gzipped), and refuses a larger Content-Length before reading.")
            .build();

    public static final ConfigKey<Integer> LIMIT_JSON_DEPTH = ConfigKey.intKey("limits.json-depth").group("limits")
            .defaultValue(64).check(between(4, 1000))
            .description("Deepest JSON nesting accepted.")
            .build();

    public static final ConfigKey<Integer> LIMIT_MESSAGE_ID_CHARS = ConfigKey.intKey("limits.message-id-chars").group("limits")
            .defaultValue(100).check(between(16, IdentifierCheck.MESSAGE_ID_MAX_BYTES))
            .description("Longest messageId accepted (Segment: 100 characters). It must also fit " + IdentifierCheck.MESSAGE_ID_MAX_BYTES
                    + " bytes of UTF-8, the width of the models' message_id column (Redshift counts VARCHAR in bytes).")
            .build();

    public static final ConfigKey<Long> LIMIT_JSON_TOKENS = ConfigKey.longKey("limits.json-tokens").group("limits")
            .defaultValue(150_000L).check(between(1_000L, 10_000_000L))
            .description("Most JSON tokens (brackets, names, values) in one body. Typical SDK messages take about 9 bytes a token, "
                    + "so a full 500 KB batch holds about 55,000; a body of [{},{},…] holds one every 1.5 bytes and costs far more heap than its size.")
            .build();

    public static final ConfigKey<Integer> LIMIT_JSON_NUMBER_CHARS = ConfigKey.intKey("limits.json-number-chars").group("limits")
            .defaultValue(100).check(between(32, 1000))
            .description("Longest JSON number accepted, in characters (a double needs at most 24).")
            .build();

    public static final ConfigKey<Integer> LIMIT_BATCH_CONTEXT_BYTES = ConfigKey.intKey("limits.batch-context-bytes").group("limits")
            .defaultValue(32 * 1024).check(between(1024, 1024 * 1024))
            .description("Largest batch-level context plus integrations, in bytes of JSON. Both are copied into every message of the batch.")
            .build();

    public static final ConfigKey<Long> LIMIT_ENRICHED_BATCH_BYTES = ConfigKey.longKey("limits.enriched-batch-bytes").group("limits")
            .defaultValue(4L * 1024 * 1024).check(between(64L * 1024, 8L * 1024 * 1024 * 1024))
            .description("Largest total of one request's envelopes after enrichment (with the batch context copied into each message); "
                    + "a larger request gets 400 enriched_batch_too_large. sink.max-inflight-bytes bounds it too.")
            .build();

    public static final ConfigKey<Integer> LIMIT_RECORD_BYTES = ConfigKey.intKey("limits.record-bytes").group("limits")
            .defaultValue(MAX_RECORD_BYTES).check(between(16 * 1024, MAX_RECORD_BYTES))
            .description("Largest envelope stored as an event, in bytes; a larger one is stored as a record_too_large rejection. "
                    + "At most Kinesis's 1 MiB record less the largest partition key, for either sink.")
            .build();

    public static final ConfigKey<Integer> LIMIT_REJECTION_RAW_CHARS = ConfigKey.intKey("limits.rejection-raw-chars").group("limits")
            .defaultValue(8192).check(between(256, 1024 * 1024))
            .description("How much of a rejected message's JSON text is kept in its rejection record.")
            .build();

    public static final ConfigKey<Integer> FUTURE_TIMESTAMP_HOURS = ConfigKey.intKey("limits.future-timestamp-hours").group("limits")
            .defaultValue(24).check(between(0, 24 * 365))
            .description("A corrected timestamp further than this in the future is clamped to received_at and marked.")
            .build();

    public static final ConfigKey<SinkType> SINK_TYPE = ConfigKey.enumKey("sink.type", SinkType.class).group("sink")
            .defaultValue(SinkType.POSTGRES)
            .description("Where envelopes go. postgres: clickstream.raw_events over JDBC at postgres.jdbc-url (under up, an embedded PostgreSQL when that is empty). kinesis: PutRecords to kinesis.stream.")
            .build();

    public static final ConfigKey<Long> SINK_DEADLINE_MS = ConfigKey.longKey("sink.deadline-ms").group("sink")
            .defaultValue(5_000L).check(between(100L, 600_000L))
            .description("How long a request waits for a durable commit before it gets 503 with Retry-After.")
            .build();

    public static final ConfigKey<Long> SINK_MAX_INFLIGHT_BYTES = ConfigKey.longKey("sink.max-inflight-bytes").group("sink")
            .defaultValue(16L * 1024 * 1024).check(between(1024L * 1024, 8L * 1024 * 1024 * 1024))
            .description("Bound on envelope bytes held for all requests together, from the moment each envelope is built until it is committed, "
                    + "however idle the sink: a request that does not fit now gets 503 with Retry-After, one larger than the whole bound 400 enriched_batch_too_large.")
            .build();

    public static final ConfigKey<Integer> SINK_MAX_BATCH_ROWS = ConfigKey.intKey("sink.max-batch-rows").group("sink")
            .defaultValue(5_000).check(between(1, 100_000))
            .description("Most rows one group commit writes.")
            .build();

    public static final ConfigKey<Integer> SINK_RETRY_AFTER_SECONDS = ConfigKey.intKey("sink.retry-after-seconds").group("sink")
            .defaultValue(2).check(between(1, 300))
            .description("Retry-After sent with 503 answers.")
            .build();

    public static final ConfigKey<String> KINESIS_STREAM = ConfigKey.stringKey("kinesis.stream").group("kinesis")
            .defaultValue("clickstream-events")
            .check(v -> v.matches("[a-zA-Z0-9_.-]{1,128}") ? null : "must be a Kinesis stream name")
            .description("Kinesis data stream the kinesis sink writes to (keep it lower-case: see docs on Redshift case sensitivity).")
            .build();

    public static final ConfigKey<String> KINESIS_REGION = ConfigKey.stringKey("kinesis.region").group("kinesis")
            .defaultValue("")
            .description("AWS region of the stream. Empty: the SDK's default region chain (AWS_REGION, profile, instance metadata).")
            .build();

    public static final ConfigKey<String> KINESIS_ENDPOINT = ConfigKey.stringKey("kinesis.endpoint").group("kinesis")
            .defaultValue("")
            .check(v -> v.isEmpty() || v.startsWith("http://") || v.startsWith("https://") ? null : "must be an http(s) URL")
            .description("Endpoint override, e.g. http://127.0.0.1:4568 for kinesis-local. Empty: the real AWS endpoint. Credentials always come from the SDK's default provider chain.")
            .build();

    public static final ConfigKey<PartitionKey> KINESIS_PARTITION_KEY = ConfigKey.enumKey("kinesis.partition-key", PartitionKey.class)
            .group("kinesis").defaultValue(PartitionKey.MESSAGE_ID_HASH)
            .description("message_id_hash spreads records evenly over shards (one hot bot cannot throttle a shard); anonymous_id or user_id keep one user's records in one shard, in order.")
            .build();

    public static final ConfigKey<Long> KINESIS_LINGER_MS = ConfigKey.longKey("kinesis.linger-ms").group("kinesis")
            .defaultValue(10L).check(between(0L, 1_000L))
            .description("How long a PutRecords call waits for more records (up to 500 records / 5 MiB) before it is sent.")
            .build();

    public static final ConfigKey<Integer> KINESIS_MAX_CONCURRENT_PUTS = ConfigKey.intKey("kinesis.max-concurrent-puts").group("kinesis")
            .defaultValue(8).check(between(1, 256))
            .description("PutRecords calls in flight at once.")
            .build();

    public static final ConfigKey<Long> KINESIS_MAX_BACKOFF_MS = ConfigKey.longKey("kinesis.max-backoff-ms").group("kinesis")
            .defaultValue(2_000L).check(between(10L, 60_000L))
            .description("Cap of the exponential backoff (with full jitter) between retries of failed records.")
            .build();

    public static final ConfigKey<Long> KINESIS_CALL_TIMEOUT_MS = ConfigKey.longKey("kinesis.call-timeout-ms").group("kinesis")
            .defaultValue(5_000L).check(between(100L, 60_000L))
            .description("Timeout of one PutRecords call; a call that times out is retried like a failed one.")
            .build();

    public static final ConfigKey<String> PG_JDBC_URL = ConfigKey.stringKey("postgres.jdbc-url").group("postgres")
            .defaultValue("")
            .check(v -> v.isEmpty() || v.startsWith("jdbc:postgresql:") ? null : "must start with jdbc:postgresql:")
            .description("JDBC URL of the PostgreSQL the postgres sink writes to; the collector command requires it with sink.type=postgres. Empty under up: start an embedded PostgreSQL with its data in data.dir.")
            .build();

    public static final ConfigKey<String> PG_USER = ConfigKey.stringKey("postgres.user").group("postgres")
            .defaultValue("postgres")
            .description("PostgreSQL user.")
            .build();

    public static final ConfigKey<String> PG_PASSWORD = ConfigKey.stringKey("postgres.password").group("postgres")
            .defaultValue("").secret()
            .description("PostgreSQL password.")
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
