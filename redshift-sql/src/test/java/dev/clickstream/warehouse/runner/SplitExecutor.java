package dev.clickstream.warehouse.runner;

import java.util.List;
import java.util.Map;

/**
 * A test composition of two real executors: each model's batch ({@code model:*}) goes to the Data API stand-in, so
 * the runner meets every Data API failure on the wire; everything else (the lock, watermarks, bindings, the
 * {@code model_runs} row) goes to a real PostgreSQL, so what the runner records is a row a query can read back.
 */
final class SplitExecutor implements SqlExecutor {
    private final SqlExecutor models;
    private final SqlExecutor bookkeeping;

    SplitExecutor(SqlExecutor models, SqlExecutor bookkeeping) {
        this.models = models;
        this.bookkeeping = bookkeeping;
    }

    @Override
    public List<Long> executeInTransaction(String name, List<String> statements, Map<String, String> parameters) {
        return (name.startsWith("model:") ? models : bookkeeping).executeInTransaction(name, statements, parameters);
    }

    @Override
    public long executeOutsideTransaction(String name, String statement, Map<String, String> parameters) {
        return bookkeeping.executeOutsideTransaction(name, statement, parameters);
    }

    @Override
    public List<List<String>> query(String sql, Map<String, String> parameters) {
        return bookkeeping.query(sql, parameters);
    }

    @Override
    public void close() {
        models.close();
    }
}
