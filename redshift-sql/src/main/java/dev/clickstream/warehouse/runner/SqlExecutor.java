package dev.clickstream.warehouse.runner;

import java.util.List;
import java.util.Map;

/**
 * Runs the models' SQL on a warehouse. Two implementations: JDBC (PostgreSQL locally) and the Redshift Data API.
 * Parameters are named ({@code :run_upper}) and bind values only, never identifiers.
 */
public interface SqlExecutor extends AutoCloseable {
    /**
     * Runs the statements in order inside one transaction (one BatchExecuteStatement on Redshift): all or nothing.
     * @param name    a label for logs and the Data API's StatementName
     * @return rows affected by each statement (-1 when the warehouse does not say)
     * @throws SqlExecutionException naming the failing statement
     */
    List<Long> executeInTransaction(String name, List<String> statements, Map<String, String> parameters);

    /**
     * Runs one statement on its own, outside any transaction block, committed when it succeeds (JDBC autocommit; one
     * ExecuteStatement on Redshift). For DDL that refuses to run inside a transaction.
     * @return rows affected (-1 when the warehouse does not say)
     * @throws SqlExecutionException with the warehouse's error
     */
    long executeOutsideTransaction(String name, String statement, Map<String, String> parameters);

    /** Runs one query; every value comes back as text, SQL NULL as null. */
    List<List<String>> query(String sql, Map<String, String> parameters);

    @Override
    void close();
}
