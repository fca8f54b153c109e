package dev.clickstream.collector.enrich;

import dev.clickstream.collector.auth.Source;
import dev.clickstream.collector.ingest.JsonCodec;
import dev.clickstream.collector.ingest.Text;
import dev.clickstream.collector.validation.IdentifierCheck;
import dev.clickstream.collector.validation.Rejection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * A rejected message still reaches the warehouse, as a rejection record: reason, source, receive time and
 * the original JSON cut to a bound, so rejections are queryable. The write key is removed first. The ids it keeps
 * are cut to their bounds with control characters replaced, since one of them becomes the record's partition key.
 */
public final class RejectionBuilder {
    public static final String KIND_REJECTION = "rejection";

    private final JsonCodec json;
    private final int rawMaxChars;
    private final int idMaxChars;

    public RejectionBuilder(JsonCodec json, int rawMaxChars, int idMaxChars) {
        this.json = json;
        this.rawMaxChars = rawMaxChars;
        this.idMaxChars = idMaxChars;
    }

    public ObjectNode build(JsonNode message, Rejection rejection, Source source, Instant receivedAt) {
        if (message.isObject()) {
            ((ObjectNode) message).remove("writeKey");
        }
        ObjectNode env = withoutRaw(text(message, "messageId"), text(message, "type"), rejection, source, receivedAt);
        String raw = json.writeString(message);
        env.put("raw_truncated", raw.length() > rawMaxChars);
        env.put("raw", Text.cut(raw, rawMaxChars));
        return env;
    }

    /**
     * A rejection record without the message's text, for a record the sink refused for its content (the text
     * would fail the same way again) or a message the collector failed on.
     */
    public ObjectNode withoutRaw(String messageId, String type, Rejection rejection, Source source, Instant receivedAt) {
        ObjectNode env = json.object();
        env.put("kind", KIND_REJECTION);
        env.put("source", source.name());
        env.put("reason", rejection.code());
        env.put("reason_message", Text.cut(rejection.message(), 1000));
        env.put("received_at", Timestamps.format(receivedAt));
        if (messageId != null) env.put("message_id", messageId(messageId));
        if (type != null) env.put("type", Text.replaceControlCharacters(Text.cut(type, 32)));
        return env;
    }

    /** The field's text, or null when the message is not an object or the field is not a string. */
    public static String text(JsonNode message, String field) {
        JsonNode v = message.path(field);
        return v.isString() ? v.stringValue() : null;
    }

    private String messageId(String id) {
        String cut = Text.cutUtf8(Text.cut(id, idMaxChars), IdentifierCheck.MESSAGE_ID_MAX_BYTES);
        return Text.replaceControlCharacters(cut);
    }
}
