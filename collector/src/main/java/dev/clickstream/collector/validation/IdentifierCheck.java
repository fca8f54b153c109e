package dev.clickstream.collector.validation;

import dev.clickstream.collector.auth.Source;
import dev.clickstream.collector.ingest.Text;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/**
 * The ids that become keys downstream. messageId is the dedup key and the direct sink's partition key: a string of
 * bounded length. messageId, userId and anonymousId can each become a partition key (Kinesis, COPY's partition_key
 * column), where a control character breaks the write: they must hold none. A missing messageId is generated at
 * enrichment.
 */
public final class IdentifierCheck implements MessageCheck {
    /** The models' message_id column is VARCHAR(128), which Redshift counts in bytes. */
    public static final int MESSAGE_ID_MAX_BYTES = 128;
    private static final String[] KEY_FIELDS = {"userId", "anonymousId"};
    private static final String[] KEY_CODES = {"invalid_user_id", "invalid_anonymous_id"};

    private final int maxChars;

    public IdentifierCheck(int maxChars) {
        this.maxChars = maxChars;
    }

    @Override
    public Rejection check(ObjectNode message, Source source, Verdict verdict) {
        Rejection r = checkMessageId(message.get("messageId"));
        if (r != null) return r;
        for (int i = 0; i < KEY_FIELDS.length; i++) {
            JsonNode v = message.get(KEY_FIELDS[i]);
            if (v != null && v.isString() && Text.hasControlCharacter(v.stringValue())) {
                return new Rejection(KEY_CODES[i], KEY_FIELDS[i] + " must not contain control characters.");
            }
        }
        return null;
    }

    private Rejection checkMessageId(JsonNode id) {
        if (id == null || id.isNull()) return null;
        if (!id.isString()) return new Rejection("invalid_message_id", "messageId must be a string.");
        String s = id.stringValue();
        if (s.length() > maxChars || (s.length() * 3 > MESSAGE_ID_MAX_BYTES
                && s.getBytes(StandardCharsets.UTF_8).length > MESSAGE_ID_MAX_BYTES)) {
            return new Rejection("message_id_too_long",
                    "messageId is longer than " + maxChars + " characters or " + MESSAGE_ID_MAX_BYTES + " bytes of UTF-8.");
        }
        if (Text.hasControlCharacter(s)) {
            return new Rejection("invalid_message_id", "messageId must not contain control characters.");
        }
        return null;
    }
}
