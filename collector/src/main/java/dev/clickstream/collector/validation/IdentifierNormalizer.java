package dev.clickstream.collector.validation;

import dev.clickstream.collector.auth.Source;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Raw HTTP callers send numeric ids; Segment's Python SDK stringifies them. Do the same before the schema check. */
public final class IdentifierNormalizer implements MessageCheck {
    private static final String[] ID_FIELDS = {"userId", "anonymousId", "previousId", "groupId"};

    @Override
    public Rejection check(ObjectNode message, Source source, Verdict verdict) {
        for (String field : ID_FIELDS) {
            JsonNode v = message.get(field);
            if (v != null && v.isNumber()) message.put(field, v.asString());
        }
        return null;
    }
}
