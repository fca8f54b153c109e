package dev.clickstream.warehouse.bench;

import dev.clickstream.warehouse.runner.Dialect;
import dev.clickstream.warehouse.runner.JdbcExecutor;
import dev.clickstream.warehouse.runner.ModelRunner;
import dev.clickstream.warehouse.testing.TestPostgres;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/**
 * A benchmark, not a test: how long one incremental run over 100,000 new events takes on top of a small and a large
 * history. The goal is a ratio of at most 1.5: a model's cost should grow with the new data, not with the history.
 * <pre>
 * mvn -q -pl redshift-sql test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.clickstream.warehouse.bench.IncrementalCostBenchmark -Dexec.args="100000 100000 5000000"
 * </pre>
 * Arguments: new events, then one or more history sizes. Each history gets a fresh embedded PostgreSQL database.
 * Each statement's time is logged at DEBUG by {@code JdbcExecutor}, which shows what grows with history. With
 * {@code BENCH_KEEP=1} the database stays up afterwards, for EXPLAIN, and each line on standard input runs one more
 * incremental round.
 */
public final class IncrementalCostBenchmark {
    private static final String GENERATE = """
            INSERT INTO clickstream.raw_events (approximate_arrival_timestamp, partition_key, shard_id, sequence_number,
                                                refresh_time, payload)
            SELECT x.ts, 'k', 'bench', lpad(CAST(x.n AS TEXT), 20, '0'), CAST(? AS TIMESTAMP), jsonb_build_object(
                'kind', 'event', 'message_id', 'b' || x.n,
                'type', CASE WHEN x.n % 3 = 0 THEN 'page' ELSE 'track' END,
                'event', (ARRAY['Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed', 'Products Searched'])[1 + x.n % 5],
                'anonymous_id', 'anon-' || (x.n / 25),
                'user_id', CASE WHEN x.n % 50 = 0 THEN 'user-' || (x.n / 25) END,
                'timestamp', to_char(x.ts, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                'received_at', to_char(x.ts, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                'ip', '10.0.' || (x.n % 250) || '.' || (x.n % 200), 'user_agent', 'Mozilla/5.0 (bench)',
                'properties', jsonb_build_object('category', 'c' || (x.n % 20), 'brand', 'b' || (x.n % 30),
                                                 'price', (x.n % 100) + 0.99, 'revenue', (x.n % 100) + 0.99))
            FROM (SELECT g + ? AS n, TIMESTAMP '2030-01-01' + (g + ?) * INTERVAL '2 seconds' AS ts
                  FROM generate_series(1, ?) g) x
            """;

    private IncrementalCostBenchmark() {}

    public static void main(String[] args) throws Exception {
        long fresh = Long.parseLong(args[0]);
        for (int i = 1; i < args.length; i++) {
            long history = Long.parseLong(args[i]);
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(TestPostgres.newDatabase());
            ds.setUser("postgres");
            try (JdbcExecutor sql = new JdbcExecutor(ds, null)) {
                ModelRunner runner = new ModelRunner(sql, Dialect.POSTGRES, Clock.systemUTC());
                runner.setup();
                long t0 = System.nanoTime();
                generate(ds, 0, history, "2031-01-01 00:00:00");
                long t1 = System.nanoTime();
                check(runner.run(null, false));
                long t2 = System.nanoTime();
                analyze(ds);
                generate(ds, history, fresh, "2031-01-01 00:00:01");
                long t3 = System.nanoTime();
                List<ModelRunner.Outcome> outcomes = runner.run(null, false);
                long t4 = System.nanoTime();
                check(outcomes);
                System.out.printf("history %,d events: generate %.1f s, model history %.1f s; incremental run over %,d new events: %.2f s%n",
                        history, secs(t1 - t0), secs(t2 - t1), fresh, secs(t4 - t3));
                try (Connection c = ds.getConnection(); var rs = c.createStatement().executeQuery(
                        "SELECT model, rows, EXTRACT(EPOCH FROM finished_at - started_at) FROM clickstream.model_runs"
                                + " WHERE run_upper = TIMESTAMP '2031-01-01 00:00:01' ORDER BY started_at")) {
                    while (rs.next()) System.out.printf("    %-18s %,10d rows %8.2f s%n", rs.getString(1), rs.getLong(2), rs.getDouble(3));
                }
                if (System.getenv("BENCH_KEEP") != null) keep(ds, runner, history + fresh, fresh);
            }
        }
    }

    /**
     * BENCH_KEEP=1: keep the database for study. Each line on standard input adds another batch of new events and
     * runs the models incrementally again; end of input stops.
     */
    private static void keep(PGSimpleDataSource ds, ModelRunner runner, long offset, long fresh) throws Exception {
        System.out.println("kept: " + ds.getUrl() + " (user postgres); press Enter for another incremental run");
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
        for (int round = 2; in.readLine() != null; round++) {
            String refresh = String.format("2031-01-01 00:00:%02d", round);
            generate(ds, offset, fresh, refresh);
            offset += fresh;
            long t0 = System.nanoTime();
            check(runner.run(null, false));
            System.out.printf("incremental run over %,d new events: %.2f s%n", fresh, secs(System.nanoTime() - t0));
        }
    }

    private static void generate(PGSimpleDataSource ds, long offset, long count, String refreshTime) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(GENERATE)) {
            ps.setString(1, refreshTime);
            ps.setLong(2, offset);
            ps.setLong(3, offset);
            ps.setLong(4, count);
            ps.executeUpdate();
        }
    }

    private static void analyze(PGSimpleDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("ANALYZE");
        }
    }

    private static void check(List<ModelRunner.Outcome> outcomes) {
        for (ModelRunner.Outcome o : outcomes) {
            if ("failed".equals(o.status())) throw new IllegalStateException(o.error());
        }
    }

    private static double secs(long nanos) {
        return nanos / 1e9;
    }
}
