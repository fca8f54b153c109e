package dev.clickstream.warehouse.alerts;

import dev.clickstream.warehouse.runner.ModelRunner;
import dev.clickstream.warehouse.runner.RunLock;
import dev.clickstream.warehouse.runner.SqlExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Alerts after a model run: evaluate every rule over the modeled tables, record what opened and resolved, send what
 * is pending. The local schedule and {@code clickstream models run} both call {@link #afterRun} (docs/alerts.md).
 */
public final class Alerts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);

    /** What one evaluation did. */
    public record Result(int opened, int suppressed, int resolved, int delivered) {}

    /** Longer than one evaluation with every channel's retries spent; a crashed evaluation frees the lock after it. */
    private static final Duration LOCK_LEASE = Duration.ofMinutes(15);

    private final SqlExecutor sql;
    private final AlertEvaluator evaluator;
    private final AlertDispatcher dispatcher;
    private final List<AlertChannel> channels;
    private final Clock clock;

    public Alerts(SqlExecutor sql, AlertSettings settings, List<AlertChannel> channels, Clock clock) {
        List<String> names = new ArrayList<>();
        for (AlertChannel c : channels) names.add(c.name());
        this.sql = sql;
        this.evaluator = new AlertEvaluator(sql, settings, names);
        this.dispatcher = new AlertDispatcher(sql, channels);
        this.channels = List.copyOf(channels);
        this.clock = clock;
    }

    /** The hook for a model run: evaluates and sends; logs a failure instead of throwing, so the runs go on. */
    public void afterRun(List<ModelRunner.Outcome> outcomes) {
        try {
            evaluate();
        } catch (RuntimeException e) {
            LOG.atWarn().setMessage("alert evaluation failed").addKeyValue("error", e.toString()).log();
        }
    }

    /**
     * Evaluates and sends under the model runner's lock, so two processes on one warehouse (a schedule and a manual
     * {@code models run}, or two scheduled tasks) never open the same incident twice. When another run holds the lock,
     * this evaluation is skipped: that run evaluates after its models.
     */
    public Result evaluate() {
        RunLock lock = new RunLock(sql, clock, LOCK_LEASE);
        RunLock.Lease other = lock.tryAcquire();
        if (other != null) {
            LOG.atInfo().setMessage("alerts skipped: another run holds the lock").addKeyValue("holder", other.holder()).log();
            return new Result(0, 0, 0, 0);
        }
        try {
            return evaluateLocked();
        } finally {
            lock.release();
        }
    }

    private Result evaluateLocked() {
        Instant now = clock.instant();
        AlertEvaluator.Changes c = evaluator.evaluate(now);
        int delivered = dispatcher.dispatch(now);
        if (c.opened() + c.suppressed() + c.resolved() + delivered > 0) {
            LOG.atInfo().setMessage("alerts evaluated").addKeyValue("opened", c.opened()).addKeyValue("suppressed", c.suppressed())
                    .addKeyValue("resolved", c.resolved()).addKeyValue("delivered", delivered).log();
        }
        return new Result(c.opened(), c.suppressed(), c.resolved(), delivered);
    }

    @Override
    public void close() {
        channels.forEach(AlertChannel::close);
    }
}
