package dev.clickstream.warehouse.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides how each statement gets its parameters. The Data API binds {@code :name} parameters under JDBC
 * prepared-statement rules, and Redshift prepares only SELECT, INSERT, UPDATE and DELETE
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_PREPARE.html): a parameter inside {@code CREATE TEMP TABLE … AS}
 * or any other DDL is refused. So those four kinds (and WITH, which leads into one of them) keep their placeholders;
 * every other statement gets its values inlined as literals, each validated first against a strict shape that holds
 * no quote, backslash or space worth an injection: a timestamp, a plain number, or a word. Anything else is refused.
 *
 * <p>A value is inlined as a quoted string literal ({@code '1800'}, {@code '2024-05-01 12:00:00'}), which both
 * engines type the way they type a bound text parameter: unknown until a CAST or the context says otherwise.
 */
public final class StatementRenderer {
    /** The statement kinds Redshift's PREPARE accepts, and WITH, which starts one of them. */
    public static final Set<String> PREPARABLE = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "WITH");

    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}([ T]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?)?");
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,19}(\\.\\d{1,18})?");
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private StatementRenderer() {}

    /** The first keyword of a statement, upper-case, after leading comments and blank lines. */
    public static String keyword(String sql) {
        String first = Model.firstLine(sql).stripLeading();
        int end = 0;
        while (end < first.length() && Character.isLetter(first.charAt(end))) end++;
        return first.substring(0, end).toUpperCase(Locale.ROOT);
    }

    /** Whether the Data API may bind parameters in this statement. */
    public static boolean acceptsParameters(String sql) {
        return PREPARABLE.contains(keyword(sql));
    }

    /** The statements as they are sent: placeholders kept where they may be bound, inlined everywhere else. */
    public static List<String> render(List<String> statements, Map<String, String> parameters) {
        List<String> out = new ArrayList<>(statements.size());
        for (String s : statements) out.add(render(s, parameters));
        return out;
    }

    public static String render(String sql, Map<String, String> parameters) {
        return acceptsParameters(sql) ? sql : inline(sql, parameters);
    }

    /**
     * The statement with every placeholder replaced by its value as a validated literal, whatever its kind: for a
     * batch that must carry no parameter at all (the run lock's, which starts with LOCK).
     */
    public static String inline(String sql, Map<String, String> parameters) {
        return NamedParameters.replace(sql, name -> {
            String value = parameters.get(name);
            if (value == null) throw new IllegalArgumentException("no value for parameter :" + name + " in " + keyword(sql));
            return literal(name, value);
        });
    }

    /**
     * A value as a SQL string literal, if it is a timestamp ({@code 2024-05-01 12:00:00[.ffffff]}, or a date), a plain
     * number or a word ({@code [A-Za-z_][A-Za-z0-9_]*}); otherwise refused.
     * @throws IllegalArgumentException naming the parameter, never echoing the value
     */
    public static String literal(String name, String value) {
        if (TIMESTAMP.matcher(value).matches() || NUMBER.matcher(value).matches() || WORD.matcher(value).matches()) {
            return "'" + value + "'";
        }
        throw new IllegalArgumentException("parameter :" + name + " (" + value.length()
                + " characters) is not a timestamp, a number or a word, so it is not inlined into DDL");
    }
}
