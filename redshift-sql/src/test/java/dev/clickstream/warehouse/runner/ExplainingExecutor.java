package dev.clickstream.warehouse.runner;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A study tool for the incremental-cost benchmark, not for production: runs model SQL like {@link JdbcExecutor} (one
 * transaction per call) but executes every data-changing statement as {@code EXPLAIN (ANALYZE, BUFFERS, WAL)} and
 * prints the plan of each one slower than a threshold, so what grows with history shows up with its reason.
 */
public final class ExplainingExecutor implements SqlExecutor {
    private final JdbcExecutor plain;
    private final DataSource dataSource;
    private final long thresholdMs;
    private final PrintStream out;

    public ExplainingExecutor(DataSource dataSource, long thresholdMs, PrintStream out) {
        this.plain = new JdbcExecutor(dataSource, null);
        this.dataSource = dataSource;
        this.thresholdMs = thresholdMs;
        this.out = out;
    }

    @Override
    public List<Long> executeInTransaction(String name, List<String> statements, Map<String, String> parameters) {
        List<Long> counts = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            int index = 0;
            for (String sql : statements) {
                index++;
                NamedParameters.Bound bound = NamedParameters.bind(sql, parameters);
                boolean explain = explainable(sql);
                long started = System.nanoTime();
                List<String> plan = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(explain ? "EXPLAIN (ANALYZE, BUFFERS, WAL) " + bound.sql() : bound.sql())) {
                    JdbcExecutor.bind(ps, bound.values());
                    if (ps.execute()) {
                        try (ResultSet rs = ps.getResultSet()) {
                            while (rs.next()) plan.add(rs.getString(1));
                        }
                    }
                } catch (SQLException e) {
                    c.rollback();
                    throw JdbcExecutor.failure(e.getMessage(), index, sql, e);
                }
                long ms = (System.nanoTime() - started) / 1_000_000;
                counts.add(-1L);
                if (ms >= thresholdMs) {
                    out.printf("%n=== %s statement %d: %d ms: %s%n", name, index, ms, Model.firstLine(sql));
                    plan.forEach(out::println);
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new SqlExecutionException(name + ": " + e.getMessage(), 0, null, e);
        }
        return counts;
    }

    private static boolean explainable(String sql) {
        String first = sql.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("--")).findFirst().orElse("");
        return first.startsWith("INSERT") || first.startsWith("UPDATE") || first.startsWith("DELETE")
                || first.startsWith("CREATE TEMP TABLE");
    }

    @Override
    public long executeOutsideTransaction(String name, String statement, Map<String, String> parameters) {
        return plain.executeOutsideTransaction(name, statement, parameters);
    }

    @Override
    public List<List<String>> query(String sql, Map<String, String> parameters) {
        return plain.query(sql, parameters);
    }

    @Override
    public void close() {
        plain.close();
    }
}
