package dev.clickstream.warehouse.runner;

import dev.clickstream.warehouse.testing.ModelHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.clickstream.warehouse.testing.ModelHarness.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two {@code models run} never overlap (issue 13 §5), on real PostgreSQL with the lock SQL Redshift runs too. */
class TestRunLock {
    static final Instant T = Instant.parse("2030-01-02T00:00:00Z");
    static final String[] TABLES = {
            "SELECT message_id, user_key, event_ts FROM clickstream.events",
            "SELECT session_id, user_key, session_start, session_end, events, page_views, is_engaged FROM clickstream.sessions",
            "SELECT funnel, day, step, users FROM clickstream.funnel_daily",
            "SELECT * FROM clickstream.daily_metrics",
            "SELECT * FROM clickstream.category_hourly",
            "SELECT model, high_watermark FROM clickstream.model_state",
    };

    /** Shared by the lease tests, which leave run_lock empty. */
    static ModelHarness leases;

    @BeforeAll
    static void leases() {
        leases = new ModelHarness();
        load(leases);
    }

    @AfterAll
    static void close() {
        leases.close();
    }

    private static void load(ModelHarness w) {
        w.refresh(event("m1", "page", null, null, "a1", "2030-01-01T10:00:00.000000Z", "\"page_path\":\"/\""),
                event("m2", "track", "Product Viewed", null, "a1", "2030-01-01T10:01:00.000000Z", "\"properties\":{\"category\":\"c\"}"),
                event("m3", "identify", null, "u1", "a1", "2030-01-01T10:02:00.000000Z", ""),
                event("m4", "page", null, null, "a2", "2030-01-01T11:00:00.000000Z", ""));
    }

    private static List<List<String>> snapshot(ModelHarness w) {
        List<List<String>> out = new ArrayList<>();
        for (String sql : TABLES) {
            List<String> rows = new ArrayList<>(w.rows(sql).stream().map(String::valueOf).toList());
            rows.sort(null);
            out.add(rows);
        }
        return out;
    }

    /** Holds every run at the lock (a barrier, so both acquire at once) and the winner inside its first model. */
    static final class Gate implements SqlExecutor {
        final SqlExecutor inner;
        final CyclicBarrier atLock = new CyclicBarrier(2);
        final CountDownLatch models = new CountDownLatch(1);

        Gate(SqlExecutor inner) {
            this.inner = inner;
        }

        @Override
        public List<Long> executeInTransaction(String name, List<String> statements, Map<String, String> parameters) {
            try {
                if (name.equals("lock:acquire")) atLock.await(10, TimeUnit.SECONDS);
                if (name.startsWith("model:")) assertThat(models.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return inner.executeInTransaction(name, statements, parameters);
        }

        @Override
        public long executeOutsideTransaction(String name, String statement, Map<String, String> parameters) {
            return inner.executeOutsideTransaction(name, statement, parameters);
        }

        @Override
        public List<List<String>> query(String sql, Map<String, String> parameters) {
            return inner.query(sql, parameters);
        }

        @Override
        public void close() {}
    }

    @Test
    void twoRunsStartedAtOnceNeverOverlapAndLeaveTheTablesOfOneRun() throws Exception {
        try (ModelHarness w = new ModelHarness()) {
            load(w);
            Gate gate = new Gate(w.executor());
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                CompletionService<List<ModelRunner.Outcome>> runs = new ExecutorCompletionService<>(pool);
                for (int i = 0; i < 2; i++) runs.submit(() -> new ModelRunner(gate, Dialect.POSTGRES, Clock.systemUTC()).run(null, false));
                // the loser returns while the winner is still held inside its first model
                Future<List<ModelRunner.Outcome>> first = runs.poll(30, TimeUnit.SECONDS);
                assertThat(first).isNotNull();
                assertThat(first.get()).singleElement().satisfies(x -> {
                    assertThat(x.model()).isEqualTo(ModelRunner.ALL);
                    assertThat(x.status()).isEqualTo("skipped_locked");
                });
                gate.models.countDown();
                Future<List<ModelRunner.Outcome>> second = runs.poll(60, TimeUnit.SECONDS);
                assertThat(second).isNotNull();
                assertThat(second.get()).isNotEmpty().extracting(ModelRunner.Outcome::status).containsOnly("succeeded");
            } finally {
                pool.shutdownNow();
            }
            assertThat(w.rows("SELECT count(*) FROM clickstream.run_lock")).containsExactly(List.of("0"));
            List<List<String>> afterTwoRuns = snapshot(w);
            assertThat(new ModelRunner(w.executor(), Dialect.POSTGRES, Clock.systemUTC()).run(null, true))
                    .extracting(ModelRunner.Outcome::status).containsOnly("succeeded");
            assertThat(afterTwoRuns).as("the tables of one run from scratch").isEqualTo(snapshot(w));
        }
    }

    /**
     * LOCK cannot be prepared (https://docs.aws.amazon.com/redshift/latest/dg/r_PREPARE.html), and the Data API binds a
     * batch's parameters under prepared-statement rules: the acquiring batch is sent with none, its values inlined.
     */
    @Test
    void theAcquiringBatchCarriesNoParameterAndTheHolderIsAWord() {
        List<List<String>> batches = new ArrayList<>();
        List<Map<String, String>> parameters = new ArrayList<>();
        SqlExecutor inner = leases.executor();
        SqlExecutor recording = new SqlExecutor() {
            @Override
            public List<Long> executeInTransaction(String name, List<String> statements, Map<String, String> values) {
                batches.add(statements);
                parameters.add(values);
                return inner.executeInTransaction(name, statements, values);
            }

            @Override
            public long executeOutsideTransaction(String name, String statement, Map<String, String> values) {
                return inner.executeOutsideTransaction(name, statement, values);
            }

            @Override
            public List<List<String>> query(String sql, Map<String, String> values) {
                return inner.query(sql, values);
            }

            @Override
            public void close() {}
        };
        RunLock lock = new RunLock(recording, Clock.fixed(T, ZoneOffset.UTC), Duration.ofHours(1));
        assertThat(lock.holder()).matches("run_[A-Za-z0-9_]+_[0-9a-f]{32}").hasSizeLessThanOrEqualTo(128);
        assertThat(lock.tryAcquire()).isNull();
        assertThat(batches.get(0)).hasSize(3).first().isEqualTo("LOCK clickstream.run_lock");
        assertThat(batches.get(0)).allSatisfy(s -> assertThat(NamedParameters.names(s)).as(s).isEmpty());
        assertThat(batches.get(0).get(2)).contains("'" + lock.holder() + "'").contains("'2030-01-02 01:00:00");
        assertThat(parameters.get(0)).isEmpty();
        lock.release();
        assertThat(leases.rows("SELECT count(*) FROM clickstream.run_lock")).containsExactly(List.of("0"));
        // a holder that could not be inlined is refused before anything is sent
        assertThatThrownBy(() -> new RunLock(recording, Clock.systemUTC(), Duration.ofHours(1), "models check: x'; DROP"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(":holder");
        assertThat(batches).hasSize(2); // the acquiring and the releasing one
    }

    @Test
    void aLockLeftByACrashedRunExpires() {
        ModelHarness w = leases;
        assertThat(new RunLock(w.executor(), Clock.fixed(T, ZoneOffset.UTC), Duration.ofHours(1), "crashed").tryAcquire()).isNull();
        List<ModelRunner.Outcome> during = new ModelRunner(w.executor(), Dialect.POSTGRES,
                Clock.fixed(T.plus(Duration.ofMinutes(59)), ZoneOffset.UTC)).run(null, false);
        assertThat(during).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo("skipped_locked");
            assertThat(o.error()).contains("crashed").contains("2030-01-02 01:00:00");
        });
        List<ModelRunner.Outcome> after = new ModelRunner(w.executor(), Dialect.POSTGRES,
                Clock.fixed(T.plus(Duration.ofMinutes(61)), ZoneOffset.UTC)).run(null, false);
        assertThat(after).isNotEmpty().extracting(ModelRunner.Outcome::status).containsOnly("succeeded");
        assertThat(w.rows("SELECT count(*) FROM clickstream.run_lock")).containsExactly(List.of("0"));
    }

    @Test
    void aRunThatOutlivedItsLeaseFindsItTakenOver() {
        ModelHarness w = leases;
        RunLock slow = new RunLock(w.executor(), Clock.fixed(T, ZoneOffset.UTC), Duration.ofHours(1), "slow");
        assertThat(slow.tryAcquire()).isNull();
        slow.renew();
        assertThat(new RunLock(w.executor(), Clock.fixed(T.plus(Duration.ofHours(2)), ZoneOffset.UTC), Duration.ofHours(1), "next")
                .tryAcquire()).isNull();
        assertThatThrownBy(slow::renew).isInstanceOf(SqlExecutionException.class)
                .satisfies(e -> assertThat(((SqlExecutionException) e).errorClass()).isEqualTo("LockLost"));
        slow.release(); // leaves the new holder's row alone
        assertThat(w.rows("SELECT holder FROM clickstream.run_lock")).containsExactly(List.of("next"));
        w.execute("DELETE FROM clickstream.run_lock");
    }
}
