package dev.clickstream.collector.enrich;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Hoists page and campaign fields to the envelope's top level, where the models read them. */
final class PageFields {
    private static final String[] UTM = {"source", "medium", "campaign", "term", "content"};

    private PageFields() {}

    static void hoist(ObjectNode envelope, JsonNode context, JsonNode properties, boolean isPage) {
        JsonNode page = context.path("page");
        String url = text(page, "url", isPage ? properties : null);
        String path = text(page, "path", isPage ? properties : null);
        if (path == null && url != null) path = pathOf(url);
        putIfPresent(envelope, "page_url", url);
        putIfPresent(envelope, "page_path", path);
        putIfPresent(envelope, "page_referrer", text(page, "referrer", isPage ? properties : null));
        putIfPresent(envelope, "page_title", text(page, "title", isPage ? properties : null));

        JsonNode campaign = context.path("campaign");
        String search = text(page, "search", isPage ? properties : null);
        String query = search != null ? search : queryOf(url);
        for (String utm : UTM) {
            String key = utm.equals("campaign") ? "name" : utm;
            String v = campaign.path(key).isString() ? campaign.path(key).stringValue() : queryParam(query, "utm_" + utm);
            putIfPresent(envelope, "utm_" + utm, v);
        }
    }

    private static String text(JsonNode primary, String field, JsonNode fallback) {
        JsonNode v = primary.path(field);
        if (v.isString()) return v.stringValue();
        if (fallback != null && fallback.path(field).isString()) return fallback.path(field).stringValue();
        return null;
    }

    private static void putIfPresent(ObjectNode envelope, String key, String value) {
        if (value != null) envelope.put(key, value);
    }

    private static String pathOf(String url) {
        try {
            return URI.create(url).getRawPath();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String queryOf(String url) {
        if (url == null) return null;
        int q = url.indexOf('?');
        if (q < 0) return null;
        int hash = url.indexOf('#', q);
        return hash < 0 ? url.substring(q + 1) : url.substring(q + 1, hash);
    }

    static String queryParam(String query, String name) {
        if (query == null || !query.contains(name)) return null;
        String q = query.startsWith("?") ? query.substring(1) : query;
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (k.equals(name)) {
                try {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return pair.substring(eq + 1);
                }
            }
        }
        return null;
    }
}
