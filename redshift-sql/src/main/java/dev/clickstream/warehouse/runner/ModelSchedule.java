package dev.clickstream.warehouse.runner;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs every model incrementally at a fixed delay, on one background thread; a failed run is logged and retried next time. */
public final class ModelSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSchedule.class);

    private final ModelRunner runner;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "model-schedule");
        t.setDaemon(true);
        return t;
    });

    public ModelSchedule(ModelRunner runner) {
        this.runner = runner;
    }

    public ModelSchedule start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::runOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void runOnce() {
        try {
            List<ModelRunner.Outcome> outcomes = runner.run(null, false);
            long rows = outcomes.stream().mapToLong(ModelRunner.Outcome::rows).sum();
            outcomes.stream().filter(o -> "failed".equals(o.status())).forEach(o ->
                    LOG.atWarn().setMessage("model run failed").addKeyValue("model", o.model()).addKeyValue("error", o.error()).log());
            if (rows > 0) LOG.atInfo().setMessage("models ran").addKeyValue("rows", rows).log();
        } catch (RuntimeException e) {
            LOG.atWarn().setMessage("model run failed").addKeyValue("error", e.toString()).log();
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
