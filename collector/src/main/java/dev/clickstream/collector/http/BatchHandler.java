package dev.clickstream.collector.http;

import io.javalin.http.Context;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /v1/batch}, {@code /v1/import}, {@code /v1/import/} and {@code /v1/b}: one endpoint under four names.
 * The envelope's {@code context} and {@code integrations} are merged into each message later, without sharing state.
 */
final class BatchHandler extends IngestEndpoint {
    BatchHandler(IngestDeps deps) {
        super(deps);
    }

    @Override
    protected String endpoint() {
        return "batch";
    }

    @Override
    protected int bodyLimit() {
        return deps.maxBatchBytes();
    }

    @Override
    protected String tooLargeCode() {
        return "batch_too_large";
    }

    @Override
    protected boolean singleMessage() {
        return false;
    }

    @Override
    protected Parsed parse(Context ctx, byte[] body) {
        JsonNode root = deps.json().parse(body);
        JsonNode batch = root.isObject() ? root.get("batch") : null;
        if (batch == null || !batch.isArray()) {
            throw ApiError.badRequest("invalid_batch", "The body must be an object with a 'batch' array.");
        }
        if (batch.size() > deps.maxBatchMessages()) {
            throw ApiError.badRequest("too_many_messages",
                    "The batch holds " + batch.size() + " messages; at most " + deps.maxBatchMessages() + " are accepted.");
        }
        Set<String> keys = new LinkedHashSet<>();
        addKey(root, keys);
        List<JsonNode> messages = new ArrayList<>(batch.size());
        for (JsonNode m : batch) {
            messages.add(m);
            addKey(m, keys);
        }
        JsonNode sentAt = root.get("sentAt");
        return new Parsed(messages, root.get("context"), root.get("integrations"),
                sentAt != null && sentAt.isString() ? sentAt.stringValue() : null, keys);
    }

    private static void addKey(JsonNode node, Set<String> keys) {
        JsonNode key = node.isObject() ? node.get("writeKey") : null;
        if (key != null && key.isString()) keys.add(key.stringValue());
    }
}
