package dev.clickstream.warehouse.queries;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The analyst's queries, loaded from the classpath ({@code sql/queries/}), in the order the dashboard shows them. */
public final class AnalystQueries {
    /** Every file under queries/; a test checks this list against the folder. */
    public static final List<String> QUERY_FILES = List.of("unique_visitors_daily", "sessions_daily", "funnel",
            "abandoned_carts_daily", "categories_by_hour_and_weekday", "brands_to_market", "bot_share_daily",
            "bot_flags", "acquisition", "retention_weekly", "events_per_minute", "rejections_by_reason", "model_runs", "sources",
            "data_extent");

    private final Map<String, AnalystQuery> byName = new LinkedHashMap<>();

    private AnalystQueries(List<AnalystQuery> queries) {
        for (AnalystQuery q : queries) byName.put(q.name(), q);
    }

    public static AnalystQueries load() {
        List<AnalystQuery> queries = new ArrayList<>();
        for (String f : QUERY_FILES) {
            AnalystQuery q = AnalystQuery.parse(resource("sql/queries/" + f + ".sql"));
            if (!q.name().equals(f)) throw new IllegalStateException("sql/queries/" + f + ".sql names itself " + q.name());
            for (String p : q.parameters()) {
                if (!AnalystQuery.STANDARD_PARAMETERS.contains(p) && !q.defaults().containsKey(p)) {
                    throw new IllegalStateException(f + " uses :" + p + ", which is neither standard nor in its defaults");
                }
            }
            queries.add(q);
        }
        return new AnalystQueries(queries);
    }

    private static String resource(String path) {
        try (InputStream in = AnalystQueries.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<AnalystQuery> all() {
        return List.copyOf(byName.values());
    }

    /** @return the query, or null when there is none of that name */
    public AnalystQuery find(String name) {
        return byName.get(name);
    }

    public AnalystQuery get(String name) {
        AnalystQuery q = byName.get(name);
        if (q == null) throw new IllegalArgumentException("no query named " + name + "; queries: " + byName.keySet());
        return q;
    }

    /**
     * The list in docs/queries.md: per query, its question, grain, parameters, tables, columns and the values to
     * paste into Query Editor v2 in place of the placeholders.
     */
    public String markdown() {
        StringBuilder out = new StringBuilder();
        for (AnalystQuery q : byName.values()) {
            out.append("### ").append(q.title()).append(" (`queries/").append(q.name()).append(".sql`)\n\n");
            out.append(q.question()).append("\n\n");
            out.append("- grain: ").append(q.header().get("grain")).append('\n');
            out.append("- parameters: ").append(q.header().get("parameters")).append('\n');
            out.append("- reads: ").append(q.header().get("reads")).append('\n');
            out.append("- columns: ").append(String.join(", ", q.columns().stream().map(c -> "`" + c.name() + "`").toList()))
                    .append('\n');
            out.append("- dashboard: ").append(q.chart().isPanel() ? "a " + q.chart().kind() + " panel" : "the header")
                    .append("; JSON at `GET /api/queries/").append(q.name()).append("`\n");
            if (!q.parameters().isEmpty()) {
                List<String> subs = new ArrayList<>();
                for (String p : q.parameters()) subs.add("`:" + p + "` → `" + EXAMPLE_VALUES.getOrDefault(p, "'" + q.defaults().get(p) + "'") + "`");
                out.append("- in Query Editor v2, replace ").append(String.join(", ", subs)).append('\n');
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static final Map<String, String> EXAMPLE_VALUES = Map.of("from_day", "'2026-01-05'", "to_day", "'2026-01-11'",
            "source", "'*'", "now", "GETDATE()");
}
