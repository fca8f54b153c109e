package dev.clickstream.warehouse.check;

import dev.clickstream.warehouse.runner.Dialect;
import dev.clickstream.warehouse.runner.ModelRunner;
import dev.clickstream.warehouse.runner.SqlExecutor;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code clickstream models check}: proves a warehouse runs what setup and the models send, in a scratch schema that
 * is dropped at the end. First the probes ({@link Probes}), then setup and one run of every model over the fixture
 * ({@link CheckFixture}), compared table by table with what PostgreSQL makes of the same fixture. One line per step:
 * {@code PASS name  what it checks[: detail]} or {@code FAIL name  what it checks: error}.
 */
public final class WarehouseCheck {
    private final SqlExecutor sql;
    private final boolean redshift;
    private final String scratch;
    private final PrintWriter out;
    private int passed;
    private int failed;

    /** @param scratch the scratch schema: created here, dropped here; it must not exist yet */
    public WarehouseCheck(SqlExecutor sql, boolean redshift, String scratch, PrintWriter out) {
        this.sql = sql;
        this.redshift = redshift;
        this.scratch = scratch;
        this.out = out;
    }

    /** A fresh scratch schema name, {@code clickstream_check_} and 8 random hex digits. */
    public static String scratchName() {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        return "clickstream_check_" + HexFormat.of().formatHex(b);
    }

    /** Who holds the scratch schema's run lock: a word, as the lock's batch inlines it. */
    static String lockHolder(String scratch) {
        return "models_check_" + scratch;
    }

    /** Runs every step; true when all passed. */
    public boolean run() {
        if (!step("connect", "the warehouse answers SELECT 1", () -> {
            List<List<String>> r = sql.query("SELECT 1", Map.of());
            if (!r.equals(List.of(List.of("1")))) throw new IllegalStateException("got " + r);
            return "";
        })) return finish();
        if (!step("scratch_schema", "CREATE SCHEMA " + scratch + " outside a transaction", () -> {
            sql.executeOutsideTransaction("check:scratch", "CREATE SCHEMA " + scratch, Map.of());
            return "";
        })) return finish();
        try {
            for (Probes.Probe p : Probes.all()) {
                if (p.redshiftOnly() && !redshift) continue;
                step(p.name(), p.checks(), () -> p.action().run(sql, scratch));
            }
            fixture();
        } finally {
            step("scratch_dropped", "DROP SCHEMA " + scratch + " CASCADE", () -> {
                sql.executeOutsideTransaction("check:scratch", "DROP SCHEMA " + scratch + " CASCADE", Map.of());
                return "";
            });
        }
        return finish();
    }

    private void fixture() {
        SchemaRenamingExecutor inScratch = new SchemaRenamingExecutor(sql, scratch);
        Dialect dialect = redshift ? Dialect.REDSHIFT_SCRATCH : Dialect.POSTGRES;
        ModelRunner runner = new ModelRunner(inScratch, dialect, Clock.systemUTC()).withLockHolder(lockHolder(scratch));
        if (!step("fixture_setup", "clickstream models setup in the scratch schema", () -> {
            runner.setup();
            return "";
        })) return;
        if (!step("fixture_load", "the envelopes of check/envelopes.jsonl as one refresh of raw_events", () -> {
            CheckFixture.load(inScratch, dialect);
            return CheckFixture.envelopes().size() + " envelopes";
        })) return;
        if (!step("fixture_run", "one clickstream models run: every model succeeds", () -> {
            List<ModelRunner.Outcome> outcomes = runner.run(null, false);
            for (ModelRunner.Outcome o : outcomes) {
                if (!"succeeded".equals(o.status())) throw new IllegalStateException(o.model() + " " + o.status() + ": " + o.error());
            }
            return outcomes.size() + " models";
        })) return;
        Map<CheckFixture.Table, List<String>> expected = CheckFixture.expected();
        Map<CheckFixture.Table, List<String>> actual;
        try {
            actual = CheckFixture.snapshot(inScratch);
        } catch (RuntimeException e) {
            step("fixture_tables", "read the modeled tables", () -> {
                throw e;
            });
            return;
        }
        for (CheckFixture.Table t : expected.keySet()) {
            step("fixture:" + t.name(), "matches the same fixture run on PostgreSQL", () -> {
                List<String> diff = CheckFixture.differences(Map.of(t, expected.get(t)), Map.of(t, actual.get(t)));
                if (!diff.isEmpty()) {
                    throw new IllegalStateException(diff.size() + " rows differ; " + String.join("; ", diff.stream().limit(3)
                            .map(d -> d.length() > 300 ? d.substring(0, 300) + "…" : d).toList()));
                }
                return expected.get(t).size() + " rows";
            });
        }
    }

    private boolean step(String name, String checks, Supplier<String> action) {
        try {
            String detail = action.get();
            passed++;
            out.printf("PASS  %-22s %s%s%n", name, checks, detail == null || detail.isEmpty() ? "" : ": " + detail);
            out.flush();
            return true;
        } catch (RuntimeException e) {
            failed++;
            out.printf("FAIL  %-22s %s: %s%n", name, checks, String.valueOf(e.getMessage()).replace('\n', ' '));
            out.flush();
            return false;
        }
    }

    private boolean finish() {
        out.printf("%d passed, %d failed%n", passed, failed);
        out.flush();
        return failed == 0;
    }
}
