package dev.clickstream.warehouse.runner;

import dev.clickstream.warehouse.RefreshClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes each model's run to {@code clickstream.model_runs} and logs one structured line per model and one per run.
 * The lines are a contract (log metric filters count them; docs/warehouse.md lists them): the message is the event
 * name and the keys below follow it. When the row cannot be written (the warehouse is unreachable), the line still
 * goes out, with {@code recorded=false}.
 * <ul>
 *   <li>{@code model_run_succeeded}: model, rows, attempts, duration_ms, run_upper, recorded</li>
 *   <li>{@code model_run_failed}: model, statement, error_class, transient, attempts, duration_ms, run_upper,
 *       recorded, error</li>
 *   <li>{@code models_run}: status ({@code succeeded}, {@code failed}, {@code skipped_locked}, {@code nothing_to_do}),
 *       models, failed, rows, duration_ms</li>
 * </ul>
 */
final class RunRecorder {
    static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);
    /** model_runs.error is VARCHAR(4096); cut in characters well under it, since Redshift counts bytes. */
    static final int ERROR_CHARS = 1000;

    private final SqlExecutor sql;
    private final Clock clock;

    RunRecorder(SqlExecutor sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    void succeeded(String model, String startedAt, long startedNanos, long rows, String runUpper, int attempts) {
        boolean recorded = record(model, startedAt, "succeeded", rows, null, runUpper);
        LOG.atInfo().setMessage("model_run_succeeded").addKeyValue("model", model).addKeyValue("rows", rows)
                .addKeyValue("attempts", attempts).addKeyValue("duration_ms", millisSince(startedNanos))
                .addKeyValue("run_upper", runUpper).addKeyValue("recorded", recorded).log();
    }

    /** @return the text recorded as model_runs.error */
    String failed(String model, String startedAt, long startedNanos, RunFailure f, String runUpper, int attempts) {
        String error = cut(f.describe(model) + (attempts > 1 ? " (after " + attempts + " attempts)" : ""));
        boolean recorded = record(model, startedAt, "failed", 0, error, runUpper);
        LoggingEventBuilder line = LOG.atError().setMessage("model_run_failed").addKeyValue("model", model)
                .addKeyValue("statement", f.statementIndex()).addKeyValue("error_class", f.errorClass())
                .addKeyValue("transient", f.transientCause()).addKeyValue("attempts", attempts)
                .addKeyValue("duration_ms", millisSince(startedNanos)).addKeyValue("run_upper", runUpper)
                .addKeyValue("recorded", recorded);
        line.addKeyValue("error", oneLine(f.message())).log();
        return error;
    }

    /** The one line per invocation of {@code run}: absent lines mean runs are not happening at all. */
    static void summary(String status, List<ModelRunner.Outcome> outcomes, long startedNanos) {
        long failed = outcomes.stream().filter(o -> "failed".equals(o.status())).count();
        long rows = outcomes.stream().mapToLong(ModelRunner.Outcome::rows).sum();
        LoggingEventBuilder line = "failed".equals(status) ? LOG.atError() : LOG.atInfo();
        line.setMessage("models_run").addKeyValue("status", status).addKeyValue("models", outcomes.size())
                .addKeyValue("failed", failed).addKeyValue("rows", rows).addKeyValue("duration_ms", millisSince(startedNanos)).log();
    }

    private boolean record(String model, String startedAt, String status, long rows, String error, String runUpper) {
        String columns = "model, started_at, finished_at, rows, status" + (runUpper == null ? "" : ", run_upper")
                + (error == null ? "" : ", error");
        String values = ":model, CAST(:started_at AS TIMESTAMP), CAST(:finished_at AS TIMESTAMP), CAST(:rows AS BIGINT), :status"
                + (runUpper == null ? "" : ", CAST(:run_upper AS TIMESTAMP)") + (error == null ? "" : ", :error");
        Map<String, String> p = new HashMap<>(Map.of("model", model, "started_at", startedAt,
                "finished_at", RefreshClock.format(clock.instant()), "rows", Long.toString(rows), "status", status));
        if (runUpper != null) p.put("run_upper", runUpper);
        if (error != null) p.put("error", error);
        try {
            sql.executeInTransaction("record:" + model, List.of("INSERT INTO clickstream.model_runs (" + columns + ") VALUES (" + values + ")"), p);
            return true;
        } catch (RuntimeException e) {
            LOG.atError().setMessage("model_run_not_recorded").addKeyValue("model", model).addKeyValue("status", status)
                    .addKeyValue("error_class", FailureClassifier.errorClass(e)).addKeyValue("error", oneLine(e.getMessage())).log();
            return false;
        }
    }

    static String cut(String s) {
        return s.length() > ERROR_CHARS ? s.substring(0, ERROR_CHARS) + "…" : s;
    }

    /** One line, no double quotes (the log layout quotes values with them), bounded. */
    static String oneLine(String s) {
        return cut(String.valueOf(s).replace('\n', ' ').replace('\r', ' ').replace('"', '\''));
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
