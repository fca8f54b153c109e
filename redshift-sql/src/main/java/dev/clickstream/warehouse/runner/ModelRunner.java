package dev.clickstream.warehouse.runner;

import dev.clickstream.warehouse.RefreshClock;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the models in dependency order. Each model runs in one transaction together with the advance of its
 * watermark, so a failure leaves the watermark where it was and the next run retries the same window. Every model's
 * run, failed or not, is recorded in {@code clickstream.model_runs} and logged as one structured line
 * ({@link RunRecorder}); a run holds {@link RunLock} throughout, so two runs never overlap.
 */
public final class ModelRunner {
    static final String EPOCH = "1970-01-01 00:00:00";
    /** The model name of an outcome that concerns the whole run (the lock, the run bounds), not one model. */
    public static final String ALL = "*";
    /** How long a run's lock lasts without renewal; renewed before a model once a quarter of it has passed. */
    public static final Duration DEFAULT_LOCK_LEASE = Duration.ofHours(1);

    /** What one run did, per model. */
    public record Outcome(String model, String status, long rows, String error) {}

    private final SqlExecutor sql;
    private final Dialect dialect;
    private final ModelCatalog catalog;
    private final Clock clock;
    private final Map<String, String> modelParameters;
    private final RunRecorder recorder;
    private Duration lockLease = DEFAULT_LOCK_LEASE;
    private String lockHolder;
    private RetryPolicy transactions = RetryPolicy.transactions(RetryPolicy.SLEEP);

    public ModelRunner(SqlExecutor sql, Dialect dialect, Clock clock) {
        this(sql, dialect, clock, ModelParameters.DEFAULTS);
    }

    public ModelRunner(SqlExecutor sql, Dialect dialect, Clock clock, Map<String, String> modelParameters) {
        this.sql = sql;
        this.dialect = dialect;
        this.catalog = ModelCatalog.load(dialect);
        this.clock = clock;
        this.modelParameters = Map.copyOf(modelParameters);
        this.recorder = new RunRecorder(sql, clock);
    }

    /** How long the run lock lasts unrenewed: longer than the slowest model, so only a crashed run loses it. */
    public ModelRunner withLockLease(Duration lease) {
        this.lockLease = lease;
        return this;
    }

    /** Names this runner in the lock row (default: the process and a random id). */
    public ModelRunner withLockHolder(String holder) {
        this.lockHolder = holder;
        return this;
    }

    /** How to wait before re-running a model that rolled back on a conflict (tests pass one that returns at once). */
    public ModelRunner withSleeper(LongConsumer sleeper) {
        this.transactions = RetryPolicy.transactions(sleeper);
        return this;
    }

    public ModelCatalog catalog() {
        return catalog;
    }

    /**
     * Brings the warehouse to the current schema (the versioned steps of {@link SchemaMigrations} not applied yet,
     * then seeds and views) and gives every model a watermark. A second setup changes nothing.
     */
    public void setup() {
        new SchemaMigrations(sql, dialect, clock).migrate();
        for (Model m : catalog.ordered()) {
            sql.executeInTransaction("setup:model_state", List.of(
                    "INSERT INTO clickstream.model_state (model, high_watermark) SELECT :model, CAST(:epoch AS TIMESTAMP) "
                            + "WHERE NOT EXISTS (SELECT 1 FROM clickstream.model_state WHERE model = :model)"),
                    Map.of("model", m.name(), "epoch", EPOCH));
        }
        // a model folded into another in an upgrade (identity into events) would otherwise linger in status
        for (List<String> row : sql.query("SELECT model FROM clickstream.model_state", Map.of())) {
            if (!catalog.names().contains(row.get(0))) {
                sql.executeInTransaction("setup:model_state", List.of("DELETE FROM clickstream.model_state WHERE model = :model"),
                        Map.of("model", row.get(0)));
            }
        }
    }

    /** Data API limit on the statements of one BatchExecuteStatement. */
    public static final int MAX_BATCH_STATEMENTS = 40;
    /** CREATE TEMP TABLE name AS …, whatever comments and blank lines precede it (a model's statement keeps them). */
    private static final Pattern TEMP_TABLE = Pattern.compile(
            "(?is)(?:\\s*(?:--[^\\n]*+|/\\*.*?\\*/))*+\\s*CREATE\\s+TEMP(?:ORARY)?\\s+TABLE\\s+(\\w+)\\s+AS\\b.*");

    /**
     * Every temp table is analyzed right after it is built on PostgreSQL, which gathers no statistics on temp tables
     * by itself (without them the planner picks nested loops over tens of thousands of rows).
     */
    public static List<String> withStatistics(List<String> statements) {
        return withStatistics(statements, Dialect.POSTGRES);
    }

    /**
     * As {@link #withStatistics(List)}, but not on Redshift: "Amazon Redshift automatically runs ANALYZE on tables that
     * you create with the following commands: CREATE TABLE AS, CREATE TEMP TABLE AS, SELECT INTO"
     * (https://docs.aws.amazon.com/redshift/latest/dg/r_ANALYZE.html), so an ANALYZE there only costs a statement.
     */
    public static List<String> withStatistics(List<String> statements, Dialect dialect) {
        List<String> out = new ArrayList<>();
        for (String s : statements) {
            out.add(s);
            if (dialect.redshift()) continue;
            Matcher t = TEMP_TABLE.matcher(s);
            if (t.matches()) out.add("ANALYZE " + t.group(1));
        }
        return out;
    }

    /**
     * The statements of one model exactly as they are sent, in one transaction: the model's statements (with
     * ANALYZE on PostgreSQL), then the advance of its watermark; parameters inlined as validated literals in every
     * statement that is not SELECT, INSERT, UPDATE, DELETE or WITH ({@link StatementRenderer}).
     * @param params every parameter the model's DDL uses ({@code :model_name} of the watermark update stays bound)
     */
    public List<String> render(Model m, Map<String, String> params) {
        List<String> statements = withStatistics(m.statements(), dialect);
        statements.add("UPDATE clickstream.model_state SET high_watermark = CAST(:run_upper AS TIMESTAMP), "
                + "updated_at = CAST(:run_ts AS TIMESTAMP) WHERE model = :model_name");
        return StatementRenderer.render(statements, params);
    }

    /**
     * Runs the selected model (or all of them) over what has arrived up to now, unless another run holds the lock:
     * then the one outcome is {@code skipped_locked}. A model that fails stops the run (later models depend on it).
     * @param select      a model name, or null for all
     * @param fullRefresh rebuild from raw: empty the models' tables and reset their watermarks first
     */
    public List<Outcome> run(String select, boolean fullRefresh) {
        long started = System.nanoTime();
        List<Model> models = select == null ? catalog.ordered() : List.of(catalog.get(select));
        RunLock lock = lockHolder == null ? new RunLock(sql, clock, lockLease) : new RunLock(sql, clock, lockLease, lockHolder);
        List<Outcome> outcomes = new ArrayList<>();
        RunLock.Lease other;
        try {
            other = lock.tryAcquire();
        } catch (RuntimeException e) {
            outcomes.add(failed(ALL, RefreshClock.format(clock.instant()), started, e, null, 1));
            RunRecorder.summary("failed", outcomes, started);
            return outcomes;
        }
        if (other != null) {
            outcomes.add(new Outcome(ALL, "skipped_locked", 0, "another run holds the lock: " + other.holder()
                    + " until " + other.expiresAt()));
            RunRecorder.summary("skipped_locked", outcomes, started);
            return outcomes;
        }
        try {
            runLocked(models, fullRefresh, lock, outcomes, started);
        } finally {
            lock.release();
        }
        String status = outcomes.isEmpty() ? "nothing_to_do"
                : outcomes.stream().anyMatch(o -> "failed".equals(o.status())) ? "failed" : "succeeded";
        RunRecorder.summary(status, outcomes, started);
        return outcomes;
    }

    private void runLocked(List<Model> models, boolean fullRefresh, RunLock lock, List<Outcome> outcomes, long started) {
        String runUpper;
        try {
            if (fullRefresh) {
                for (Model m : models) reset(m);
            }
            List<List<String>> upper = sql.query("SELECT MAX(refresh_time) FROM clickstream.raw_events", Map.of());
            runUpper = upper.isEmpty() ? null : upper.get(0).get(0);
        } catch (RuntimeException e) {
            outcomes.add(failed(ALL, RefreshClock.format(clock.instant()), started, e, null, 1));
            return;
        }
        if (runUpper == null) return;
        long renewed = System.nanoTime();
        for (Model m : models) {
            if (System.nanoTime() - renewed > lockLease.toNanos() / 4) {
                try {
                    lock.renew();
                    renewed = System.nanoTime();
                } catch (RuntimeException e) {
                    outcomes.add(failed(m.name(), RefreshClock.format(clock.instant()), System.nanoTime(), e, runUpper, 1));
                    return;
                }
            }
            Outcome o = runOne(m, runUpper);
            outcomes.add(o);
            if ("failed".equals(o.status())) return;
        }
    }

    private void reset(Model m) {
        List<String> statements = new ArrayList<>();
        for (String table : m.tables()) statements.add("DELETE FROM " + table);
        statements.add("UPDATE clickstream.model_state SET high_watermark = CAST(:epoch AS TIMESTAMP) WHERE model = :model");
        sql.executeInTransaction("reset:" + m.name(), statements, Map.of("epoch", EPOCH, "model", m.name()));
    }

    /** Runs the model's bindings (one-row queries) and adds their columns to the parameters, in order. */
    private void bind(Model m, Map<String, String> params) {
        for (Model.Binding b : m.bindings()) {
            List<List<String>> rows = sql.query(b.sql(), params);
            if (rows.size() != 1 || rows.get(0).size() != b.names().size()) {
                throw new SqlExecutionException(m.name() + ": binding " + b.names() + " must return one row of "
                        + b.names().size() + " columns", 0, b.sql(), null, "BindingFailed", false);
            }
            for (int i = 0; i < b.names().size(); i++) {
                String value = rows.get(0).get(i);
                if (value == null) {
                    throw new SqlExecutionException(m.name() + ": binding " + b.names().get(i) + " is NULL", 0, b.sql(), null,
                            "BindingFailed", false);
                }
                params.put(b.names().get(i), value);
            }
        }
    }

    private Outcome runOne(Model m, String runUpper) {
        String startedAt = RefreshClock.format(clock.instant());
        long started = System.nanoTime();
        AtomicInteger attempts = new AtomicInteger();
        try {
            Outcome o = transactions.run("model:" + m.name(), () -> {
                attempts.incrementAndGet();
                return attempt(m, runUpper, startedAt);
            }, e -> e instanceof SqlExecutionException s && s.retryable());
            if ("succeeded".equals(o.status())) recorder.succeeded(m.name(), startedAt, started, o.rows(), runUpper, attempts.get());
            return o;
        } catch (RuntimeException e) {
            return failed(m.name(), startedAt, started, e, runUpper, attempts.get());
        }
    }

    private Outcome attempt(Model m, String runUpper, String startedAt) {
        List<List<String>> state = sql.query("SELECT high_watermark FROM clickstream.model_state WHERE model = :model",
                Map.of("model", m.name()));
        if (state.isEmpty()) {
            throw new SqlExecutionException("no watermark for " + m.name() + ": run `clickstream models setup`", 0, null, null,
                    "NotSetUp", false);
        }
        String watermark = state.get(0).get(0);
        if (watermark.compareTo(runUpper) >= 0) return new Outcome(m.name(), "up_to_date", 0, null);
        Map<String, String> params = new HashMap<>(modelParameters);
        params.putAll(Map.of("watermark", watermark, "run_upper", runUpper, "run_ts", startedAt, "model_name", m.name()));
        bind(m, params);
        List<String> statements = render(m, params);
        List<Long> counts = sql.executeInTransaction("model:" + m.name(), statements, params);
        // rows = what the model inserted into its main table (the first of its "tables:")
        String main = "INSERT INTO " + m.tables().get(0) + " ";
        long rows = 0;
        for (int i = 0; i < statements.size() && i < counts.size(); i++) {
            if (statements.get(i).contains(main) && counts.get(i) > 0) rows += counts.get(i);
        }
        return new Outcome(m.name(), "succeeded", rows, null);
    }

    private Outcome failed(String model, String startedAt, long started, RuntimeException e, String runUpper, int attempts) {
        RunFailure f = RunFailure.of(e);
        int tries = e instanceof RetryPolicy.Exhausted x ? x.attempts() : Math.max(1, attempts);
        return new Outcome(model, "failed", 0, recorder.failed(model, startedAt, started, f, runUpper, tries));
    }

    /** Per model: its watermark and its last run. */
    public List<List<String>> status() {
        return sql.query("SELECT s.model, s.high_watermark, r.status, r.finished_at, r.rows, r.error "
                + "FROM clickstream.model_state s LEFT JOIN (SELECT x.model, x.status, x.finished_at, x.rows, x.error, "
                + "ROW_NUMBER() OVER (PARTITION BY x.model ORDER BY x.started_at DESC) AS rn FROM clickstream.model_runs x) r "
                + "ON r.model = s.model AND r.rn = 1 ORDER BY s.model", Map.of());
    }
}
