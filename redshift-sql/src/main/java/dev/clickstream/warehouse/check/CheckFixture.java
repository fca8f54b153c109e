package dev.clickstream.warehouse.check;

import dev.clickstream.warehouse.runner.Dialect;
import dev.clickstream.warehouse.runner.ModelCatalog;
import dev.clickstream.warehouse.runner.SqlExecutor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixture {@code models check} runs on Redshift and the build runs on PostgreSQL: envelopes shipped in
 * {@code redshift-sql/check/envelopes.jsonl} (each one a trap: a 400-character Japanese title, a decimal price, a
 * revenue beyond 32 bits, JSON nulls, a duplicate, a bot, a rejection), and {@code check/expected.txt}, the tables
 * they produce on PostgreSQL. That file names, per table, the columns compared and how each is normalized
 * ({@code :num}, {@code :ts}, {@code :bool}, {@code :json}), so the two engines' text forms of the same value compare
 * equal; rows are compared as sorted sets.
 */
public final class CheckFixture {
    static final String ENVELOPES = "sql/check/envelopes.jsonl";
    static final String EXPECTED = "sql/check/expected.txt";
    /** The fixture is one refresh of the raw table. */
    public static final String REFRESH_TIME = "2030-01-01 12:00:00";

    /** A compared table: its name and columns, each with how its values are normalized. */
    public record Table(String name, List<String> columns, List<String> kinds) {
        /** The portable query that reads it (booleans as text, so both engines return the same words). */
        public String query() {
            List<String> select = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                String c = columns.get(i);
                select.add(kinds.get(i).equals("bool") ? "CASE WHEN " + c + " THEN 'true' WHEN NOT " + c + " THEN 'false' END" : c);
            }
            return "SELECT " + String.join(", ", select) + " FROM clickstream." + name;
        }

        String header() {
            List<String> cols = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) cols.add(columns.get(i) + (kinds.get(i).equals("text") ? "" : ":" + kinds.get(i)));
            return "== " + name + " | " + String.join(", ", cols);
        }
    }

    private CheckFixture() {}

    public static List<String> envelopes() {
        return resource(ENVELOPES).lines().filter(l -> !l.isBlank()).toList();
    }

    /** Loads every envelope into {@code clickstream.raw_events} as one refresh, in one INSERT with bound values. */
    public static void load(SqlExecutor sql, Dialect dialect) {
        List<String> envelopes = envelopes();
        Map<String, String> params = new HashMap<>(Map.of("refresh_time", REFRESH_TIME, "partition_key", "fixture",
                "shard_id", "shardId-000000000000"));
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < envelopes.size(); i++) {
            String payload = dialect.redshift() ? "JSON_PARSE(:e" + i + ")" : "CAST(:e" + i + " AS JSONB)";
            rows.add("(CAST(:refresh_time AS TIMESTAMP), :partition_key, :shard_id, :s" + i + ", CAST(:refresh_time AS TIMESTAMP), "
                    + payload + ")");
            params.put("e" + i, envelopes.get(i));
            params.put("s" + i, String.format("%020d", i + 1));
        }
        sql.executeInTransaction("check:load", List.of("INSERT INTO clickstream.raw_events (approximate_arrival_timestamp, "
                + "partition_key, shard_id, sequence_number, refresh_time, payload) VALUES " + String.join(", ", rows)), params);
    }

    /** The compared tables, as {@code expected.txt} declares them. */
    public static List<Table> tables() {
        return new ArrayList<>(parse(resource(EXPECTED)).keySet());
    }

    /** Per table, the rows PostgreSQL produced from the fixture, normalized and sorted. */
    public static Map<Table, List<String>> expected() {
        return parse(resource(EXPECTED));
    }

    /** Reads every compared table through {@code sql}, normalized and sorted like {@link #expected()}. */
    public static Map<Table, List<String>> snapshot(SqlExecutor sql) {
        Map<Table, List<String>> out = new LinkedHashMap<>();
        for (Table t : tables()) {
            List<String> rows = new ArrayList<>();
            for (List<String> row : sql.query(t.query(), Map.of())) {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < row.size(); i++) cells.add(escape(Normalize.value(t.kinds().get(i), row.get(i))));
                rows.add(String.join("\t", cells));
            }
            rows.sort(null);
            out.put(t, rows);
        }
        return out;
    }

    /** The differences between two snapshots, one line each; empty when they match. */
    public static List<String> differences(Map<Table, List<String>> expected, Map<Table, List<String>> actual) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<Table, List<String>> e : expected.entrySet()) {
            List<String> missing = new ArrayList<>(e.getValue());
            List<String> extra = new ArrayList<>(actual.getOrDefault(e.getKey(), List.of()));
            for (String row : e.getValue()) {
                if (extra.remove(row)) missing.remove(row);
            }
            missing.forEach(r -> out.add(e.getKey().name() + ": missing " + r));
            extra.forEach(r -> out.add(e.getKey().name() + ": unexpected " + r));
        }
        return out;
    }

    /** A snapshot in the format of {@code expected.txt}. */
    public static String format(Map<Table, List<String>> snapshot) {
        StringBuilder out = new StringBuilder("# The tables `clickstream models check` compares, as PostgreSQL builds them from envelopes.jsonl.\n"
                + "# Columns marked :num, :ts, :bool, :json are normalized before comparing; \\N is NULL. Written by TestModelsCheck.\n");
        snapshot.forEach((t, rows) -> {
            out.append(t.header()).append('\n');
            rows.forEach(r -> out.append(r).append('\n'));
        });
        return out.toString();
    }

    private static Map<Table, List<String>> parse(String text) {
        Map<Table, List<String>> out = new LinkedHashMap<>();
        List<String> rows = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isEmpty()) continue;
            if (line.startsWith("== ")) {
                String[] nameAndColumns = line.substring(3).split(" \\| ", 2);
                List<String> columns = new ArrayList<>();
                List<String> kinds = new ArrayList<>();
                for (String c : nameAndColumns[1].split(", ")) {
                    String[] nk = c.split(":", 2);
                    columns.add(nk[0]);
                    kinds.add(nk.length == 2 ? nk[1] : "text");
                }
                rows = new ArrayList<>();
                out.put(new Table(nameAndColumns[0], List.copyOf(columns), List.copyOf(kinds)), rows);
            } else if (rows != null) {
                rows.add(line);
            }
        }
        out.values().forEach(r -> r.sort(null));
        return out;
    }

    private static String escape(String v) {
        if (v == null) return "\\N";
        return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    private static String resource(String path) {
        return ModelCatalog.resource(path);
    }
}
