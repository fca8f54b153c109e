package dev.clickstream.cli.local;

import dev.clickstream.cli.alerts.ConfiguredAlerts;
import dev.clickstream.collector.Collector;
import dev.clickstream.collector.config.ConfigException;
import dev.clickstream.collector.config.Settings;
import dev.clickstream.collector.sink.ConfiguredSinks;
import dev.clickstream.collector.sink.Sink;
import dev.clickstream.collector.sink.kinesis.KinesisClients;
import dev.clickstream.collector.sink.postgres.RawEventsPool;
import dev.clickstream.dashboard.DashboardAccess;
import dev.clickstream.dashboard.DashboardServer;
import dev.clickstream.warehouse.ReaderRole;
import dev.clickstream.warehouse.alerts.Alerts;
import dev.clickstream.warehouse.runner.Dialect;
import dev.clickstream.warehouse.runner.JdbcExecutor;
import dev.clickstream.warehouse.runner.ModelRunner;
import dev.clickstream.warehouse.runner.ModelSchedule;
import dev.clickstream.warehouse.runner.SqlExecutor;
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
 * streaming-ingestion stand-in); the SQL models on a schedule; the dashboard on its own port, reading that warehouse
 * read-only; then the collector. Stops in the reverse order.
 */
public final class LocalStack implements AutoCloseable {
    private EmbeddedPostgresServer embedded;
    private RawEventsPool pool;
    private StreamingIngestion ingestion;
    private ModelSchedule models;
    private Alerts alerts;
    private SqlExecutor dashboardReader;
    private DashboardServer dashboard;
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
        DashboardServer.Options dashboardOptions = dashboardOptions(s);
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
        if (pool != null && dashboardOptions != null) {
            dashboardReader = ReaderRole.openJdbc(jdbcUrl, s.get(PG_USER), s.get(PG_PASSWORD));
            dashboard = DashboardServer.start(dashboardOptions, dashboardReader, Clock.systemUTC());
        }
        collector = Collector.start(s, sink);
    }

    /** The dashboard's settings, or null when it is off; a non-loopback host without a token fails before anything starts. */
    private static DashboardServer.Options dashboardOptions(Settings s) {
        if (!s.get(DASHBOARD_ENABLED)) return null;
        DashboardServer.Options o = new DashboardServer.Options(s.get(DASHBOARD_HOST), s.get(DASHBOARD_PORT),
                s.get(DASHBOARD_ACCESS_TOKEN), DashboardServer.Options.DEFAULT_REFRESH_SECONDS, DASHBOARD_ACCESS_TOKEN.flag());
        try {
            DashboardAccess.forBinding(o.host(), o.accessToken(), o.tokenFlag());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return o;
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

    /** The dashboard's address, or null when it is off or there is no local warehouse. */
    public String dashboardUrl() {
        return dashboard == null ? null : dashboard.url();
    }

    /** A psql command line for the embedded warehouse, or null with an external PostgreSQL or none. */
    public String psqlCommand() {
        return embedded == null ? null : embedded.psqlCommand();
    }

    /**
     * Drains the collector (new requests get 503, requests in flight finish, the sink flushes) within the deadline,
     * then stops ingestion, the models, the dashboard, the pool and the embedded PostgreSQL.
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
        if (dashboard != null) dashboard.close();
        if (dashboardReader != null) dashboardReader.close();
        if (pool != null) pool.close();
        if (embedded != null) embedded.close();
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(10));
    }
}
