package dev.clickstream.collector.enrich;

import dev.clickstream.collector.auth.Source;
import dev.clickstream.collector.ingest.RequestInfo;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns one accepted Segment message into the envelope the warehouse reads: snake_case top-level keys
 * (Redshift navigates SUPER case-insensitively, so camelCase would be a trap), corrected time, client IP and the
 * server-observed {@code request_ip} (which the client cannot set),
 * hoisted page, campaign and library fields. Never mutates shared batch-level nodes.
 */
public final class EnvelopeBuilder {
    public static final String KIND_EVENT = "event";

    /** Message keys that map to named envelope fields or are dropped (SDK-internal, secrets, server-set). */
    private static final Set<String> KNOWN = Set.of("type", "messageId", "userId", "anonymousId", "event", "name",
            "category", "groupId", "previousId", "timestamp", "originalTimestamp", "sentAt", "receivedAt", "context",
            "properties", "traits", "integrations", "writeKey", "_metadata");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final EventTime eventTime;

    public EnvelopeBuilder(EventTime eventTime) {
        this.eventTime = eventTime;
    }

    /**
     * @param unicodeReplaced whether lone surrogates in the message (or its batch's context) were replaced with U+FFFD
     */
    public ObjectNode build(ObjectNode msg, Source source, RequestInfo request, List<String> violations, boolean unicodeReplaced) {
        List<String> warnings = new ArrayList<>(0);
        if (unicodeReplaced) warnings.add("invalid_unicode_replaced");
        ObjectNode env = NODES.objectNode();
        env.put("kind", KIND_EVENT);
        String messageId = text(msg, "messageId");
        if (messageId == null || messageId.isEmpty()) {
            messageId = UUID.randomUUID().toString();
            warnings.add("message_id_generated");
        }
        env.put("message_id", messageId);
        String type = text(msg, "type");
        env.put("type", type);
        copyText(msg, "event", env, "event");
        copyText(msg, "name", env, "name");
        copyText(msg, "category", env, "category");
        copyText(msg, "userId", env, "user_id");
        copyText(msg, "anonymousId", env, "anonymous_id");
        copyText(msg, "groupId", env, "group_id");
        copyText(msg, "previousId", env, "previous_id");

        String originalText = text(msg, "timestamp") != null ? text(msg, "timestamp") : text(msg, "originalTimestamp");
        String sentAtText = text(msg, "sentAt") != null ? text(msg, "sentAt") : request.batchSentAt();
        EventTime.Result time = eventTime.resolve(originalText, sentAtText, request.receivedAt(), warnings);
        env.put("timestamp", Timestamps.format(time.timestamp()));
        env.put("original_timestamp", time.original() == null ? null : Timestamps.format(time.original()));
        env.put("sent_at", time.sentAt() == null ? null : Timestamps.format(time.sentAt()));
        env.put("received_at", Timestamps.format(request.receivedAt()));
        env.put("source", source.name());

        ObjectNode context = merge(request.batchContext(), msg.get("context"));
        String requestIp = source.anonymizeIp() ? IpAnonymizer.anonymize(request.clientIp()) : request.clientIp();
        String ip = context.path("ip").isString() && !context.path("ip").stringValue().isBlank()
                ? context.path("ip").stringValue() : request.clientIp();
        if (source.anonymizeIp()) ip = IpAnonymizer.anonymize(ip);
        context.put("ip", ip);
        env.set("context", context);
        JsonNode properties = objectOrNull(msg.get("properties"));
        env.set("properties", properties);
        env.set("traits", objectOrNull(msg.get("traits")));
        env.set("integrations", merge(request.batchIntegrations(), msg.get("integrations")));

        env.put("ip", ip);
        if (requestIp != null) env.put("request_ip", requestIp);
        copyText(context, "userAgent", env, "user_agent");
        JsonNode library = context.path("library");
        if (library.path("name").isString()) env.put("library_name", library.path("name").stringValue());
        if (library.path("version").isString()) env.put("library_version", library.path("version").stringValue());
        PageFields.hoist(env, context, properties == null ? NODES.objectNode() : properties, "page".equals(type));

        ObjectNode extras = null;
        for (Map.Entry<String, JsonNode> field : msg.properties()) {
            if (KNOWN.contains(field.getKey())) continue;
            if (extras == null) extras = NODES.objectNode();
            extras.set(field.getKey(), field.getValue());
        }
        if (extras != null) env.set("extras", extras);
        if (!warnings.isEmpty()) env.set("warnings", array(warnings));
        if (!violations.isEmpty()) env.set("violations", array(violations));
        return env;
    }

    /** Message-level keys win over batch-level ones; the result is a fresh node owned by this message. */
    private static ObjectNode merge(JsonNode batchLevel, JsonNode messageLevel) {
        ObjectNode out = NODES.objectNode();
        if (batchLevel != null && batchLevel.isObject()) {
            for (Map.Entry<String, JsonNode> e : batchLevel.properties()) out.set(e.getKey(), e.getValue());
        }
        if (messageLevel != null && messageLevel.isObject()) {
            for (Map.Entry<String, JsonNode> e : messageLevel.properties()) out.set(e.getKey(), e.getValue());
        }
        return out;
    }

    private static JsonNode objectOrNull(JsonNode node) {
        return node != null && node.isObject() ? node : null;
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode a = NODES.arrayNode();
        values.forEach(a::add);
        return a;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isString() ? v.stringValue() : null;
    }

    private static void copyText(JsonNode from, String field, ObjectNode to, String as) {
        String v = text(from, field);
        if (v != null) to.put(as, v);
    }
}
