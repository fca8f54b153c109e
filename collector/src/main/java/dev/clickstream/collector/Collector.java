package dev.clickstream.collector;

import dev.clickstream.collector.auth.SourcesLoader;
import dev.clickstream.collector.auth.WriteKeyResolver;
import dev.clickstream.collector.config.ConfigException;
import dev.clickstream.collector.config.Settings;
import dev.clickstream.collector.enrich.ClientAddress;
import dev.clickstream.collector.enrich.EnvelopeBuilder;
import dev.clickstream.collector.enrich.EventTime;
import dev.clickstream.collector.enrich.RejectionBuilder;
import dev.clickstream.collector.http.BodyReader;
import dev.clickstream.collector.http.CollectorServer;
import dev.clickstream.collector.http.Cors;
import dev.clickstream.collector.http.IngestDeps;
import dev.clickstream.collector.ingest.IngestService;
import dev.clickstream.collector.ingest.JsonCodec;
import dev.clickstream.collector.ingest.RecordBuilder;
import dev.clickstream.collector.lifecycle.RateLimiter;
import dev.clickstream.collector.lifecycle.RequestGate;
import dev.clickstream.collector.metrics.CloudWatchEmf;
import dev.clickstream.collector.metrics.CollectorMetrics;
import dev.clickstream.collector.sink.Sink;
import dev.clickstream.collector.validation.MessageValidator;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Function;

import static dev.clickstream.collector.config.CollectorKeys.*;

/**
 * Assembles a running collector (HTTP, ingest, metrics) around a sink it is given, and takes it down in order.
 * The caller chooses and builds the sink: {@link StandaloneCollector} for {@code clickstream collector}, the CLI's
 * local stack for {@code clickstream up}.
 */
public final class Collector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Collector.class);

    private final Sink sink;
    private final RequestGate gate;
    private final CollectorServer server;
    private final String devWriteKey;

    private Collector(Sink sink, RequestGate gate, CollectorServer server, String devWriteKey) {
        this.sink = sink;
        this.gate = gate;
        this.server = server;
        this.devWriteKey = devWriteKey;
    }

    /**
     * @param sinkFactory builds the sink on the collector's meter registry. The collector flushes and closes the sink
     *                    on shutdown; whatever the sink writes into (a connection pool, a client) stays the caller's.
     */
    public static Collector start(Settings s, Function<MeterRegistry, ? extends Sink> sinkFactory) {
        if (s.get(HTTP_PORT) != 0 && s.get(HTTP_PORT).equals(s.get(HTTP_OPS_PORT))) {
            throw new ConfigException(HTTP_OPS_PORT.name() + ": must differ from " + HTTP_PORT.name() + " (" + s.get(HTTP_PORT) + ")");
        }
        if (s.get(HTTP_MAX_INFLIGHT_REQUESTS) > s.get(HTTP_MAX_CONNECTIONS)) {
            throw new ConfigException(HTTP_MAX_INFLIGHT_REQUESTS.name() + ": " + s.get(HTTP_MAX_INFLIGHT_REQUESTS)
                    + " cannot be reached with " + HTTP_MAX_CONNECTIONS.name() + " " + s.get(HTTP_MAX_CONNECTIONS)
                    + " (each request in flight holds a connection)");
        }
        SourcesLoader.Loaded sources = SourcesLoader.load(s);
        CollectorMetrics metrics = new CollectorMetrics();
        if (!s.get(METRICS_CLOUDWATCH_NAMESPACE).isEmpty()) {
            CloudWatchEmf.start(metrics.registry(), s.get(METRICS_CLOUDWATCH_NAMESPACE), Duration.ofMinutes(1));
        }
        Sink sink = sinkFactory.apply(metrics.registry());
        metrics.bindSink(sink);

        int retryAfter = s.get(SINK_RETRY_AFTER_SECONDS);
        RequestGate gate = new RequestGate(retryAfter, s.get(HTTP_MAX_INFLIGHT_REQUESTS));
        metrics.bindGate(gate);
        JsonCodec json = new JsonCodec(new JsonCodec.Limits(s.get(LIMIT_JSON_DEPTH), s.get(LIMIT_BATCH_BYTES),
                s.get(LIMIT_JSON_NUMBER_CHARS), s.get(LIMIT_BATCH_BYTES), s.get(LIMIT_JSON_TOKENS)));
        RecordBuilder records = new RecordBuilder(
                new MessageValidator(s.get(LIMIT_MESSAGE_ID_CHARS)),
                new EnvelopeBuilder(new EventTime(Duration.ofHours(s.get(FUTURE_TIMESTAMP_HOURS)))),
                new RejectionBuilder(json, s.get(LIMIT_REJECTION_RAW_CHARS), s.get(LIMIT_MESSAGE_ID_CHARS)),
                json, s.get(LIMIT_MESSAGE_BYTES), Math.min(s.get(LIMIT_RECORD_BYTES), sink.maxRecordBytes()));
        IngestService ingest = new IngestService(records, json, sink, metrics, Duration.ofMillis(s.get(SINK_DEADLINE_MS)),
                new IngestService.Limits(s.get(LIMIT_BATCH_CONTEXT_BYTES), s.get(LIMIT_ENRICHED_BATCH_BYTES)));
        Cors cors = new Cors(sources.registry());
        IngestDeps deps = new IngestDeps(new BodyReader(s.get(LIMIT_RAW_BODY_BYTES),
                Duration.ofMillis(s.get(HTTP_BODY_TIMEOUT_MS)), s.get(HTTP_BODY_MIN_RATE)), json,
                new WriteKeyResolver(sources.registry()), cors, ingest, metrics, gate,
                new ClientAddress(s.get(HTTP_TRUSTED_PROXIES)), retryAfter,
                s.get(LIMIT_MESSAGE_BYTES), s.get(LIMIT_BATCH_BYTES), s.get(LIMIT_BATCH_MESSAGES),
                new RateLimiter(s.get(RATELIMIT_IP_PER_SECOND), s.get(RATELIMIT_SOURCE_PER_SECOND),
                        s.get(RATELIMIT_BURST_SECONDS), s.get(RATELIMIT_MAX_IPS)));
        CollectorServer server = new CollectorServer(
                new CollectorServer.Options(s.get(HTTP_HOST), s.get(HTTP_PORT), s.get(HTTP_MAX_THREADS), s.get(HTTP_MAX_CONNECTIONS),
                        s.get(HTTP_IDLE_TIMEOUT_MS), s.get(HTTP_PUBLIC_HOST), s.get(HTTP_OPS_HOST), s.get(HTTP_OPS_PORT)),
                deps, sources.registry(), sink, gate, metrics).start();
        LOG.atInfo().setMessage("collector started").addKeyValue("host", s.get(HTTP_HOST))
                .addKeyValue("port", server.port()).addKeyValue("ops", server.opsUrl())
                .addKeyValue("sources", sources.registry().size()).log();
        return new Collector(sink, gate, server, sources.devWriteKey());
    }

    public int port() {
        return server.port();
    }

    public String publicHost() {
        return server.publicHost();
    }

    /** Base URL of the operations listener (/health, /ready, /metrics). */
    public String opsUrl() {
        return server.opsUrl();
    }

    /** The path templates the API listener serves; {@link CollectorServer#publicPaths()} lists them for deployments. */
    public java.util.Set<String> servedPaths() {
        return server.servedPaths();
    }

    /** The generated development key, or null when sources are configured. */
    public String devWriteKey() {
        return devWriteKey;
    }

    /**
     * Graceful stop: new requests get 503, requests in flight finish, the sink flushes and closes, HTTP stops.
     * @return true when everything finished within the deadline
     */
    public boolean shutdown(Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        gate.startDraining();
        LOG.atInfo().setMessage("draining").addKeyValue("in_flight", gate.inFlight()).log();
        boolean idle;
        try {
            idle = gate.awaitIdle(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            idle = false;
        }
        sink.close(Duration.ofNanos(Math.max(1_000_000, end - System.nanoTime())));
        server.stop();
        LOG.atInfo().setMessage("collector stopped").addKeyValue("drained", idle).log();
        return idle;
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(10));
    }
}
