package dev.clickstream.collector.validation;

import dev.clickstream.collector.auth.Source;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** messageId is the dedup key downstream: a string of bounded length. A missing one is generated at enrichment. */
public final class MessageIdCheck implements MessageCheck {
    private final int maxChars;

    public MessageIdCheck(int maxChars) {
        this.maxChars = maxChars;
    }

    @Override
    public Rejection check(ObjectNode message, Source source, Verdict verdict) {
        JsonNode id = message.get("messageId");
        if (id == null || id.isNull()) return null;
        if (!id.isString()) return new Rejection("invalid_message_id", "messageId must be a string.");
        if (id.stringValue().length() > maxChars) {
            return new Rejection("message_id_too_long", "messageId is longer than " + maxChars + " characters.");
        }
        return null;
    }
}
