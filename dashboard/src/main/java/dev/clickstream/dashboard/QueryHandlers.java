package dev.clickstream.dashboard;

import dev.clickstream.warehouse.RefreshClock;
import dev.clickstream.warehouse.queries.AnalystQueries;
import dev.clickstream.warehouse.queries.AnalystQuery;
import dev.clickstream.warehouse.runner.SqlExecutor;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON endpoints: {@code GET /api/queries} lists the queries as their headers describe them, and
 * {@code GET /api/queries/{name}?from=&to=&source=} runs one and returns its rows, typed by its header.
 */
final class QueryHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(QueryHandlers.class);
    static final int MAX_DAYS = 400;
    static final int MAX_VALUE_CHARS = 128;

    private final AnalystQueries queries;
    private final SqlExecutor warehouse;
    private final Clock clock;
    private final int refreshSeconds;

    QueryHandlers(AnalystQueries queries, SqlExecutor warehouse, Clock clock, int refreshSeconds) {
        this.queries = queries;
        this.warehouse = warehouse;
        this.clock = clock;
        this.refreshSeconds = refreshSeconds;
    }

    void list(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (AnalystQuery q : queries.all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", q.name());
            m.put("title", q.title());
            m.put("question", q.question());
            m.put("parameters", q.parameters());
            m.put("columns", q.columns());
            m.put("chart", q.chart());
            m.put("empty", q.emptyHint());
            out.add(m);
        }
        ctx.header("Cache-Control", "no-store").json(Map.of("refresh_seconds", refreshSeconds, "queries", out));
    }

    void run(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        AnalystQuery q = queries.find(ctx.pathParam("name"));
        if (q == null) {
            error(ctx, 404, "not_found", "No query named " + clip(ctx.pathParam("name")) + ".");
            return;
        }
        Map<String, String> bound;
        try {
            bound = q.bind(given(ctx, q));
        } catch (IllegalArgumentException e) {
            error(ctx, 400, "bad_parameters", e.getMessage());
            return;
        }
        long started = System.nanoTime();
        List<List<String>> rows;
        try {
            rows = warehouse.query(q.sql(), bound);
        } catch (RuntimeException e) {
            String message = firstLine(e.getMessage());
            LOG.atWarn().setMessage("dashboard query failed").addKeyValue("query", q.name()).addKeyValue("error", message).log();
            error(ctx, 502, "warehouse_error", message + (message.contains("does not exist")
                    ? " (set the warehouse up: `clickstream models setup`)" : ""));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", q.name());
        body.put("parameters", bound);
        body.put("columns", q.columns());
        body.put("rows", typed(q, rows));
        body.put("elapsed_ms", (System.nanoTime() - started) / 1_000_000);
        ctx.json(body);
    }

    /** The caller's values: the range and source from the query string, {@code now} from the clock, and overrides of defaults. */
    private Map<String, String> given(Context ctx, AnalystQuery q) {
        Map<String, String> given = new HashMap<>();
        given.put("now", RefreshClock.format(clock.instant()));
        if (q.parameters().contains("from_day") || q.parameters().contains("to_day")) {
            LocalDate from = day(ctx.queryParam("from"), "from");
            LocalDate to = day(ctx.queryParam("to"), "to");
            if (to.isBefore(from)) throw new IllegalArgumentException("to (" + to + ") is before from (" + from + ")");
            if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) throw new IllegalArgumentException("a range spans at most " + MAX_DAYS + " days");
            given.put("from_day", from.toString());
            given.put("to_day", to.toString());
        }
        String source = ctx.queryParam("source");
        given.put("source", source == null || source.isEmpty() ? AnalystQuery.ALL_SOURCES : value(source, "source"));
        for (String p : q.defaults().keySet()) {
            String v = ctx.queryParam(p);
            if (v != null && !v.isEmpty()) given.put(p, value(v, p));
        }
        return given;
    }

    private static LocalDate day(String text, String name) {
        if (text == null || text.isEmpty()) throw new IllegalArgumentException(name + " is required (YYYY-MM-DD, UTC)");
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a date (YYYY-MM-DD), not " + clip(text));
        }
    }

    private static String value(String text, String name) {
        if (text.length() > MAX_VALUE_CHARS || text.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(name + " must be at most " + MAX_VALUE_CHARS + " printable characters");
        }
        return text;
    }

    /** Numbers become JSON numbers and timestamps ISO-8601 UTC, whichever executor produced the text. */
    static List<List<Object>> typed(AnalystQuery q, List<List<String>> rows) {
        List<List<Object>> out = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            if (row.size() != q.columns().size()) {
                throw new IllegalStateException(q.name() + " returned " + row.size() + " columns, its header declares " + q.columns().size());
            }
            List<Object> values = new ArrayList<>(row.size());
            for (int i = 0; i < row.size(); i++) values.add(convert(row.get(i), q.columns().get(i).type()));
            out.add(values);
        }
        return out;
    }

    private static Object convert(String text, String type) {
        if (text == null) return null;
        switch (type) {
            case "number":
                try {
                    return new BigDecimal(text);
                } catch (NumberFormatException e) {
                    return null; // NaN or Infinity: JSON has no such number
                }
            case "timestamp":
                String iso = text.strip().replace(' ', 'T');
                return iso.endsWith("Z") || iso.matches(".*[+-]\\d\\d(:?\\d\\d)?$") ? iso : iso + "Z";
            default:
                return text;
        }
    }

    private static void error(Context ctx, int status, String code, String message) {
        ctx.status(status).json(Map.of("error", code, "message", message));
    }

    private static String firstLine(String s) {
        if (s == null) return "unknown error";
        int nl = s.indexOf('\n');
        return clip(nl < 0 ? s : s.substring(0, nl));
    }

    private static String clip(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
