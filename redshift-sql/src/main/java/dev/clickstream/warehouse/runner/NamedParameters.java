package dev.clickstream.warehouse.runner;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The Data API's {@code :name} placeholders: found, turned into JDBC's {@code ?} with their values in order, or
 * replaced by other text. Text inside single or double quotes, comments and PostgreSQL's {@code ::} casts is left alone.
 */
public final class NamedParameters {
    record Bound(String sql, List<String> values) {}

    private NamedParameters() {}

    static Bound bind(String sql, Map<String, String> parameters) {
        List<String> values = new ArrayList<>();
        String out = replace(sql, name -> {
            if (!parameters.containsKey(name)) throw new IllegalArgumentException("no value for parameter :" + name);
            values.add(parameters.get(name));
            return "?";
        });
        return new Bound(out, values);
    }

    /** The names of the placeholders a statement uses, in order of first use. */
    public static Set<String> names(String sql) {
        Set<String> names = new LinkedHashSet<>();
        replace(sql, name -> {
            names.add(name);
            return ":" + name;
        });
        return names;
    }

    /** The statement with every placeholder replaced by what {@code replacement} returns for its name. */
    static String replace(String sql, Function<String, String> replacement) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            char next = i + 1 < sql.length() ? sql.charAt(i + 1) : 0;
            int end;
            if (c == '\'' || c == '"') {
                end = sql.indexOf(c, i + 1);
                while (end > 0 && end + 1 < sql.length() && sql.charAt(end + 1) == c) end = sql.indexOf(c, end + 2);
                end = end < 0 ? sql.length() : end + 1;
            } else if (c == '-' && next == '-') {
                end = sql.indexOf('\n', i);
                end = end < 0 ? sql.length() : end;
            } else if (c == '/' && next == '*') {
                end = sql.indexOf("*/", i + 2);
                end = end < 0 ? sql.length() : end + 2;
            } else if (c == ':' && next == ':') {
                end = i + 2;
            } else if (c == ':' && isNameStart(next)) {
                end = i + 1;
                while (end < sql.length() && isNamePart(sql.charAt(end))) end++;
                out.append(replacement.apply(sql.substring(i + 1, end)));
                i = end;
                continue;
            } else {
                end = i + 1;
            }
            out.append(sql, i, end);
            i = end;
        }
        return out.toString();
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
