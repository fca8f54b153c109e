package dev.clickstream.collector;

import dev.clickstream.collector.auth.SourcesLoader;
import dev.clickstream.collector.auth.WriteKeyResolver;
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
import dev.clickstream.collector.lifecycle.RateLimiter;
import dev.clickstream.collector.lifecycle.RequestGate;
import dev.clickstream.collector.metrics.CollectorMetrics;
import dev.clickstream.collector.sink.Sink;
import dev.clickstream.collector.config.CollectorKeys.SinkType;
import dev.clickstream.collector.sink.kinesis.KinesisClients;
import dev.clickstream.collector.sink.kinesis.KinesisSink;
import dev.clickstream.collector.sink.postgres.EmbeddedPostgresServer;
import dev.clickstream.collector.sink.postgres.PostgresSink;
import dev.clickstream.collector.sink.postgres.Warehouse;
import dev.clickstream.collector.validation.MessageValidator;
import dev.clickstream.warehouse.runner.Dialect;
import dev.clickstream.warehouse.runner.JdbcExecutor;
import dev.clickstream.warehouse.runner.ModelRunner;
import dev.clickstream.warehouse.runner.ModelSchedule;
import dev.clickstream.warehouse.streaming.StreamingIngestion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static dev.clickstream.collector.config.CollectorKeys.*;

/** Assembles a running collector from settings, and takes it down in order. */
public final class Collector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Collector.class);

    private final EmbeddedPostgresServer embedded;
    private final Warehouse warehouse;
    private final StreamingIngestion ingestion;
    private final ModelSchedule models;
    private final Sink sink;
    private final RequestGate gate;
    private final CollectorServer server;
    private final String devWriteKey;
    private final String jdbcUrl;

    private Collector(EmbeddedPostgresServer embedded, Warehouse warehouse, StreamingIngestion ingestion,
                      ModelSchedule models, Sink sink, RequestGate gate, CollectorServer server, String devWriteKey,
                      String jdbcUrl) {
        this.embedded = embedded;
        this.warehouse = warehouse;
        this.ingestion = ingestion;
        this.models = models;
        this.sink = sink;
        this.gate = gate;
        this.server = server;
        this.devWriteKey = devWriteKey;
        this.jdbcUrl = jdbcUrl;
    }

    public static Collector start(Settings s) {
        SourcesLoader.Loaded sources = SourcesLoader.load(s);
        CollectorMetrics metrics = new CollectorMetrics();
        EmbeddedPostgresServer embedded = null;
        Warehouse warehouse = null;
        String jdbcUrl = null;
        StreamingIngestion ingestion = null;
        Sink sink;
        boolean kinesis = s.get(SINK_TYPE) == SinkType.KINESIS;
        if (!kinesis || s.get(INGESTION_ENABLED)) {
            jdbcUrl = s.get(PG_JDBC_URL);
            if (jdbcUrl.isEmpty()) {
                embedded = EmbeddedPostgresServer.start(Path.of(s.get(DATA_DIR)), s.get(PG_EMBEDDED_PORT));
                jdbcUrl = embedded.jdbcUrl();
            }
            warehouse = Warehouse.connect(jdbcUrl, s.get(PG_USER), s.get(PG_PASSWORD));
        }
        if (kinesis) {
            sink = new KinesisSink(
                    KinesisClients.create(s.get(KINESIS_REGION), s.get(KINESIS_ENDPOINT), 2 * s.get(KINESIS_MAX_CONCURRENT_PUTS),
                            Duration.ofMillis(s.get(KINESIS_CALL_TIMEOUT_MS))),
                    s.get(KINESIS_STREAM), s.get(KINESIS_PARTITION_KEY), s.get(SINK_MAX_INFLIGHT_BYTES),
                    Duration.ofMillis(s.get(KINESIS_LINGER_MS)), s.get(KINESIS_MAX_CONCURRENT_PUTS),
                    Duration.ofMillis(s.get(KINESIS_MAX_BACKOFF_MS)), metrics.registry());
            if (warehouse != null) {
                ingestion = new StreamingIngestion(KinesisClients.create(s.get(KINESIS_REGION), s.get(KINESIS_ENDPOINT), 4,
                        Duration.ofMillis(s.get(KINESIS_CALL_TIMEOUT_MS))), s.get(KINESIS_STREAM), warehouse.dataSource(),
                        s.get(INGESTION_MAX_ROWS), true).start(Duration.ofMillis(s.get(INGESTION_INTERVAL_MS)));
            }
        } else {
            sink = new PostgresSink(warehouse.dataSource(), s.get(SINK_MAX_INFLIGHT_BYTES), s.get(SINK_MAX_BATCH_ROWS),
                    metrics.registry());
        }
        metrics.bindSink(sink);
        ModelSchedule models = null;
        if (warehouse != null && s.get(MODELS_ENABLED)) {
            ModelRunner runner = new ModelRunner(new JdbcExecutor(warehouse.dataSource(), null), Dialect.POSTGRES, Clock.systemUTC());
            runner.setup();
            models = new ModelSchedule(runner).start(Duration.ofSeconds(s.get(MODELS_INTERVAL_SECONDS)));
        }

        int retryAfter = s.get(SINK_RETRY_AFTER_SECONDS);
        RequestGate gate = new RequestGate(retryAfter, s.get(HTTP_MAX_INFLIGHT_REQUESTS));
        metrics.bindGate(gate);
        JsonCodec json = new JsonCodec(s.get(LIMIT_JSON_DEPTH), s.get(LIMIT_BATCH_BYTES));
        IngestService ingest = new IngestService(
                new MessageValidator(s.get(LIMIT_MESSAGE_ID_CHARS)),
                new EnvelopeBuilder(new EventTime(Duration.ofHours(s.get(FUTURE_TIMESTAMP_HOURS)))),
                new RejectionBuilder(json, s.get(LIMIT_REJECTION_RAW_CHARS), s.get(LIMIT_MESSAGE_ID_CHARS)),
                json, sink, metrics, Duration.ofMillis(s.get(SINK_DEADLINE_MS)), s.get(LIMIT_MESSAGE_BYTES));
        Cors cors = new Cors(sources.registry());
        IngestDeps deps = new IngestDeps(new BodyReader(s.get(LIMIT_RAW_BODY_BYTES)), json,
                new WriteKeyResolver(sources.registry()), cors, ingest, metrics, gate,
                new ClientAddress(s.get(HTTP_TRUSTED_PROXIES)), retryAfter,
                s.get(LIMIT_MESSAGE_BYTES), s.get(LIMIT_BATCH_BYTES), s.get(LIMIT_BATCH_MESSAGES),
                new RateLimiter(s.get(RATELIMIT_IP_PER_SECOND), s.get(RATELIMIT_SOURCE_PER_SECOND),
                        s.get(RATELIMIT_BURST_SECONDS), s.get(RATELIMIT_MAX_IPS)));
        CollectorServer server = new CollectorServer(
                new CollectorServer.Options(s.get(HTTP_HOST), s.get(HTTP_PORT), s.get(HTTP_MAX_THREADS), s.get(HTTP_MAX_CONNECTIONS),
                        s.get(HTTP_PUBLIC_HOST)),
                deps, sources.registry(), sink, gate, metrics).start();
        LOG.atInfo().setMessage("collector started").addKeyValue("host", s.get(HTTP_HOST))
                .addKeyValue("port", server.port()).addKeyValue("sources", sources.registry().size()).log();
        return new Collector(embedded, warehouse, ingestion, models, sink, gate, server, sources.devWriteKey(), jdbcUrl);
    }

    public int port() {
        return server.port();
    }

    public String publicHost() {
        return server.publicHost();
    }

    /** The generated development key, or null when sources are configured. */
    public String devWriteKey() {
        return devWriteKey;
    }

    /** The warehouse JDBC URL, or null when the collector writes to Kinesis without local ingestion. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** A psql command line for the embedded warehouse, or null when using an external PostgreSQL or Kinesis. */
    public String psqlCommand() {
        return embedded == null ? null : embedded.psqlCommand();
    }

    /**
     * Graceful stop: new requests get 503, requests in flight finish, the sink flushes, then everything closes.
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
        if (ingestion != null) ingestion.close();
        if (models != null) models.close();
        if (warehouse != null) warehouse.close();
        if (embedded != null) embedded.close();
        LOG.atInfo().setMessage("collector stopped").addKeyValue("drained", idle).log();
        return idle;
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(10));
    }
}
