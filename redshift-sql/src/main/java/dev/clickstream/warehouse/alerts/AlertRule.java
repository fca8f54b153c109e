package dev.clickstream.warehouse.alerts;

import dev.clickstream.warehouse.RefreshClock;
import dev.clickstream.warehouse.runner.ModelCatalog;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The alert rules. Each is one portable SQL file under {@code sql/alerts/} (shipped from {@code redshift-sql/alerts/})
 * whose header names its columns ({@code -- returns: incident_key, …}); a row is a condition that holds now, keyed by
 * its first column. The rule turns its rows into incidents with their evidence.
 */
public enum AlertRule {
    BOT("bot"),
    IP_RATE("ip_rate"),
    FRESHNESS("freshness"),
    MODEL_FAILED("model_failed"),
    REJECTION_RATE("rejection_rate");

    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
    private static final int DETAIL_BYTES = 600;

    private final String alertName;
    private final String sql;
    private final List<String> columns;

    AlertRule(String alertName) {
        this.alertName = alertName;
        this.sql = ModelCatalog.resource("sql/alerts/" + alertName + ".sql").strip();
        this.columns = returns(sql);
    }

    public String alertName() {
        return alertName;
    }

    /** The query: one row per condition that holds, {@code incident_key} first. */
    public String sql() {
        return sql;
    }

    public boolean enabled(AlertSettings s) {
        return switch (this) {
            case IP_RATE -> s.ipMaxEventsPerMinute() > 0;
            case REJECTION_RATE -> s.rejectionsMinPerMinute() > 0;
            case FRESHNESS -> s.freshnessIntervals() > 0;
            case BOT, MODEL_FAILED -> true;
        };
    }

    /** The rule's rows, grouped by key (a bot has a row per bot rule), as incidents in key order. */
    public List<Incident> incidents(List<List<String>> rows, ObjectNode context) {
        Map<String, List<ObjectNode>> byKey = new LinkedHashMap<>();
        for (List<String> row : rows) {
            if (row.get(0) == null) continue;
            // the Data API refuses an empty parameter value, and a key is bound when its incident is written
            String key = row.get(0).isEmpty() ? "(empty)" : row.get(0);
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(named(row));
        }
        List<Incident> out = new ArrayList<>();
        byKey.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.add(incident(e.getKey(), e.getValue(), context)));
        return out;
    }

    private Incident incident(String key, List<ObjectNode> rows, ObjectNode context) {
        ObjectNode evidence = JsonNodeFactory.instance.objectNode();
        ObjectNode first = rows.get(0);
        String summary;
        switch (this) {
            case BOT -> {
                String recent = first.path("recent_events").asString();
                evidence.put("user_key", key);
                evidence.set("recent_events", first.get("recent_events"));
                ArrayNode rules = evidence.putArray("rules");
                List<String> names = new ArrayList<>();
                for (ObjectNode r : rows) {
                    r.remove("recent_events");
                    r.remove("incident_key");
                    rules.add(r);
                    names.add(r.path("rule").asString());
                }
                summary = "bot: user " + key + " flagged by " + String.join(", ", names) + " (" + recent + " events in the window)";
            }
            case IP_RATE -> {
                evidence.put("ip", key);
                evidence.setAll(first);
                summary = "ip_rate: " + key + " sent up to " + first.path("peak_per_minute").asString()
                        + " messages in a minute (limit " + context.path("limit_per_minute").asString() + ")";
            }
            case FRESHNESS -> {
                evidence.setAll(first);
                summary = "freshness: the newest event was loaded at " + first.path("newest_event_loaded_at").asString()
                        + ", more than " + context.path("max_age_seconds").asString() + " s before this run";
            }
            case MODEL_FAILED -> {
                evidence.put("model", key);
                evidence.setAll(first);
                String error = first.path("error").asString();
                summary = "model_failed: " + key + " failed: " + (error.length() > 200 ? error.substring(0, 200) + "…" : error);
            }
            default -> {
                evidence.put("source", key);
                evidence.setAll(first);
                summary = "rejection_rate: source " + key + " had " + first.path("rejected").asString() + " rejected and "
                        + first.path("accepted").asString() + " accepted messages in the minutes above the limits";
            }
        }
        evidence.remove("incident_key");
        evidence.setAll(context);
        return new Incident(alertName, key, summary, evidence);
    }

    /** A row as a JSON object by the header's column names: integers as numbers, timestamps as ISO-8601 UTC. */
    private ObjectNode named(List<String> row) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < columns.size() && i < row.size(); i++) {
            String v = row.get(i);
            String name = columns.get(i);
            if (v == null) o.putNull(name);
            else if (INTEGER.matcher(v).matches()) o.put(name, Long.parseLong(v));
            else if (TIMESTAMP.matcher(v).matches()) o.put(name, iso(v));
            else o.put(name, Utf8.cut(v, DETAIL_BYTES));
        }
        return o;
    }

    /** {@code 2026-12-01 10:00:00.123000} (UTC, as both warehouses print a TIMESTAMP) as {@code 2026-12-01T10:00:00.123Z}. */
    static String iso(String warehouseTimestamp) {
        return RefreshClock.parse(warehouseTimestamp).toString();
    }

    private static List<String> returns(String sql) {
        for (String line : sql.split("\n")) {
            if (line.startsWith("-- returns:")) {
                List<String> names = new ArrayList<>();
                for (String n : line.substring("-- returns:".length()).split(",")) names.add(n.strip());
                if (!"incident_key".equals(names.get(0))) throw new IllegalStateException("the first column must be incident_key");
                return names;
            }
        }
        throw new IllegalStateException("an alert file lacks its '-- returns:' line");
    }
}
