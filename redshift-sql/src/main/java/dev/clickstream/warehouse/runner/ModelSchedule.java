package dev.clickstream.warehouse.runner;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs every model incrementally, one run starting every interval, on one background thread; a failed run is logged
 * and retried next time. Runs start an interval apart (not an interval after the previous one ended), so new events
 * wait at most one interval for a run, which the alerts promise. A run longer than the interval is followed by the
 * next at once; runs never overlap, and missed starts are not made up.
 */
public final class ModelSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSchedule.class);

    private final ModelRunner runner;
    private final Consumer<List<ModelRunner.Outcome>> afterRun;
    private volatile Duration interval;
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "model-schedule");
        t.setDaemon(true);
        return t;
    });

    public ModelSchedule(ModelRunner runner) {
        this(runner, outcomes -> { });
    }

    /** @param afterRun called after every run with what it did (nothing, when the run failed as a whole): the alerts */
    public ModelSchedule(ModelRunner runner, Consumer<List<ModelRunner.Outcome>> afterRun) {
        this.runner = runner;
        this.afterRun = afterRun;
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // close() does not wait for the next run
    }

    public ModelSchedule start(Duration interval) {
        this.interval = interval;
        scheduler.schedule(this::runOnce, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void runOnce() {
        long started = System.nanoTime();
        try {
            runAndHook();
        } finally {
            long next = Math.max(0, interval.toNanos() - (System.nanoTime() - started));
            try {
                scheduler.schedule(this::runOnce, next, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException closing) {
                // close() was called: no further runs
            }
        }
    }

    private void runAndHook() {
        List<ModelRunner.Outcome> outcomes = List.of();
        try {
            outcomes = runner.run(null, false);
            long rows = outcomes.stream().mapToLong(ModelRunner.Outcome::rows).sum();
            outcomes.stream().filter(o -> "failed".equals(o.status())).forEach(o ->
                    LOG.atWarn().setMessage("model run failed").addKeyValue("model", o.model()).addKeyValue("error", o.error()).log());
            if (rows > 0) LOG.atInfo().setMessage("models ran").addKeyValue("rows", rows).log();
        } catch (RuntimeException e) {
            LOG.atWarn().setMessage("model run failed").addKeyValue("error", e.toString()).log();
        }
        try {
            afterRun.accept(outcomes);
        } catch (RuntimeException e) {
            LOG.atWarn().setMessage("after-run hook failed").addKeyValue("error", e.toString()).log();
        }
    }

    @Override
    public void close() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) scheduler.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
