package dev.clickstream.collector.ingest;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replaces unpaired UTF-16 surrogates with U+FFFD, in values and property names. Strict UTF-8 leaves only one way to
 * write one: a JSON escape such as {@code "\ud800"}. Jackson keeps it and writes it back as the same escape, which
 * PostgreSQL's jsonb refuses (SQLSTATE 22P02); a rejection record would carry the same text and fail the same way,
 * so the text is repaired and the message says so.
 *
 * <p>The repair runs only when the body holds a surrogate escape at all ({@link #mayHold}, one pass over the bytes).
 * Each repaired message is marked with a property whose name is itself a lone surrogate, which after the repair no
 * client can send; {@link #takeMark} removes it and reports whether it was there. A repair in a batch's
 * {@code context} or {@code integrations} marks every message, since both are merged into each.
 */
public final class LoneSurrogates {
    private static final String MARK = "\uDFFF";

    private LoneSurrogates() {}

    /** Whether the JSON text holds {@code \}{@code uD800}–{@code \}{@code uDFFF} (a cheap over-approximation). */
    static boolean mayHold(byte[] json, int offset, int length) {
        int end = offset + length - 3;
        for (int i = offset; i < end; i++) {
            if (json[i] == '\\' && json[i + 1] == 'u' && (json[i + 2] | 0x20) == 'd') {
                int c = json[i + 3] | 0x20;
                if (c == '8' || c == '9' || (c >= 'a' && c <= 'f')) return true;
            }
        }
        return false;
    }

    /** Repairs a request body's tree in place and marks the messages that changed (see the class comment). */
    static void repairBody(JsonNode root) {
        if (!root.isObject()) {
            repair(root);
            return;
        }
        ObjectNode body = (ObjectNode) root;
        JsonNode batch = body.get("batch");
        if (batch == null || !batch.isArray()) {
            if (repair(body)) body.put(MARK, true);
            return;
        }
        boolean shared = repair(body.get("context")) | repair(body.get("integrations"));
        for (JsonNode m : batch) {
            if ((repair(m) || shared) && m.isObject()) ((ObjectNode) m).put(MARK, true);
        }
        repair(body);
    }

    /** Removes the repair mark from a message; true when it was there. */
    public static boolean takeMark(ObjectNode message) {
        return message.remove(MARK) != null;
    }

    /** @return whether anything under {@code node} was replaced */
    private static boolean repair(JsonNode node) {
        if (node == null) return false;
        if (node.isObject()) return repairObject((ObjectNode) node);
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            boolean changed = false;
            for (int i = 0; i < array.size(); i++) {
                JsonNode v = array.get(i);
                if (v.isString() && hasLone(v.stringValue())) {
                    array.set(i, StringNode.valueOf(replaceLone(v.stringValue())));
                    changed = true;
                } else {
                    changed |= repair(v);
                }
            }
            return changed;
        }
        return false;
    }

    private static boolean repairObject(ObjectNode object) {
        boolean changed = false;
        boolean badName = false;
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            JsonNode v = e.getValue();
            if (v.isString() && hasLone(v.stringValue())) {
                e.setValue(StringNode.valueOf(replaceLone(v.stringValue())));
                changed = true;
            } else {
                changed |= repair(v);
            }
            badName |= hasLone(e.getKey());
        }
        if (badName) {
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(object.properties());
            object.removeAll();
            for (Map.Entry<String, JsonNode> e : entries) object.set(replaceLone(e.getKey()), e.getValue());
        }
        return changed || badName;
    }

    static boolean hasLone(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    static String replaceLone(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else {
                b.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return b.toString();
    }
}
