package dev.clickstream.warehouse.runner;

import dev.clickstream.warehouse.RefreshClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the models in dependency order. Each model runs in one transaction together with the advance of its
 * watermark, so a failure leaves the watermark where it was and the next run retries the same window. Every run
 * is recorded in {@code clickstream.model_runs}.
 */
public final class ModelRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRunner.class);
    static final String EPOCH = "1970-01-01 00:00:00";

    /** What one run did, per model. */
    public record Outcome(String model, String status, long rows, String error) {}

    private final SqlExecutor sql;
    private final Dialect dialect;
    private final ModelCatalog catalog;
    private final Clock clock;
    private final Map<String, String> modelParameters;

    public ModelRunner(SqlExecutor sql, Dialect dialect, Clock clock) {
        this(sql, dialect, clock, ModelParameters.DEFAULTS);
    }

    public ModelRunner(SqlExecutor sql, Dialect dialect, Clock clock, Map<String, String> modelParameters) {
        this.sql = sql;
        this.dialect = dialect;
        this.catalog = ModelCatalog.load(dialect);
        this.clock = clock;
        this.modelParameters = Map.copyOf(modelParameters);
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
    private static final java.util.regex.Pattern TEMP_TABLE =
            java.util.regex.Pattern.compile("(?s)^CREATE TEMP TABLE (\\w+) AS.*");

    /**
     * Every temp table is analyzed right after it is built: neither engine gathers statistics on temp tables by
     * itself, and without them the planner picks nested loops over tens of thousands of rows.
     */
    public static List<String> withStatistics(List<String> statements) {
        List<String> out = new ArrayList<>();
        for (String s : statements) {
            out.add(s);
            java.util.regex.Matcher t = TEMP_TABLE.matcher(s.strip());
            if (t.matches()) out.add("ANALYZE " + t.group(1));
        }
        return out;
    }

    /**
     * Runs the selected model (or all of them) over what has arrived up to now.
     * @param select      a model name, or null for all
     * @param fullRefresh rebuild from raw: empty the models' tables and reset their watermarks first
     */
    public List<Outcome> run(String select, boolean fullRefresh) {
        List<Model> models = select == null ? catalog.ordered() : List.of(catalog.get(select));
        if (fullRefresh) {
            for (Model m : models) reset(m);
        }
        List<List<String>> upper = sql.query("SELECT MAX(refresh_time) FROM clickstream.raw_events", Map.of());
        String runUpper = upper.isEmpty() ? null : upper.get(0).get(0);
        List<Outcome> outcomes = new ArrayList<>();
        if (runUpper == null) return outcomes;
        for (Model m : models) {
            Outcome o = runOne(m, runUpper);
            outcomes.add(o);
            if ("failed".equals(o.status())) break;
        }
        return outcomes;
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
                        + b.names().size() + " columns", 0, b.sql(), null);
            }
            for (int i = 0; i < b.names().size(); i++) {
                String value = rows.get(0).get(i);
                if (value == null) throw new SqlExecutionException(m.name() + ": binding " + b.names().get(i) + " is NULL", 0, b.sql(), null);
                params.put(b.names().get(i), value);
            }
        }
    }

    private Outcome runOne(Model m, String runUpper) {
        String watermark = sql.query("SELECT high_watermark FROM clickstream.model_state WHERE model = :model",
                Map.of("model", m.name())).get(0).get(0);
        if (watermark.compareTo(runUpper) >= 0) return new Outcome(m.name(), "up_to_date", 0, null);
        String startedAt = RefreshClock.format(clock.instant());
        List<String> statements = withStatistics(m.statements());
        statements.add("UPDATE clickstream.model_state SET high_watermark = CAST(:run_upper AS TIMESTAMP), "
                + "updated_at = CAST(:run_ts AS TIMESTAMP) WHERE model = '" + m.name() + "'");
        Map<String, String> params = new java.util.HashMap<>(modelParameters);
        params.putAll(Map.of("watermark", watermark, "run_upper", runUpper, "run_ts", startedAt));
        try {
            bind(m, params);
            List<Long> counts = sql.executeInTransaction("model:" + m.name(), statements, params);
            // rows = what the model inserted into its main table (the first of its "tables:")
            String main = "INSERT INTO " + m.tables().get(0) + " ";
            long rows = 0;
            for (int i = 0; i < statements.size() && i < counts.size(); i++) {
                if (statements.get(i).contains(main) && counts.get(i) > 0) rows += counts.get(i);
            }
            record(m.name(), startedAt, "succeeded", rows, null, runUpper);
            return new Outcome(m.name(), "succeeded", rows, null);
        } catch (SqlExecutionException e) {
            String error = "model " + m.name() + ", statement " + e.statementIndex() + excerpt(e.statement()) + ": " + e.getMessage();
            LOG.atWarn().setMessage("model failed").addKeyValue("model", m.name())
                    .addKeyValue("statement", e.statementIndex()).addKeyValue("error", e.getMessage()).log();
            record(m.name(), startedAt, "failed", 0, error, runUpper);
            return new Outcome(m.name(), "failed", 0, error);
        }
    }

    /** The first code line of a statement, so an error names what failed. */
    private static String excerpt(String statement) {
        if (statement == null) return "";
        String line = statement.lines().filter(l -> !l.isBlank() && !l.strip().startsWith("--")).findFirst().orElse("").strip();
        return " (" + (line.length() > 80 ? line.substring(0, 80) + "…" : line) + ")";
    }

    private void record(String model, String startedAt, String status, long rows, String error, String runUpper) {
        String finishedAt = RefreshClock.format(clock.instant());
        String columns = "model, started_at, finished_at, rows, status, run_upper" + (error == null ? "" : ", error");
        String values = ":model, CAST(:started_at AS TIMESTAMP), CAST(:finished_at AS TIMESTAMP), CAST(:rows AS BIGINT), "
                + ":status, CAST(:run_upper AS TIMESTAMP)" + (error == null ? "" : ", :error");
        Map<String, String> p = new java.util.HashMap<>(Map.of("model", model, "started_at", startedAt,
                "finished_at", finishedAt, "rows", Long.toString(rows), "status", status, "run_upper", runUpper));
        if (error != null) p.put("error", error.length() > 4000 ? error.substring(0, 4000) : error);
        sql.executeInTransaction("record:" + model, List.of("INSERT INTO clickstream.model_runs (" + columns + ") VALUES (" + values + ")"), p);
    }

    /** Per model: its watermark and its last run. */
    public List<List<String>> status() {
        return sql.query("SELECT s.model, s.high_watermark, r.status, r.finished_at, r.rows, r.error "
                + "FROM clickstream.model_state s LEFT JOIN (SELECT x.model, x.status, x.finished_at, x.rows, x.error, "
                + "ROW_NUMBER() OVER (PARTITION BY x.model ORDER BY x.started_at DESC) AS rn FROM clickstream.model_runs x) r "
                + "ON r.model = s.model AND r.rn = 1 ORDER BY s.model", Map.of());
    }
}
