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
    /**
     * Synthetic traffic shaped like a shop's: 500 visits at a time, 25 events each (a page view every third event,
     * Segment e-commerce tracks otherwise) over about 20 minutes, the gaps growing from 2 s to 100 s, with jitter;
     * a quarter of the devices buy, the others leave their carts; 30% of visits come from a device seen about 28 hours earlier; half the devices belong to members, who identify at their first visit's sixth event and carry
     * their user id from then on; one device in 997 is a crawler; 1% of messages repeat the previous message id (an
     * SDK retry). Ids are UUIDs, as real SDKs send them, so index inserts land all over the b-trees.
     * Parameters: refresh_time, offset (events before this batch), count.
     */
    private static final String GENERATE = """
            INSERT INTO clickstream.raw_events (approximate_arrival_timestamp, partition_key, shard_id, sequence_number,
                                                refresh_time, payload)
            SELECT x.ts, 'k', 'bench', lpad(CAST(x.n AS TEXT), 20, '0'), CAST(? AS TIMESTAMP), jsonb_build_object(
                'kind', 'event',
                'message_id', CAST(CAST(md5('m' || CASE WHEN x.n % 100 = 7 THEN x.n - 1 ELSE x.n END) AS uuid) AS TEXT),
                'type', x.type,
                'event', CASE WHEN x.type <> 'track' THEN NULL
                              WHEN x.k % 5 = 3 AND x.device % 4 <> 0 THEN 'Cart Viewed'
                              ELSE (ARRAY['Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed', 'Products Searched'])[1 + x.k % 5] END,
                'anonymous_id', CAST(CAST(md5('a' || x.device) AS uuid) AS TEXT),
                'user_id', CASE WHEN x.member AND (x.returning OR x.k >= 5) THEN 'user-' || x.device END,
                'timestamp', to_char(x.ts, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                'received_at', to_char(x.ts, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                'source', 'web',
                'ip', '10.' || (x.device % 50021 / 65536) || '.' || (x.device % 50021 / 256 % 256) || '.' || (x.device % 256),
                'request_ip', '10.' || (x.device % 50021 / 65536) || '.' || (x.device % 50021 / 256 % 256) || '.' || (x.device % 256),
                'user_agent', x.ua,
                'page_path', '/p/' || (x.n % 500), 'page_url', 'https://shop.example/p/' || (x.n % 500),
                'library_name', 'analytics.js', 'library_version', 'npm:next-1.70.0',
                'context', jsonb_build_object('userAgent', x.ua, 'locale', 'en-US',
                                              'library', jsonb_build_object('name', 'analytics.js', 'version', 'npm:next-1.70.0'),
                                              'page', jsonb_build_object('path', '/p/' || (x.n % 500), 'url', 'https://shop.example/p/' || (x.n % 500),
                                                                         'title', 'Product ' || (x.n % 500))),
                'properties', jsonb_build_object('product_id', 'p' || (x.n % 500), 'category', 'c' || (x.n % 20),
                                                 'brand', 'b' || (x.n % 30), 'price', (x.n % 100) + 0.99,
                                                 'revenue', (x.n % 100) + 0.99,
                                                 'products', jsonb_build_array(jsonb_build_object('product_id', 'p' || (x.n % 500),
                                                     'category', 'c' || (x.n % 20), 'brand', 'b' || (x.n % 30),
                                                     'price', (x.n % 100) + 0.99, 'quantity', 1))))
            FROM (SELECT v.n, v.k, v.device, v.returning, v.device % 2 = 0 AS member,
                         CASE WHEN v.device % 2 = 0 AND NOT v.returning AND v.k = 5 THEN 'identify'
                              WHEN v.k % 3 = 0 THEN 'page' ELSE 'track' END AS type,
                         CASE WHEN v.device % 997 = 0 THEN 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'
                              ELSE 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36' END AS ua,
                         TIMESTAMP '2030-01-01' + (v.n / 12500 * 1250 + v.n % 500 * 2.5 + v.k * v.k * 2) * INTERVAL '1 second'
                             + CAST(('x' || substr(md5('j' || v.n), 1, 4)) AS bit(16))::int % 5000 * INTERVAL '1 millisecond' AS ts
                  FROM (SELECT w.n, w.k,
                               CASE WHEN w.visit % 10 < 3 AND w.visit >= 40000 THEN w.visit - 40000 ELSE w.visit END AS device,
                               w.visit % 10 < 3 AND w.visit >= 40000 AS returning
                        FROM (SELECT g + ? AS n, (g + ?) / 12500 * 500 + (g + ?) % 500 AS visit, (g + ?) % 12500 / 500 AS k
                              FROM generate_series(1, ?) g) w) v) x
            """;

    private IncrementalCostBenchmark() {}

    public static void main(String[] args) throws Exception {
        try {
            long fresh = Long.parseLong(args[0]);
            for (int i = 1; i < args.length; i++) measure(fresh, Long.parseLong(args[i]));
        } finally {
            TestPostgres.stop();
        }
    }

    private static void measure(long fresh, long history) throws Exception {
        String url = TestPostgres.newDatabase();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser("postgres");
        try (JdbcExecutor sql = new JdbcExecutor(ds, null)) {
            ModelRunner runner = new ModelRunner(sql, Dialect.POSTGRES, Clock.systemUTC());
            runner.setup();
            long t0 = System.nanoTime();
            generate(ds, 0, history, "2031-01-01 00:00:00");
            long t1 = System.nanoTime();
            check(runner.run(null, false));
            long t2 = System.nanoTime();
            vacuum(ds);
            generate(ds, history, fresh, "2031-01-01 00:00:01");
            checkpoint(ds);
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
        TestPostgres.dropDatabase(url);
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
            checkpoint(ds);
            offset += fresh;
            long t0 = System.nanoTime();
            check(runner.run(null, false));
            System.out.printf("incremental run over %,d new events: %.2f s%n", fresh, secs(System.nanoTime() - t0));
        }
    }

    private static void generate(PGSimpleDataSource ds, long offset, long count, String refreshTime) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(GENERATE)) {
            ps.setString(1, refreshTime);
            for (int i = 2; i <= 5; i++) ps.setLong(i, offset);
            ps.setLong(6, count);
            ps.executeUpdate();
        }
    }

    /**
     * The history was modeled in one huge run; a warehouse that has been running for a while has been vacuumed and
     * analyzed between runs (autovacuum), so the timed run starts from that steady state.
     */
    private static void vacuum(PGSimpleDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("VACUUM ANALYZE");
        }
    }

    /**
     * Both history sizes start the timed run right after a checkpoint, so neither is caught mid-checkpoint and both
     * pay the full-page writes that the first run after any checkpoint pays.
     */
    private static void checkpoint(PGSimpleDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("CHECKPOINT");
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
