package dev.clickstream.collector.config;

import dev.clickstream.collector.sink.kinesis.KinesisSink;
import dev.clickstream.collector.validation.IdentifierCheck;

import static dev.clickstream.collector.config.ConfigKey.between;

/**
 * What one request, message or record may hold (limits.*): every byte a client controls is bounded before it is
 * spent. Part of {@link CollectorKeys}, which composes every group into {@link CollectorKeys#ALL}.
 */
public interface LimitKeys {
    ConfigKey<Integer> LIMIT_MESSAGE_BYTES = ConfigKey.intKey("limits.message-bytes").group("limits")
            .defaultValue(32 * 1024).check(between(1024, 1024 * 1024))
            .description("Largest single message, in bytes after decompression (Segment: 32 KB).")
            .build();

    ConfigKey<Integer> LIMIT_BATCH_BYTES = ConfigKey.intKey("limits.batch-bytes").group("limits")
            .defaultValue(500 * 1024).check(between(1024, 16 * 1024 * 1024))
            .description("Largest batch request, in bytes after decompression (Segment: 500 KB).")
            .build();

    ConfigKey<Integer> LIMIT_BATCH_MESSAGES = ConfigKey.intKey("limits.batch-messages").group("limits")
            .defaultValue(2500).check(between(1, 100_000))
            .description("Most messages in one batch (Segment: 2,500).")
            .build();

    ConfigKey<Integer> LIMIT_RAW_BODY_BYTES = ConfigKey.intKey("limits.raw-body-bytes").group("limits")
            .defaultValue(1024 * 1024).check(between(1024, 64 * 1024 * 1024))
            .description("Largest request body on the wire, before decompression, for any path. Each path also reads at most its own limit (limits.message-bytes or limits.batch-bytes, plus gzip framing when gzipped), and refuses a larger Content-Length before reading.")
            .build();

    ConfigKey<Integer> LIMIT_JSON_DEPTH = ConfigKey.intKey("limits.json-depth").group("limits")
            .defaultValue(64).check(between(4, 1000))
            .description("Deepest JSON nesting accepted.")
            .build();

    ConfigKey<Integer> LIMIT_MESSAGE_ID_CHARS = ConfigKey.intKey("limits.message-id-chars").group("limits")
            .defaultValue(100).check(between(16, IdentifierCheck.MESSAGE_ID_MAX_BYTES))
            .description("Longest messageId accepted (Segment: 100 characters). It must also fit " + IdentifierCheck.MESSAGE_ID_MAX_BYTES
                    + " bytes of UTF-8, the width of the models' message_id column (Redshift counts VARCHAR in bytes).")
            .build();

    ConfigKey<Long> LIMIT_JSON_TOKENS = ConfigKey.longKey("limits.json-tokens").group("limits")
            .defaultValue(150_000L).check(between(1_000L, 10_000_000L))
            .description("Most JSON tokens (brackets, names, values) in one body. Typical SDK messages take about 9 bytes a token, "
                    + "so a full 500 KB batch holds about 55,000; a body of [{},{},…] holds one every 1.5 bytes and costs far more heap than its size.")
            .build();

    ConfigKey<Integer> LIMIT_JSON_NUMBER_CHARS = ConfigKey.intKey("limits.json-number-chars").group("limits")
            .defaultValue(100).check(between(32, 1000))
            .description("Longest JSON number accepted, in characters (a double needs at most 24).")
            .build();

    ConfigKey<Integer> LIMIT_BATCH_CONTEXT_BYTES = ConfigKey.intKey("limits.batch-context-bytes").group("limits")
            .defaultValue(32 * 1024).check(between(1024, 1024 * 1024))
            .description("Largest batch-level context plus integrations, in bytes of JSON. Both are copied into every message of the batch.")
            .build();

    ConfigKey<Long> LIMIT_ENRICHED_BATCH_BYTES = ConfigKey.longKey("limits.enriched-batch-bytes").group("limits")
            .defaultValue(4L * 1024 * 1024).check(between(64L * 1024, 8L * 1024 * 1024 * 1024))
            .description("Largest total of one request's envelopes after enrichment (with the batch context copied into each message); "
                    + "a larger request gets 400 enriched_batch_too_large. sink.max-inflight-bytes bounds it too.")
            .build();

    ConfigKey<Integer> LIMIT_RECORD_BYTES = ConfigKey.intKey("limits.record-bytes").group("limits")
            .defaultValue(KinesisSink.MAX_PAYLOAD_BYTES).check(between(16 * 1024, KinesisSink.MAX_PAYLOAD_BYTES))
            .description("Largest envelope stored as an event, in bytes; a larger one is stored as a record_too_large rejection. "
                    + "At most Kinesis's 1 MiB record less the largest partition key, for either sink.")
            .build();

    ConfigKey<Integer> LIMIT_REJECTION_RAW_CHARS = ConfigKey.intKey("limits.rejection-raw-chars").group("limits")
            .defaultValue(8192).check(between(256, 1024 * 1024))
            .description("How much of a rejected message's JSON text is kept in its rejection record.")
            .build();

    ConfigKey<Integer> FUTURE_TIMESTAMP_HOURS = ConfigKey.intKey("limits.future-timestamp-hours").group("limits")
            .defaultValue(24).check(between(0, 24 * 365))
            .description("A corrected timestamp further than this in the future is clamped to received_at and marked.")
            .build();
}
