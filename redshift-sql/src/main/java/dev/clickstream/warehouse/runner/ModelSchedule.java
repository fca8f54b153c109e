package dev.clickstream.warehouse.runner;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs every model incrementally at a fixed rate, on one background thread; a failed run is logged and retried next
 * time. A fixed rate (not a fixed delay) bounds how long new events wait for a run by one interval, which the
 * alerts promise (a run longer than the interval is followed by the next one at once, never overlapped).
 */
public final class ModelSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSchedule.class);

    private final ModelRunner runner;
    private final Consumer<List<ModelRunner.Outcome>> afterRun;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
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
    }

    public ModelSchedule start(Duration interval) {
        scheduler.scheduleAtFixedRate(this::runOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void runOnce() {
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
