package dev.clickstream.collector.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import software.amazon.cloudwatchlogs.emf.sinks.ConsoleSink;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The collector's own meters (names starting with {@code collector.}) for CloudWatch, without a Prometheus server:
 * once a minute, one embedded-metric-format line per meter on stdout, which the container's log driver delivers and
 * CloudWatch turns into metrics. Counters publish their increase since the last line (CloudWatch sums them), gauges
 * their value, timers their count and mean. JVM and process meters stay on /metrics only.
 */
public final class CloudWatchEmf {
    private static final Logger LOG = LoggerFactory.getLogger(CloudWatchEmf.class);
    static final String PREFIX = "collector.";

    private final MeterRegistry registry;
    private final String namespace;
    private final Environment environment;
    private final Map<Meter.Id, double[]> published = new HashMap<>();

    CloudWatchEmf(MeterRegistry registry, String namespace, Environment environment) {
        this.registry = registry;
        this.namespace = namespace;
        this.environment = environment;
    }

    /** Publishes every {@code interval} on a daemon thread, to stdout. */
    public static ScheduledExecutorService start(MeterRegistry registry, String namespace, Duration interval) {
        CloudWatchEmf emf = new CloudWatchEmf(registry, namespace, new Stdout());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cloudwatch-emf");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(emf::publishSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return timer;
    }

    /**
     * One value as one embedded-metric-format line on stdout, for a command that reports once and exits (the
     * scheduled {@code models run}); the same line format and sink as the collector's meters.
     */
    public static void emit(String namespace, String metric, double value, Unit unit, Map<String, String> dimensions) {
        emit(new Stdout(), namespace, metric, value, unit, dimensions);
    }

    static void emit(Environment environment, String namespace, String metric, double value, Unit unit, Map<String, String> dimensions) {
        MetricsLogger line = new MetricsLogger(environment);
        try {
            line.setNamespace(namespace);
            DimensionSet set = new DimensionSet();
            for (Map.Entry<String, String> d : dimensions.entrySet()) set.addDimension(d.getKey(), d.getValue());
            line.setDimensions(set);
            line.putMetric(metric, value, unit);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot describe " + metric + " for CloudWatch", e);
        }
        line.flush();
    }

    private void publishSafely() {
        try {
            publish();
        } catch (RuntimeException e) {
            LOG.atWarn().setMessage("cloudwatch metrics not published").addKeyValue("error", e.toString()).log();
        }
    }

    synchronized void publish() {
        for (Meter meter : registry.getMeters()) {
            Meter.Id id = meter.getId();
            if (!id.getName().startsWith(PREFIX)) continue;
            MetricsLogger line = new MetricsLogger(environment);
            try {
                line.setNamespace(namespace);
                DimensionSet dimensions = new DimensionSet();
                for (Tag tag : id.getTags()) dimensions.addDimension(tag.getKey(), tag.getValue().isEmpty() ? "none" : tag.getValue());
                line.setDimensions(dimensions);
                if (!put(line, meter)) continue;
            } catch (Exception e) {
                throw new IllegalStateException("cannot describe " + id.getName() + " for CloudWatch", e);
            }
            line.flush();
        }
    }

    /** Adds the meter's values to the line; false when there is nothing new to say. */
    private boolean put(MetricsLogger line, Meter meter) throws Exception {
        String name = meter.getId().getName();
        if (meter instanceof Counter c) {
            double delta = delta(meter.getId(), c.count(), 0);
            if (delta <= 0) return false;
            line.putMetric(name, delta, Unit.COUNT);
        } else if (meter instanceof Timer t) {
            double count = delta(meter.getId(), t.count(), 0);
            double seconds = delta(meter.getId(), t.totalTime(TimeUnit.SECONDS), 1);
            if (count <= 0) return false;
            line.putMetric(name + ".count", count, Unit.COUNT);
            line.putMetric(name + ".mean", seconds / count, Unit.SECONDS);
        } else if (meter instanceof Gauge g) {
            if (Double.isNaN(g.value())) return false;
            line.putMetric(name, g.value(), Unit.NONE);
        } else {
            return false;
        }
        return true;
    }

    private double delta(Meter.Id id, double now, int slot) {
        double[] last = published.computeIfAbsent(id, k -> new double[2]);
        double d = now - last[slot];
        last[slot] = now;
        return d;
    }

    /** Lines on stdout, whatever the platform: the container's log driver, not an agent, carries them. */
    private static final class Stdout implements Environment {
        private final ISink sink = new ConsoleSink();

        public boolean probe() { return true; }
        public String getName() { return "clickstream-collector"; }
        public String getType() { return "stdout"; }
        public String getLogGroupName() { return ""; }
        public void configureContext(MetricsContext context) { }
        public ISink getSink() { return sink; }
    }
}
