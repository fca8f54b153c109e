package dev.clickstream.warehouse.runner;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs model SQL over JDBC (PostgreSQL): the statements of one call share one transaction and one session. */
public final class JdbcExecutor implements SqlExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcExecutor.class);
    private final DataSource dataSource;
    private final AutoCloseable owned;

    /** @param owned closed with this executor (a pool), or null */
    public JdbcExecutor(DataSource dataSource, AutoCloseable owned) {
        this.dataSource = dataSource;
        this.owned = owned;
    }

    @Override
    public List<Long> executeInTransaction(String name, List<String> statements, Map<String, String> parameters) {
        List<Long> counts = new ArrayList<>(statements.size());
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            int index = 0;
            try {
                for (String sql : statements) {
                    index++;
                    long started = System.nanoTime();
                    counts.add(run(c, sql, parameters, index));
                    if (LOG.isDebugEnabled()) {
                        LOG.debug("{} statement {} took {} ms: {}", name, index, (System.nanoTime() - started) / 1_000_000,
                                Model.firstLine(sql));
                    }
                }
                c.commit();
            } catch (RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException lost) {
                    e.addSuppressed(lost); // a lost connection: keep the statement's own error
                }
                throw e;
            } finally {
                if (!c.isClosed()) c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw failure(name + ": " + e.getMessage(), 0, null, e);
        }
        return counts;
    }

    /** Autocommit: the statement is its own transaction, as at a psql prompt. */
    @Override
    public long executeOutsideTransaction(String name, String statement, Map<String, String> parameters) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(true);
            try {
                return run(c, statement, parameters, 1);
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw failure(name + ": " + e.getMessage(), 0, null, e);
        }
    }

    /** Names the SQLSTATE; a transient one (conflict, lost connection) marks the rolled-back work as worth re-running. */
    static SqlExecutionException failure(String message, int index, String statement, SQLException e) {
        String state = e.getSQLState();
        return new SqlExecutionException(message, index, statement, e, state == null ? "SQLException" : "SQLSTATE " + state,
                FailureClassifier.transientSqlState(state));
    }

    private static long run(Connection c, String sql, Map<String, String> parameters, int index) throws SQLException {
        NamedParameters.Bound bound = NamedParameters.bind(sql, parameters);
        try (PreparedStatement ps = c.prepareStatement(bound.sql())) {
            bind(ps, bound.values());
            ps.execute();
            return ps.getUpdateCount();
        } catch (SQLException e) {
            throw failure(e.getMessage(), index, sql, e); // executeInTransaction rolls back
        }
    }

    @Override
    public List<List<String>> query(String sql, Map<String, String> parameters) {
        NamedParameters.Bound bound = NamedParameters.bind(sql, parameters);
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(bound.sql())) {
            bind(ps, bound.values());
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) row.add(rs.getString(i));
                    rows.add(row);
                }
            }
            if (!c.getAutoCommit()) c.commit();
        } catch (SQLException e) {
            throw failure("query failed: " + e.getMessage(), 1, sql, e);
        }
        return rows;
    }

    /** Values travel as text, as with the Data API, and the server casts them where the SQL says so. */
    static void bind(PreparedStatement ps, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) ps.setObject(i + 1, values.get(i), java.sql.Types.OTHER);
    }

    @Override
    public void close() {
        if (owned == null) return;
        try {
            owned.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
