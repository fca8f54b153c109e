package dev.clickstream.warehouse.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Data API's {@code :name} placeholders, turned into JDBC's {@code ?} with their values in order. Text inside
 * single quotes, comments and PostgreSQL's {@code ::} casts is left alone.
 */
final class NamedParameters {
    record Bound(String sql, List<String> values) {}

    private NamedParameters() {}

    static Bound bind(String sql, Map<String, String> parameters) {
        StringBuilder out = new StringBuilder(sql.length());
        List<String> values = new ArrayList<>();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'') {
                int end = sql.indexOf('\'', i + 1);
                while (end > 0 && end + 1 < sql.length() && sql.charAt(end + 1) == '\'') end = sql.indexOf('\'', end + 2);
                end = end < 0 ? sql.length() - 1 : end;
                out.append(sql, i, end + 1);
                i = end + 1;
            } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? sql.length() : end;
                out.append(sql, i, end);
                i = end;
            } else if (c == ':' && i + 1 < sql.length() && sql.charAt(i + 1) == ':') {
                out.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < sql.length() && isNameStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && isNamePart(sql.charAt(end))) end++;
                String name = sql.substring(i + 1, end);
                if (!parameters.containsKey(name)) throw new IllegalArgumentException("no value for parameter :" + name);
                out.append('?');
                values.add(parameters.get(name));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return new Bound(out.toString(), values);
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
