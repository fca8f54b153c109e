package dev.clickstream.warehouse.queries;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One analyst's query ({@code redshift-sql/queries/<name>.sql}): a header of {@code -- key: value} lines (a value
 * continues on the following comment lines that are indented further), then one SELECT in portable SQL whose
 * {@code :name} parameters are bound as values (Data API parameters or JDBC {@code ?}).
 *
 * @param columns the result's columns, in order, with their JSON type ({@code date}, {@code timestamp},
 *                {@code number} or {@code text})
 * @param chart   how the dashboard draws it: a kind ({@code line}, {@code bar}, {@code hbar}, {@code funnel},
 *                {@code heatmap}, or {@code none} for the header's status) and its options
 */
public record AnalystQuery(String name, Map<String, String> header, List<Column> columns, Chart chart,
                           Map<String, String> defaults, Set<String> parameters, String sql) {

    public record Column(String name, String type) {}

    public record Chart(String kind, Map<String, String> options) {
        public boolean isPanel() {
            return !kind.equals("none");
        }
    }

    /** The parameters every caller supplies; any other one a query uses needs a default in its header. */
    public static final List<String> STANDARD_PARAMETERS = List.of("from_day", "to_day", "source", "now");
    /** The value of {@code :source} that means every source. */
    public static final String ALL_SOURCES = "*";
    public static final List<String> REQUIRED_HEADER = List.of("query", "title", "question", "grain", "parameters",
            "reads", "columns", "chart", "empty");
    static final Set<String> COLUMN_TYPES = Set.of("date", "timestamp", "number", "text");
    private static final Pattern HEADER_LINE = Pattern.compile("-- ([a-z_]+): ?(.*)");
    private static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):([a-z_][a-z0-9_]*)");

    public static AnalystQuery parse(String text) {
        Map<String, String> header = new LinkedHashMap<>();
        String last = null;
        List<String> lines = text.lines().toList();
        int i = 0;
        for (; i < lines.size() && lines.get(i).startsWith("--"); i++) {
            Matcher m = HEADER_LINE.matcher(lines.get(i));
            if (m.matches()) {
                last = m.group(1);
                header.put(last, m.group(2).strip());
            } else if (last != null && lines.get(i).startsWith("--   ")) {
                header.put(last, header.get(last) + " " + lines.get(i).substring(2).strip());
            } else {
                throw new IllegalArgumentException("unexpected header line: " + lines.get(i));
            }
        }
        for (String required : REQUIRED_HEADER) {
            if (!header.containsKey(required)) throw new IllegalArgumentException("query header lacks '" + required + ":'");
        }
        String sql = String.join("\n", lines.subList(i, lines.size())).strip();
        if (sql.endsWith(";")) sql = sql.substring(0, sql.length() - 1).strip();
        if (sql.contains(";")) throw new IllegalArgumentException(header.get("query") + ": one statement per query file");
        return new AnalystQuery(header.get("query"), header, columns(header.get("columns")), chart(header.get("chart")),
                options(header.getOrDefault("defaults", ""), ","), parameters(sql), sql);
    }

    public String title() {
        return header.get("title");
    }

    public String question() {
        return header.get("question");
    }

    /** What the page says when the query returns no row. */
    public String emptyHint() {
        return header.get("empty");
    }

    /**
     * The values this query binds: the standard parameters it uses (from the caller) and its defaults (unless the
     * caller overrides them). Unused values are left out: the Data API refuses parameters no statement uses.
     */
    public Map<String, String> bind(Map<String, String> given) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : parameters) {
            String v = given.containsKey(p) ? given.get(p) : defaults.get(p);
            if (v == null || v.isEmpty()) throw new IllegalArgumentException(name + " needs a value for :" + p);
            out.put(p, v);
        }
        return out;
    }

    private static List<Column> columns(String spec) {
        List<Column> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] nameType = part.strip().split("\\s+");
            if (nameType.length != 2 || !COLUMN_TYPES.contains(nameType[1])) {
                throw new IllegalArgumentException("column '" + part.strip() + "' needs a name and one of " + COLUMN_TYPES);
            }
            out.add(new Column(nameType[0], nameType[1]));
        }
        return List.copyOf(out);
    }

    private static Chart chart(String spec) {
        String[] parts = spec.strip().split("\\s+", 2);
        return new Chart(parts[0].toLowerCase(Locale.ROOT), options(parts.length > 1 ? parts[1] : "", "\\s+"));
    }

    private static Map<String, String> options(String spec, String separator) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : spec.strip().split(separator)) {
            if (part.isBlank()) continue;
            int eq = part.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("expected key=value, got '" + part + "'");
            out.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
        }
        return out;
    }

    /** The {@code :name} placeholders outside comments and string literals (PostgreSQL's {@code ::} casts are not). */
    private static Set<String> parameters(String sql) {
        StringBuilder code = new StringBuilder();
        for (String line : sql.lines().toList()) {
            int comment = line.indexOf("--");
            code.append(comment < 0 ? line : line.substring(0, comment)).append('\n');
        }
        Matcher m = PARAMETER.matcher(code.toString().replaceAll("'[^']*'", "''"));
        Set<String> out = new LinkedHashSet<>();
        while (m.find()) out.add(m.group(1));
        return out;
    }
}
