package dev.clickstream.warehouse.guard;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two staging twins cut text the same way, to the widths the tables declare: the statements of the byte-safe
 * cut are the same text in both (so the PostgreSQL suite proves what Redshift runs), and every text column that staging
 * fills is in the cut's width lists with its width in bytes from the DDL.
 */
class TestStagingTwins {
    static final Path POSTGRES = Path.of("staging", "postgres.sql");
    static final Path REDSHIFT = Path.of("staging", "redshift.sql");
    /** Columns staging fills without the cut, and why they always fit. */
    static final Set<String> BOUNDED_BY_CONSTRUCTION = Set.of(
            "arrival_seq",   // TRIM(shard_id, CHAR(20)) || ':' || sequence_number (VARCHAR(128)): at most 149 ASCII bytes
            "load_warnings", // a list of fixed codes, under 400 bytes all together
            "properties", "context", "traits"); // JSON text, stored only under a JSON_SIZE / OCTET_LENGTH bound of 65,535

    private static final Pattern WIDTH_LIST = Pattern.compile(
            "SELECT '(\\w+)' AS field, (\\d+) AS width((?:\\s+UNION ALL SELECT '\\w+', \\d+)*)");
    private static final Pattern WIDTH_ITEM = Pattern.compile("UNION ALL SELECT '(\\w+)', (\\d+)");

    @Test
    void theCutIsTheSameStatementsInBothTwins() throws IOException {
        List<String> postgres = shared(Files.readString(POSTGRES));
        List<String> redshift = shared(Files.readString(REDSHIFT));
        // 16 search steps, the items and rejected inserts, the events insert's cut values, four drops
        assertThat(postgres).hasSize(16 + 2 + 1 + 4);
        assertThat(redshift).isEqualTo(postgres);
    }

    @Test
    void everyTextColumnIsCutToItsDeclaredWidthInBytes() throws IOException {
        Map<String, Map<String, Integer>> ddl = varcharWidths();
        for (Path twin : List.of(POSTGRES, REDSHIFT)) {
            String sql = Files.readString(twin);
            List<Map<String, Integer>> lists = widthLists(sql);
            assertThat(lists).as(twin.toString()).hasSize(3);
            assertThat(lists.get(0)).as(twin + " events").isEqualTo(cutColumns(ddl.get("stg_events")));
            assertThat(lists.get(1)).as(twin + " items").isEqualTo(cutColumns(ddl.get("stg_order_items")));
            assertThat(lists.get(2)).as(twin + " rejections").isEqualTo(cutColumns(ddl.get("rejected_events")));
            Map<String, List<Integer>> prefilter = prefilter(sql);
            lists.get(0).forEach((column, width) -> assertThat(prefilter.get(column.equals("product_category") ? "category" : column))
                    .as(twin + ": the prefilter of the cut checks " + column + " at its width").contains(width));
            // every cut value, cut or not, loses its trailing blanks after the cut
            String events = statementInserting(sql, "stg_events");
            for (String column : lists.get(0).keySet()) assertThat(events).as(twin + " " + column).contains("RTRIM(COALESCE(c." + column + ",");
            String items = statementInserting(sql, "stg_order_items");
            for (String column : lists.get(1).keySet()) assertThat(items).as(twin + " " + column).contains("RTRIM(COALESCE(c." + column + ",");
        }
    }

    /**
     * Redshift compares VARCHAR ignoring trailing blanks (https://docs.aws.amazon.com/redshift/latest/dg/r_Character_types.html),
     * PostgreSQL does not: both twins trim the same columns of every staged table, and nothing else.
     */
    @Test
    void bothTwinsTrimTheSameColumns() throws IOException {
        Map<String, List<String>> postgres = trimmed(Files.readString(POSTGRES));
        Map<String, List<String>> redshift = trimmed(Files.readString(REDSHIFT));
        assertThat(redshift).isEqualTo(postgres);
        Map<String, Map<String, Integer>> ddl = varcharWidths();
        assertThat(postgres.get("stg_events")).containsExactlyInAnyOrderElementsOf(cutColumns(ddl.get("stg_events")).keySet());
        assertThat(postgres.get("stg_order_items")).containsExactlyInAnyOrderElementsOf(cutColumns(ddl.get("stg_order_items")).keySet());
        assertThat(postgres.get("rejected_events")).containsExactly("source", "reason", "message_id");
    }

    /** Per staged table, the columns its insert wraps in RTRIM, by their names in the cut ({@code c.<name>}). */
    static Map<String, List<String>> trimmed(String sql) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String table : List.of("stg_events", "stg_order_items", "rejected_events")) {
            List<String> columns = new ArrayList<>();
            Matcher m = Pattern.compile("RTRIM\\((?:COALESCE\\()?c\\.(\\w+)").matcher(statementInserting(sql, table));
            while (m.find()) columns.add(m.group(1));
            out.put(table, columns);
        }
        return out;
    }

    /** The statements marked shared, the search steps and the drops; and the events insert's pivot of cut values. */
    static List<String> shared(String sql) {
        List<String> out = new ArrayList<>();
        for (String s : RedshiftSemanticRules.statements(sql)) {
            String code = s.strip();
            String first = code.lines().filter(l -> !l.startsWith("--")).findFirst().orElse("");
            if (code.startsWith("-- shared") || first.startsWith("UPDATE long_strings") || first.startsWith("DROP TABLE")) {
                out.add(code);
            }
        }
        Matcher pivot = Pattern.compile("(?s)LEFT JOIN \\(SELECT l\\.arrival_seq,\\n.*?GROUP BY l\\.arrival_seq\\) c ON c\\.arrival_seq = r\\.arrival_seq")
                .matcher(statementInserting(sql, "stg_events"));
        assertThat(pivot.find()).isTrue();
        out.add(pivot.group());
        return out;
    }

    /**
     * The widths the cut's first step checks to pick the records it unpivots, per JSON key: {@code OCTET_LENGTH(<accessor>) >
     * <width>} terms, keyed by every key their accessor names.
     */
    static Map<String, List<Integer>> prefilter(String sql) {
        int start = sql.indexOf("CREATE TEMP TABLE long_records AS");
        assertThat(start).isPositive();
        String block = sql.substring(start, sql.indexOf(";", start));
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        Matcher term = Pattern.compile("OCTET_LENGTH\\(").matcher(block);
        while (term.find()) {
            String accessor = RedshiftSemanticRules.argument(block, term.end());
            Matcher width = Pattern.compile("^\\)\\s*>\\s*(\\d+)").matcher(block.substring(term.end() + closing(block, term.end())));
            assertThat(width.find()).as(accessor).isTrue();
            Matcher key = Pattern.compile("'(\\w+)'|\\.\"?(\\w+)\"?::").matcher(accessor);
            while (key.find()) {
                String k = key.group(1) != null ? key.group(1) : key.group(2);
                out.computeIfAbsent(k, x -> new ArrayList<>()).add(Integer.parseInt(width.group(1)));
            }
        }
        return out;
    }

    /** How far past {@code from} the parenthesis that closes there is. */
    private static int closing(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) == '(') depth++;
            else if (text.charAt(i) == ')' && --depth == 0) return i - from;
        }
        throw new IllegalStateException("unbalanced");
    }

    /** The (field, width) lists of the cut's first step, in order: event fields, line item fields, rejection fields. */
    static List<Map<String, Integer>> widthLists(String sql) {
        List<Map<String, Integer>> out = new ArrayList<>();
        Matcher m = WIDTH_LIST.matcher(sql);
        while (m.find()) {
            Map<String, Integer> list = new LinkedHashMap<>();
            list.put(m.group(1), Integer.parseInt(m.group(2)));
            Matcher item = WIDTH_ITEM.matcher(m.group(3));
            while (item.find()) list.put(item.group(1), Integer.parseInt(item.group(2)));
            out.add(list);
        }
        return out;
    }

    /** Table → VARCHAR column → width, from the baseline DDL and the ADD COLUMNs of later steps. */
    static Map<String, Map<String, Integer>> varcharWidths() throws IOException {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        Matcher table = Pattern.compile("(?s)CREATE TABLE IF NOT EXISTS clickstream\\.(\\w+) \\((.*?)\\n\\);")
                .matcher(Files.readString(Path.of("setup", "common", "01_model_tables.sql")));
        while (table.find()) {
            Map<String, Integer> columns = out.computeIfAbsent(table.group(1), t -> new LinkedHashMap<>());
            Matcher column = Pattern.compile("\\n\\s+\"?(\\w+)\"?\\s+VARCHAR\\((\\d+)\\)").matcher(table.group(2));
            while (column.find()) columns.put(column.group(1), Integer.parseInt(column.group(2)));
        }
        for (Path step : TestDialectGuard.files("setup/common")) {
            Matcher added = Pattern.compile("ALTER TABLE clickstream\\.(\\w+) ADD COLUMN (\\w+) VARCHAR\\((\\d+)\\)")
                    .matcher(Files.readString(step));
            while (added.find()) {
                out.computeIfAbsent(added.group(1), t -> new LinkedHashMap<>()).put(added.group(2), Integer.parseInt(added.group(3)));
            }
        }
        return out;
    }

    private static Map<String, Integer> cutColumns(Map<String, Integer> table) {
        Map<String, Integer> out = new LinkedHashMap<>(table);
        out.keySet().removeAll(BOUNDED_BY_CONSTRUCTION);
        return out;
    }

    private static String statementInserting(String sql, String table) {
        return RedshiftSemanticRules.statements(sql).stream().filter(s -> s.contains("INSERT INTO clickstream." + table + " "))
                .findFirst().orElseThrow();
    }
}
