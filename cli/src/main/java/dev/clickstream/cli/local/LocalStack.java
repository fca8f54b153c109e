package dev.clickstream.cli.local;

import dev.clickstream.cli.alerts.ConfiguredAlerts;
import dev.clickstream.collector.Collector;
import dev.clickstream.collector.config.Settings;
import dev.clickstream.collector.sink.ConfiguredSinks;
import dev.clickstream.collector.sink.Sink;
import dev.clickstream.collector.sink.kinesis.KinesisClients;
import dev.clickstream.collector.sink.postgres.RawEventsPool;
import dev.clickstream.warehouse.alerts.Alerts;
import dev.clickstream.warehouse.runner.Dialect;
import dev.clickstream.warehouse.runner.JdbcExecutor;
import dev.clickstream.warehouse.runner.ModelRunner;
import dev.clickstream.warehouse.runner.ModelSchedule;
import dev.clickstream.warehouse.streaming.StreamingIngestion;
import io.micrometer.core.instrument.MeterRegistry;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

import static dev.clickstream.cli.local.LocalStackKeys.*;
import static dev.clickstream.collector.config.CollectorKeys.*;

/**
 * {@code clickstream up}: the whole pipeline on one machine. A PostgreSQL warehouse (embedded, unless
 * postgres.jdbc-url names one) with clickstream.raw_events; the sink (group commit into it, or Kinesis plus the local
 * streaming-ingestion stand-in); the SQL models on a schedule; then the collector. Stops in the reverse order.
 */
public final class LocalStack implements AutoCloseable {
    private EmbeddedPostgresServer embedded;
    private RawEventsPool pool;
    private StreamingIngestion ingestion;
    private ModelSchedule models;
    private Alerts alerts;
    private Collector collector;
    private String jdbcUrl;

    private LocalStack() {}

    public static LocalStack start(Settings s) {
        LocalStack stack = new LocalStack();
        try {
            stack.compose(s);
            return stack;
        } catch (RuntimeException e) {
            stack.stopAfterCollector();
            throw e;
        }
    }

    private void compose(Settings s) {
        Function<MeterRegistry, Sink> sink = switch (s.get(SINK_TYPE)) {
            case POSTGRES -> {
                openWarehouse(s);
                yield meters -> ConfiguredSinks.postgres(pool.dataSource(), s, meters);
            }
            case KINESIS -> {
                if (s.get(INGESTION_ENABLED)) {
                    openWarehouse(s);
                    ingestion = new StreamingIngestion(KinesisClients.create(s.get(KINESIS_REGION), s.get(KINESIS_ENDPOINT), 4,
                            Duration.ofMillis(s.get(KINESIS_CALL_TIMEOUT_MS))), s.get(KINESIS_STREAM), pool.dataSource(),
                            s.get(INGESTION_MAX_ROWS), true).start(Duration.ofMillis(s.get(INGESTION_INTERVAL_MS)));
                }
                yield meters -> ConfiguredSinks.kinesis(s, meters);
            }
        };
        if (pool != null && s.get(MODELS_ENABLED)) {
            JdbcExecutor sql = new JdbcExecutor(pool.dataSource(), null);
            ModelRunner runner = new ModelRunner(sql, Dialect.POSTGRES, Clock.systemUTC(), ConfiguredAlerts.modelParameters(s));
            runner.setup();
            Duration interval = Duration.ofSeconds(s.get(MODELS_INTERVAL_SECONDS));
            alerts = ConfiguredAlerts.create(s, sql, interval);
            models = new ModelSchedule(runner, alerts == null ? outcomes -> { } : alerts::afterRun).start(interval);
        }
        collector = Collector.start(s, sink);
    }

    /** The PostgreSQL at postgres.jdbc-url, or an embedded one with its data in data.dir; raw table created. */
    private void openWarehouse(Settings s) {
        jdbcUrl = s.get(PG_JDBC_URL);
        if (jdbcUrl.isEmpty()) {
            embedded = EmbeddedPostgresServer.start(Path.of(s.get(DATA_DIR)), s.get(PG_EMBEDDED_PORT));
            jdbcUrl = embedded.jdbcUrl();
        }
        pool = RawEventsPool.connect(jdbcUrl, s.get(PG_USER), s.get(PG_PASSWORD));
    }

    public Collector collector() {
        return collector;
    }

    /** The warehouse JDBC URL, or null when the sink is Kinesis without local ingestion. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** A psql command line for the embedded warehouse, or null with an external PostgreSQL or none. */
    public String psqlCommand() {
        return embedded == null ? null : embedded.psqlCommand();
    }

    /**
     * Drains the collector (new requests get 503, requests in flight finish, the sink flushes) within the deadline,
     * then stops ingestion, the models, the pool and the embedded PostgreSQL.
     * @return true when the collector drained within the deadline
     */
    public boolean shutdown(Duration deadline) {
        boolean drained = collector.shutdown(deadline);
        stopAfterCollector();
        return drained;
    }

    private void stopAfterCollector() {
        if (ingestion != null) ingestion.close();
        if (models != null) models.close();
        if (alerts != null) alerts.close();
        if (pool != null) pool.close();
        if (embedded != null) embedded.close();
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(10));
    }
}
