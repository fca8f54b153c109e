package dev.clickstream.warehouse.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The portable-SQL rulebook as checks: constructs PostgreSQL has and Redshift lacks (or treats differently). */
final class DialectRules {
    private static final Set<String> FRAMED_WINDOW_FUNCTIONS = Set.of("sum", "count", "min", "max", "avg", "first_value",
            "last_value", "stddev", "variance", "median");
    private static final List<Rule> RULES = List.of(
            new Rule("FILTER on an aggregate", Pattern.compile("\\bfilter\\s*\\(\\s*where\\b")),
            new Rule("DISTINCT ON", Pattern.compile("\\bdistinct\\s+on\\s*\\(")),
            new Rule("ON CONFLICT", Pattern.compile("\\bon\\s+conflict\\b")),
            new Rule("RETURNING", Pattern.compile("\\breturning\\b")),
            new Rule("LATERAL", Pattern.compile("\\blateral\\b")),
            new Rule("generate_series", Pattern.compile("\\bgenerate_series\\s*\\(")),
            new Rule("NOW()", Pattern.compile("\\bnow\\s*\\(\\s*\\)")),
            new Rule("CURRENT_TIMESTAMP", Pattern.compile("\\bcurrent_timestamp\\b")),
            new Rule("IS DISTINCT FROM", Pattern.compile("\\bis\\s+(not\\s+)?distinct\\s+from\\b")),
            new Rule("named WINDOW", Pattern.compile("\\bwindow\\s+\\w+\\s+as\\s*\\(")),
            new Rule("QUALIFY", Pattern.compile("\\bqualify\\b")),
            new Rule("RANGE or GROUPS frame", Pattern.compile("\\b(range|groups)\\s+between\\b")));
    private static final Pattern JSONB = Pattern.compile("\\bjsonb\\w*");
    private static final Pattern CONCAT = Pattern.compile("\\bconcat\\s*\\(");
    private static final Pattern OVER = Pattern.compile("\\bover\\s*\\(");

    private record Rule(String name, Pattern pattern) {}

    private DialectRules() {}

    /** Violations in one file's SQL; {@code jsonbAllowed} only for the PostgreSQL staging model. */
    static List<String> check(String sql, boolean jsonbAllowed) {
        String code = stripCommentsAndStrings(sql).toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (Rule r : RULES) if (r.pattern.matcher(code).find()) out.add(r.name);
        if (!jsonbAllowed && JSONB.matcher(code).find()) out.add("jsonb outside the PostgreSQL staging model");
        Matcher c = CONCAT.matcher(code);
        while (c.find()) if (topLevelCommas(code, c.end()) >= 2) out.add("CONCAT with more than two arguments");
        Matcher o = OVER.matcher(code);
        while (o.find()) {
            String function = functionBefore(code, o.start());
            String clause = parenthesised(code, o.end());
            if (FRAMED_WINDOW_FUNCTIONS.contains(function) && clause.contains("order by") && !clause.contains("rows between")) {
                out.add("aggregate window " + function + "() OVER (… ORDER BY …) without a ROWS frame");
            }
        }
        return out;
    }

    static String stripCommentsAndStrings(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            char ch = sql.charAt(i);
            if (ch == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                while (i < sql.length() && sql.charAt(i) != '\n') i++;
            } else if (ch == '\'') {
                out.append("''");
                i++;
                while (i < sql.length() && sql.charAt(i) != '\'') i++;
                i++;
            } else {
                out.append(ch);
                i++;
            }
        }
        return out.toString();
    }

    private static int topLevelCommas(String code, int from) {
        int depth = 1, commas = 0;
        for (int i = from; i < code.length() && depth > 0; i++) {
            char ch = code.charAt(i);
            if (ch == '(') depth++;
            else if (ch == ')') depth--;
            else if (ch == ',' && depth == 1) commas++;
        }
        return commas;
    }

    private static String parenthesised(String code, int from) {
        int depth = 1, i = from;
        while (i < code.length() && depth > 0) {
            char ch = code.charAt(i++);
            if (ch == '(') depth++;
            else if (ch == ')') depth--;
        }
        return code.substring(from, Math.max(from, i - 1)).replaceAll("\\s+", " ");
    }

    /** The name of the function call that ends right before {@code over}. */
    private static String functionBefore(String code, int overStart) {
        int i = overStart - 1;
        while (i >= 0 && Character.isWhitespace(code.charAt(i))) i--;
        if (i < 0 || code.charAt(i) != ')') return "";
        int depth = 0;
        for (; i >= 0; i--) {
            char ch = code.charAt(i);
            if (ch == ')') depth++;
            else if (ch == '(' && --depth == 0) break;
        }
        int end = i;
        while (end > 0 && Character.isWhitespace(code.charAt(end - 1))) end--;
        int start = end;
        while (start > 0 && (Character.isLetterOrDigit(code.charAt(start - 1)) || code.charAt(start - 1) == '_')) start--;
        return code.substring(start, end);
    }
}
