package dev.clickstream.warehouse.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model file: a header of {@code -- key: value} lines (grain, keys, depends on, incremental, late events, tables),
 * then statements, each ending with a semicolon at the end of a line.
 *
 * <p>A statement whose first line is {@code -- bind: a, b} is a <em>binding</em>: a one-row query over committed
 * tables that the runner runs before the model's transaction, binding its columns as parameters {@code :a},
 * {@code :b} of the statements. It exists for scan bounds: a range predicate on a bound value is a constant to the
 * planner (PostgreSQL picks the index range, Redshift skips blocks by zone map), while the same bound joined in
 * from a temp table is unknown at planning time and costs a full scan.
 */
public record Model(String name, Map<String, String> header, List<String> dependsOn, List<String> tables,
                    List<Binding> bindings, List<String> statements) {

    /** A query run before the model whose first row's columns become the named parameters. */
    public record Binding(List<String> names, String sql) {}

    public static final List<String> REQUIRED_HEADER = List.of("model", "grain", "keys", "depends on", "incremental",
            "late events", "tables");

    public static Model parse(String text) {
        Map<String, String> header = new LinkedHashMap<>();
        String lastKey = null;
        int bodyStart = 0;
        String[] lines = text.split("\n", -1);
        int i = 0;
        for (; i < lines.length && lines[i].startsWith("--") && !lines[i].startsWith("-- bind:"); i++) {
            String line = lines[i].substring(2).strip();
            int colon = line.indexOf(':');
            String key = colon > 0 ? line.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT) : null;
            if (key != null && key.matches("[a-z ]+")) {
                header.put(key, line.substring(colon + 1).strip());
                lastKey = key;
            } else if (lastKey != null) {
                header.put(lastKey, header.get(lastKey) + " " + line);
            }
        }
        for (int k = 0; k < i; k++) bodyStart += lines[k].length() + 1;
        for (String required : REQUIRED_HEADER) {
            if (!header.containsKey(required)) throw new IllegalArgumentException("model header lacks '" + required + ":'");
        }
        List<Binding> bindings = new ArrayList<>();
        List<String> statements = new ArrayList<>();
        for (String sql : statements(text.substring(Math.min(bodyStart, text.length())))) {
            String first = sql.lines().findFirst().orElse("").strip();
            if (first.startsWith("-- bind:")) {
                bindings.add(new Binding(list(first.substring("-- bind:".length())), sql));
            } else {
                statements.add(sql);
            }
        }
        return new Model(header.get("model"), header, list(header.get("depends on")), list(header.get("tables")),
                bindings, statements);
    }

    private static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(",")) {
            String p = part.strip();
            if (!p.isEmpty() && !p.startsWith("clickstream.raw_events")) out.add(p);
        }
        return out;
    }

    /** Splits on semicolons that end a line; chunks holding only comments are dropped. */
    public static List<String> statements(String body) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : body.split("\n", -1)) {
            current.append(line).append('\n');
            if (line.stripTrailing().endsWith(";")) {
                add(out, current);
                current.setLength(0);
            }
        }
        add(out, current);
        return out;
    }

    private static void add(List<String> out, StringBuilder chunk) {
        String sql = chunk.toString().strip();
        if (sql.endsWith(";")) sql = sql.substring(0, sql.length() - 1).strip();
        boolean onlyComments = sql.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("--"));
        if (!onlyComments) out.add(sql);
    }

    /** The first line of a statement that is not a comment: enough to recognise it in a log. */
    public static String firstLine(String sql) {
        return sql.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("--")).findFirst().orElse("");
    }
}
