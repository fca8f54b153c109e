package dev.clickstream.collector.ingest;

import dev.clickstream.collector.auth.Source;
import dev.clickstream.collector.enrich.EnvelopeBuilder;
import dev.clickstream.collector.enrich.RejectionBuilder;
import dev.clickstream.collector.sink.SinkRecord;
import dev.clickstream.collector.validation.MessageValidator;
import dev.clickstream.collector.validation.Rejection;
import dev.clickstream.collector.validation.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.concurrent.TimeUnit;

/**
 * Turns one message into exactly one sink record: its event envelope, or its rejection record. Never throws:
 * whatever goes wrong with one message (even a bug) becomes that message's rejection, never the request's failure.
 */
public final class RecordBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(RecordBuilder.class);
    private static final Rejection FAILED = new Rejection("enrichment_failed", "The collector could not process this message.");

    /**
     * @param type      the message's type, as sent (null when not a string)
     * @param rejection null for an event
     */
    public record Built(SinkRecord record, String type, Rejection rejection) {}

    private final MessageValidator validator;
    private final EnvelopeBuilder envelopes;
    private final RejectionBuilder rejections;
    private final JsonCodec json;
    private final int maxMessageBytes;
    private final int maxRecordBytes;
    private final RateLimitedLog failures = new RateLimitedLog(LOG, "messages failed enrichment; stored as rejection records",
            TimeUnit.SECONDS.toNanos(10));

    /** @param maxRecordBytes largest envelope: the smaller of the configured limit and the sink's own */
    public RecordBuilder(MessageValidator validator, EnvelopeBuilder envelopes, RejectionBuilder rejections, JsonCodec json,
                         int maxMessageBytes, int maxRecordBytes) {
        this.validator = validator;
        this.envelopes = envelopes;
        this.rejections = rejections;
        this.json = json;
        this.maxMessageBytes = maxMessageBytes;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** @param checkSize whether the message may exceed the per-message limit (it came in a larger batch body) */
    public Built build(JsonNode m, Source source, RequestInfo request, boolean checkSize) {
        Rejection rejection;
        String type = null;
        try {
            type = RejectionBuilder.text(m, "type");
            if (!m.isObject()) {
                rejection = new Rejection("invalid_message", "A message must be a JSON object.");
            } else {
                ObjectNode msg = (ObjectNode) m;
                boolean unicodeReplaced = LoneSurrogates.takeMark(msg);
                if (checkSize && json.size(msg, maxMessageBytes) > maxMessageBytes) {
                    rejection = new Rejection("message_too_large", "The message exceeds " + maxMessageBytes + " bytes.");
                } else {
                    Verdict verdict = validator.validate(msg, source);
                    if (!verdict.accepted()) {
                        rejection = verdict.rejection();
                    } else {
                        ObjectNode env = envelopes.build(msg, source, request, verdict.violations(), unicodeReplaced);
                        byte[] payload = json.write(env);
                        if (payload.length <= maxRecordBytes) {
                            return new Built(new SinkRecord(env.get("message_id").stringValue(), text(env, "anonymous_id"),
                                    text(env, "user_id"), payload, false), type, null);
                        }
                        rejection = new Rejection("record_too_large",
                                "The envelope is " + payload.length + " bytes; at most " + maxRecordBytes + " are stored.");
                    }
                }
            }
            return new Built(rejection(rejections.build(m, rejection, source, request.receivedAt())), type, rejection);
        } catch (RuntimeException e) {
            failures.warn(e.getClass().getSimpleName(), 1);
            return new Built(refused(messageIdOf(m), type, FAILED, source, request), type, FAILED);
        }
    }

    /**
     * A rejection record without the message's text (which could fail the same way again), from what is kept of a
     * record after it is handed to the sink: its key and type, not its message.
     */
    public SinkRecord refused(String messageId, String type, Rejection why, Source source, RequestInfo request) {
        return rejection(rejections.withoutRaw(messageId, type, why, source, request.receivedAt()));
    }

    private static String messageIdOf(JsonNode m) {
        try {
            return RejectionBuilder.text(m, "messageId");
        } catch (RuntimeException e) {
            return null;
        }
    }

    private SinkRecord rejection(ObjectNode rej) {
        return new SinkRecord(text(rej, "message_id"), null, null, json.write(rej), true);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isString() ? v.stringValue() : null;
    }
}
