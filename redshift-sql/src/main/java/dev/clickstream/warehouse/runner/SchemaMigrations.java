package dev.clickstream.warehouse.runner;

import dev.clickstream.warehouse.RefreshClock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The warehouse schema as numbered, immutable steps. Each step is applied once, in order, and recorded in
 * {@code clickstream.schema_migrations} with a SHA-256 of its SQL; a recorded step whose SQL has changed since is an
 * error, never silently re-applied. Step 1 is the baseline: the setup that existed before versions, written with
 * {@code IF NOT EXISTS} so that adopting versions on a warehouse built by it is a no-op. A change to a table is a new
 * step, so it reaches warehouses that already exist.
 *
 * <p>Statements run one at a time (some DDL refuses transactions), so a step that fails halfway is re-run from its
 * start: every statement of a step must be safe to repeat ({@code IF NOT EXISTS}, or a {@code -- unless exists:}
 * guard, see {@link #unlessExists}).
 *
 * <p>Seeds, views and grants are not versioned: they are re-run on every setup, after the steps. A seed or a grant may
 * change freely. A view may change its query but not its columns: Redshift's CREATE OR REPLACE VIEW replaces a view
 * only "with a new query that generates the identical set of columns, using the same column names and data types"
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_VIEW.html), so a view whose columns change needs a new
 * step that drops it first ({@code TestRepeatableViews} pins every view's columns and fails the build otherwise).
 */
public final class SchemaMigrations {
    /**
     * One step: the files (under {@code sql/setup/}) each dialect runs, in order. Never edit a released step.
     * {@link Dialect#REDSHIFT_SCRATCH} runs Redshift's files, except for the raw table of the baseline.
     */
    public record Step(int version, String name, List<String> postgres, List<String> redshift, List<String> scratch) {
        Step(int version, String name, List<String> postgres, List<String> redshift) {
            this(version, name, postgres, redshift, redshift);
        }

        public List<String> files(Dialect dialect) {
            return switch (dialect) {
                case POSTGRES -> postgres;
                case REDSHIFT -> redshift;
                case REDSHIFT_SCRATCH -> scratch;
            };
        }
    }

    public static final List<Step> STEPS = List.of(
            new Step(1, "baseline",
                    List.of("postgres/00_schema.sql", "postgres/01_raw_events.sql", "postgres/02_stream_checkpoints.sql",
                            "common/01_model_tables.sql", "common/06_run_lock.sql", "postgres/03_indexes.sql"),
                    List.of("redshift/01_external_schema.sql", "redshift/02_streaming_mv.sql", "common/01_model_tables.sql",
                            "common/06_run_lock.sql", "redshift/03_reader_role.sql"),
                    List.of("check/01_scratch_raw_events.sql", "common/01_model_tables.sql", "common/06_run_lock.sql")),
            new Step(2, "deduplicate on (source, message_id); load warnings",
                    List.of("common/V2__source_dedup_and_load_warnings.sql", "postgres/V2__source_dedup_indexes.sql"),
                    List.of("common/V2__source_dedup_and_load_warnings.sql")),
            new Step(3, "Redshift sort and distribution keys",
                    List.of(),
                    List.of("redshift/V3__sort_and_dist_keys.sql")),
            new Step(4, "alert state",
                    List.of("common/05_alert_state.sql", "postgres/05_alert_indexes.sql"),
                    List.of("common/05_alert_state.sql", "redshift/V4__alert_sort_keys.sql")),
            new Step(5, "request_ip: the address the collector observed; bot rule tables out of the seed",
                    List.of("common/V5__request_ip_and_bot_tables.sql", "postgres/V5__request_ip_index.sql"),
                    List.of("common/V5__request_ip_and_bot_tables.sql")));

    /** Re-run on every setup, after the steps: seeds, views and grants, idempotent (a view keeps its columns, see above). */
    public static List<String> repeatable(Dialect dialect) {
        List<String> out = new ArrayList<>(List.of("common/02_seed_funnels.sql", "common/03_seed_bot_user_agents.sql",
                "common/04_segment_views.sql"));
        // after every step, so that it grants on every table
        if (dialect == Dialect.POSTGRES) out.add("postgres/04_reader_role.sql");
        if (dialect == Dialect.REDSHIFT) out.add("redshift/04_reader_grants.sql"); // the role itself: step 1
        return out;
    }

    /** Every file setup may run on the dialect: each step's, then the repeatable ones. */
    public static List<String> files(Dialect dialect) {
        List<String> out = new ArrayList<>();
        for (Step step : STEPS) out.addAll(step.files(dialect));
        out.addAll(repeatable(dialect));
        return out;
    }

    static final String TABLE = "clickstream.schema_migrations";

    private final SqlExecutor sql;
    private final Dialect dialect;
    private final Clock clock;

    public SchemaMigrations(SqlExecutor sql, Dialect dialect, Clock clock) {
        this.sql = sql;
        this.dialect = dialect;
        this.clock = clock;
    }

    /** Applies every step not applied yet, then the repeatable files. */
    public void migrate() {
        migrateTo(STEPS.get(STEPS.size() - 1).version());
        repeatables();
    }

    /** Runs the seeds and views again. */
    public void repeatables() {
        for (String file : repeatable(dialect)) runFile(file);
    }

    /** Applies the steps up to and including {@code version} (an older schema, for upgrade tests). */
    public void migrateTo(int version) {
        execute("setup:schema_migrations", "CREATE SCHEMA IF NOT EXISTS clickstream");
        execute("setup:schema_migrations", "CREATE TABLE IF NOT EXISTS " + TABLE + " (version INTEGER NOT NULL, "
                + "name VARCHAR(128) NOT NULL, checksum VARCHAR(64) NOT NULL, applied_at TIMESTAMP NOT NULL)");
        List<List<String>> applied = sql.query("SELECT version, checksum FROM " + TABLE + " ORDER BY version", Map.of());
        for (int i = 0; i < applied.size(); i++) {
            int v = Integer.parseInt(applied.get(i).get(0));
            if (v != i + 1 || v > STEPS.size()) {
                throw new IllegalStateException("the warehouse has schema version " + v + " recorded, which this build "
                        + (v > STEPS.size() ? "does not know (it knows 1 to " + STEPS.size() + "): a newer build set it up"
                        : "did not expect after version " + i));
            }
            String expected = checksum(STEPS.get(v - 1));
            if (!expected.equals(applied.get(i).get(1))) {
                throw new IllegalStateException("schema step " + v + " (" + STEPS.get(v - 1).name() + ") was changed after it "
                        + "was applied to this warehouse: a released step is immutable, add a new step instead");
            }
        }
        for (Step step : STEPS) {
            if (step.version() <= applied.size() || step.version() > version) continue;
            for (String file : step.files(dialect)) runFile(file);
            sql.executeInTransaction("setup:schema_migrations", List.of("INSERT INTO " + TABLE
                    + " (version, name, checksum, applied_at) VALUES (CAST(:version AS INTEGER), :name, :checksum, "
                    + "CAST(:applied_at AS TIMESTAMP))"), Map.of("version", Integer.toString(step.version()),
                    "name", step.name(), "checksum", checksum(step), "applied_at", RefreshClock.format(clock.instant())));
        }
    }

    /** The versions recorded in the warehouse, in order. */
    public List<Integer> applied() {
        List<Integer> out = new ArrayList<>();
        for (List<String> row : sql.query("SELECT version FROM " + TABLE + " ORDER BY version", Map.of())) {
            out.add(Integer.parseInt(row.get(0)));
        }
        return out;
    }

    private void runFile(String file) {
        for (String statement : Model.statements(ModelCatalog.resource("sql/setup/" + file))) {
            String guard = unlessExists(statement);
            if (guard != null && !sql.query(guard, Map.of()).isEmpty()) continue;
            execute("setup:" + file, statement);
        }
    }

    /** Every setup statement runs on its own, outside a transaction block (some DDL refuses one). */
    private void execute(String label, String statement) {
        sql.executeOutsideTransaction(label, statement, Map.of());
    }

    /** A statement with a {@code -- unless exists: <query>} line is skipped when that query returns a row. */
    static String unlessExists(String statement) {
        for (String line : statement.split("\n")) {
            String l = line.strip();
            if (l.startsWith("-- unless exists:")) return l.substring("-- unless exists:".length()).strip();
        }
        return null;
    }

    /** SHA-256 over the step's files for this dialect, names and contents. */
    public String checksum(Step step) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String file : step.files(dialect)) {
                sha.update((file + "\n").getBytes(StandardCharsets.UTF_8));
                sha.update(ModelCatalog.resource("sql/setup/" + file).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
