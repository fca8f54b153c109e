package dev.clickstream.warehouse.check;

import dev.clickstream.warehouse.runner.SqlExecutor;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends every statement with the schema {@code clickstream} renamed to a scratch schema, so that setup and the models,
 * which name {@code clickstream} throughout, build and fill a throwaway copy. A name is renamed where it stands alone:
 * {@code clickstream.events}, {@code SCHEMA clickstream}, {@code 'clickstream'} and {@code 'clickstream.raw_events_seq'}
 * are; {@code kds."clickstream-events"} (the stream) and {@code clickstream_check_…} are not.
 */
public final class SchemaRenamingExecutor implements SqlExecutor {
    private static final Pattern NAME = Pattern.compile("(?<![A-Za-z0-9_.\"])clickstream(?![A-Za-z0-9_-])");

    private final SqlExecutor inner;
    private final String replacement;

    public SchemaRenamingExecutor(SqlExecutor inner, String schema) {
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) throw new IllegalArgumentException("not a plain schema name: " + schema);
        this.inner = inner;
        this.replacement = Matcher.quoteReplacement(schema);
    }

    public String rename(String sql) {
        return NAME.matcher(sql).replaceAll(replacement);
    }

    @Override
    public List<Long> executeInTransaction(String name, List<String> statements, Map<String, String> parameters) {
        return inner.executeInTransaction(name, statements.stream().map(this::rename).toList(), parameters);
    }

    @Override
    public long executeOutsideTransaction(String name, String statement, Map<String, String> parameters) {
        return inner.executeOutsideTransaction(name, rename(statement), parameters);
    }

    @Override
    public List<List<String>> query(String sql, Map<String, String> parameters) {
        return inner.query(rename(sql), parameters);
    }

    /** The inner executor stays open: the check goes on using it to drop the scratch schema. */
    @Override
    public void close() {}
}
