package dev.clickstream.collector.http;

import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/track|identify|page|screen|group|alias} and the browser's {@code /v1/t|i|p|s|g|a}: one message whose
 * type the path implies. A body {@code type} is accepted only when it agrees with the path.
 */
final class SingleMessageHandler extends IngestEndpoint {
    private final String type;

    SingleMessageHandler(IngestDeps deps, String type) {
        super(deps);
        this.type = type;
    }

    @Override
    protected String endpoint() {
        return type;
    }

    @Override
    protected int bodyLimit() {
        return deps.maxMessageBytes();
    }

    @Override
    protected String tooLargeCode() {
        return "message_too_large";
    }

    @Override
    protected boolean singleMessage() {
        return true;
    }

    @Override
    protected Parsed parse(Context ctx, byte[] body) {
        JsonNode root = deps.json().parse(body);
        if (!root.isObject()) throw ApiError.badRequest("invalid_message", "The body must be a JSON object.");
        ObjectNode msg = (ObjectNode) root;
        JsonNode bodyType = msg.get("type");
        if (bodyType == null || bodyType.isNull()) {
            msg.put("type", type);
        } else if (!bodyType.isString() || !type.equals(bodyType.stringValue())) {
            throw ApiError.badRequest("type_mismatch", "This path takes " + type + " messages; the body says " + bodyType + ".");
        }
        List<String> keys = new ArrayList<>(1);
        JsonNode key = msg.get("writeKey");
        if (key != null && key.isString()) keys.add(key.stringValue());
        return new Parsed(List.of(msg), null, null, null, keys);
    }
}
