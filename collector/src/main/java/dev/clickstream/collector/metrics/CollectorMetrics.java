package dev.clickstream.collector.metrics;

import dev.clickstream.collector.sink.Sink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The collector's Prometheus metrics. Label values are bounded: endpoint families, configured source names,
 * outcomes and reason codes; never paths with keys in them.
 */
public final class CollectorMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer sinkLatency;
    private final ConcurrentHashMap<Labels, Counter> counters = new ConcurrentHashMap<>();

    public CollectorMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        sinkLatency = Timer.builder("collector.sink.latency")
                .description("Time from handing records to the sink until they are durable")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void request(String endpoint, String source, String outcome) {
        counter(new Labels("collector.requests", endpoint, source, outcome), l -> Counter.builder(l.name())
                .description("HTTP API requests by endpoint, source and outcome")
                .tags("endpoint", endpoint, "source", source, "outcome", outcome)).increment();
    }

    public void events(String endpoint, String source, String outcome, int count) {
        if (count == 0) return;
        counter(new Labels("collector.events", endpoint, source, outcome), l -> Counter.builder(l.name())
                .description("Messages by endpoint, source and outcome")
                .tags("endpoint", endpoint, "source", source, "outcome", outcome)).increment(count);
    }

    public void rejection(String reason) {
        counter(new Labels("collector.rejections", reason, null, null), l -> Counter.builder(l.name())
                .description("Rejected requests and messages by reason").tag("reason", reason)).increment();
    }

    /**
     * The counter for these labels, built and registered once: building a meter id on every call (tags sorted,
     * id hashed) was about 2% of the CPU samples of a single-event request. Label values are bounded (see the class
     * comment), so is this map.
     */
    private Counter counter(Labels labels, Function<Labels, Counter.Builder> builder) {
        Counter c = counters.get(labels);
        return c != null ? c : counters.computeIfAbsent(labels, l -> builder.apply(l).register(registry));
    }

    private record Labels(String name, String a, String b, String c) {}

    public void sinkLatency(Duration d) {
        sinkLatency.record(d);
    }

    public void bindSink(Sink sink) {
        Gauge.builder("collector.sink.inflight.bytes", sink, Sink::inFlightBytes)
                .description("Envelope bytes accepted but not yet durable").baseUnit("bytes").register(registry);
        Gauge.builder("collector.sink.healthy", sink, s -> s.isHealthy() ? 1 : 0)
                .description("1 when the sink accepts records").register(registry);
    }

    public void bindGate(dev.clickstream.collector.lifecycle.RequestGate gate) {
        Gauge.builder("collector.http.inflight.requests", gate, g -> g.inFlight())
                .description("Ingest requests being handled now (bounded by http.max-inflight-requests)").register(registry);
    }

    public String scrape() {
        return registry.scrape();
    }
}
