package dev.clickstream.collector.ingest;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * Replaces unpaired UTF-16 surrogates with U+FFFD, in values and property names. Strict UTF-8 leaves only one way to
 * write one: a JSON escape such as {@code "\ud800"}. Jackson keeps it in a value and writes it back as the same
 * escape, which PostgreSQL's jsonb refuses (SQLSTATE 22P02), and refuses it in a property name; a rejection record
 * would carry the same text and fail the same way. So the escape itself is rewritten, in place and at the same
 * length ({@code \}{@code uFFFD}), before the body is parsed.
 *
 * <p>When anything was rewritten, each message holding U+FFFD is marked with a property whose name is itself a lone
 * surrogate, which no client can send any more; {@link #takeMark} removes it and reports whether it was there. A
 * replacement in a batch's {@code context} or {@code integrations} marks every message, as both are merged into each.
 * (A message that held a U+FFFD of its own in the same request is marked too.)
 */
public final class LoneSurrogates {
    private static final String MARK = "\uDFFF";
    private static final byte[] REPLACEMENT = {'F', 'F', 'F', 'D'};

    private LoneSurrogates() {}

    /** Rewrites each {@code \}{@code uXXXX} escape of an unpaired surrogate to U+FFFD; true when there was one. */
    static boolean rewriteEscapes(byte[] json, int offset, int length) {
        int end = offset + length;
        boolean changed = false;
        int i = offset;
        while (i + 5 < end) {
            if (json[i] != '\\') {
                i++;
            } else if (json[i + 1] != 'u') {
                i += 2; // any other escape, an escaped backslash included
            } else {
                int c = hex4(json, i + 2);
                if (c >= 0xD800 && c <= 0xDBFF && i + 11 < end && json[i + 6] == '\\' && json[i + 7] == 'u') {
                    int low = hex4(json, i + 8);
                    if (low >= 0xDC00 && low <= 0xDFFF) {
                        i += 12; // a pair: one character
                        continue;
                    }
                }
                if (c >= 0xD800 && c <= 0xDFFF) {
                    System.arraycopy(REPLACEMENT, 0, json, i + 2, 4);
                    changed = true;
                }
                i += 6;
            }
        }
        return changed;
    }

    /** Marks the messages of a parsed body that hold a replacement (see the class comment). */
    static void markReplaced(JsonNode root) {
        if (!root.isObject()) return;
        ObjectNode body = (ObjectNode) root;
        JsonNode batch = body.get("batch");
        if (batch == null || !batch.isArray()) {
            if (holdsReplacement(body)) body.put(MARK, true);
            return;
        }
        boolean shared = holdsReplacement(body.get("context")) || holdsReplacement(body.get("integrations"));
        for (JsonNode m : batch) {
            if (m.isObject() && (shared || holdsReplacement(m))) ((ObjectNode) m).put(MARK, true);
        }
    }

    /** Removes the mark from a message; true when it was there. */
    public static boolean takeMark(ObjectNode message) {
        return message.remove(MARK) != null;
    }

    private static boolean holdsReplacement(JsonNode node) {
        if (node == null) return false;
        if (node.isString()) return node.stringValue().indexOf('\uFFFD') >= 0;
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (e.getKey().indexOf('\uFFFD') >= 0 || holdsReplacement(e.getValue())) return true;
            }
        } else if (node.isArray()) {
            for (JsonNode v : node) {
                if (holdsReplacement(v)) return true;
            }
        }
        return false;
    }

    /** The value of four hex digits, or -1. */
    private static int hex4(byte[] b, int at) {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(b[at + k], 16);
            if (d < 0) return -1;
            v = (v << 4) | d;
        }
        return v;
    }
}
