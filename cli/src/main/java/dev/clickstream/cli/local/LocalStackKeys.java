package dev.clickstream.cli.local;

import dev.clickstream.cli.alerts.AlertKeys;
import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.config.ConfigKey;
import dev.clickstream.dashboard.DashboardServer;
import dev.clickstream.warehouse.EmbeddedPostgresSettings;

import java.util.ArrayList;
import java.util.List;

import static dev.clickstream.collector.config.ConfigKey.between;

/**
 * The local stack's own settings (embedded PostgreSQL, model schedule, streaming stand-in, dashboard), each with its default,
 * validation and description. {@code clickstream up} takes these plus every collector key ({@link #UP});
 * {@code clickstream collector} takes none of them.
 */
public final class LocalStackKeys {
    private LocalStackKeys() {}

    public static final ConfigKey<Integer> PG_EMBEDDED_PORT = ConfigKey.intKey("postgres.embedded-port").group("postgres")
            .defaultValue(EmbeddedPostgresSettings.DEFAULT_PORT).check(between(0, 65535))
            .description("Port of the embedded PostgreSQL; 0 picks a free port.")
            .build();

    public static final ConfigKey<Boolean> INGESTION_ENABLED = ConfigKey.boolKey("ingestion.enabled").group("ingestion")
            .defaultValue(false)
            .description("With sink.type=kinesis: also read the stream into clickstream.raw_events of the PostgreSQL warehouse (embedded unless postgres.jdbc-url is set), like Redshift's streaming materialized view. For the AWS-shaped pipeline on one machine.")
            .build();

    public static final ConfigKey<Long> INGESTION_INTERVAL_MS = ConfigKey.longKey("ingestion.interval-ms").group("ingestion")
            .defaultValue(1_000L).check(between(100L, 3_600_000L))
            .description("Time between two refreshes of local streaming ingestion.")
            .build();

    public static final ConfigKey<Integer> INGESTION_MAX_ROWS = ConfigKey.intKey("ingestion.max-rows").group("ingestion")
            .defaultValue(50_000).check(between(1, 1_000_000))
            .description("Most records one refresh reads (and commits in one transaction); the rest waits for the next refresh.")
            .build();

    public static final ConfigKey<Boolean> MODELS_ENABLED = ConfigKey.boolKey("models.enabled").group("models")
            .defaultValue(true)
            .description("Run the SQL models (sessions, funnels, bots, metrics, …) on a schedule inside up, against its PostgreSQL warehouse. In AWS, the scheduled runner does this instead.")
            .build();

    public static final ConfigKey<Integer> MODELS_INTERVAL_SECONDS = ConfigKey.intKey("models.interval-seconds").group("models")
            .defaultValue(60).check(between(1, 86_400))
            .description("Seconds between two model runs.")
            .build();

    public static final ConfigKey<Boolean> DASHBOARD_ENABLED = ConfigKey.boolKey("dashboard.enabled").group("dashboard")
            .defaultValue(true)
            .description("Serve the dashboard (one panel per analyst query) over the local warehouse, on its own port; read-only, as clickstream_reader.")
            .build();

    public static final ConfigKey<String> DASHBOARD_HOST = ConfigKey.stringKey("dashboard.host").group("dashboard")
            .defaultValue(DashboardServer.Options.DEFAULT_HOST)
            .description("Address the dashboard binds. Anything but loopback needs dashboard.access-token.")
            .build();

    public static final ConfigKey<Integer> DASHBOARD_PORT = ConfigKey.intKey("dashboard.port").group("dashboard")
            .defaultValue(DashboardServer.Options.DEFAULT_PORT).check(between(0, 65535))
            .description("Port of the dashboard (never the collector's); 0 picks a free port.")
            .build();

    public static final ConfigKey<String> DASHBOARD_ACCESS_TOKEN = ConfigKey.stringKey("dashboard.access-token").group("dashboard")
            .defaultValue("").secret()
            .description("Token every dashboard request must carry (Authorization: Bearer, or as the Basic password). Required when dashboard.host is not loopback.")
            .build();

    /** The keys only {@code up} takes. */
    public static final List<ConfigKey<?>> ALL = List.of(
            PG_EMBEDDED_PORT, INGESTION_ENABLED, INGESTION_INTERVAL_MS, INGESTION_MAX_ROWS, MODELS_ENABLED, MODELS_INTERVAL_SECONDS,
            DASHBOARD_ENABLED, DASHBOARD_HOST, DASHBOARD_PORT, DASHBOARD_ACCESS_TOKEN);

    /** Every key {@code up} takes: the collector's, then the local stack's. */
    public static final List<ConfigKey<?>> UP = concat(concat(CollectorKeys.ALL, ALL), AlertKeys.ALL);

    private static List<ConfigKey<?>> concat(List<ConfigKey<?>> a, List<ConfigKey<?>> b) {
        List<ConfigKey<?>> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
