package dev.clickstream.cli.alerts;

import dev.clickstream.collector.config.ConfigException;
import dev.clickstream.collector.config.Settings;
import dev.clickstream.warehouse.alerts.AlertChannel;
import dev.clickstream.warehouse.alerts.AlertSettings;
import dev.clickstream.warehouse.alerts.Alerts;
import dev.clickstream.warehouse.alerts.SnsChannel;
import dev.clickstream.warehouse.alerts.WebhookChannel;
import dev.clickstream.warehouse.runner.ModelParameters;
import dev.clickstream.warehouse.runner.SqlExecutor;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.clickstream.cli.alerts.AlertKeys.*;

/** Builds the alerts and the model parameters from the keys of {@link AlertKeys}. */
public final class ConfiguredAlerts {
    private ConfiguredAlerts() {}

    /** The models' parameters: the defaults with models.parameters applied. */
    public static Map<String, String> modelParameters(Settings s) {
        return ModelParameters.with(AlertKeys.parseModelParameters(s.get(MODEL_PARAMETERS)));
    }

    /**
     * Alerts over the warehouse, for a schedule of the given interval; null when alerts.enabled is false.
     * @throws ConfigException when a webhook has no secret
     */
    public static Alerts create(Settings s, SqlExecutor sql, Duration interval) {
        if (!s.get(ENABLED)) return null;
        AlertSettings settings = new AlertSettings(Duration.ofSeconds(s.get(QUIET_SECONDS)), s.get(IP_MAX_EVENTS_PER_MINUTE),
                s.get(REJECTIONS_MIN_PER_MINUTE), s.get(REJECTIONS_MAX_PERCENT), s.get(FRESHNESS_INTERVALS), interval,
                s.get(MAX_NOTIFICATIONS_PER_RUN));
        return new Alerts(sql, settings, channels(s), Clock.systemUTC());
    }

    /** Checks what one key alone cannot: a webhook needs its secret. */
    public static void validate(Settings s) {
        if (!s.get(WEBHOOK_URL).isEmpty() && s.get(WEBHOOK_SECRET).isEmpty()) {
            throw new ConfigException(WEBHOOK_SECRET.name() + ": required when " + WEBHOOK_URL.name() + " is set ("
                    + WEBHOOK_SECRET.envVar() + ")");
        }
    }

    private static List<AlertChannel> channels(Settings s) {
        validate(s);
        List<AlertChannel> out = new ArrayList<>();
        if (!s.get(WEBHOOK_URL).isEmpty()) {
            out.add(new WebhookChannel(URI.create(s.get(WEBHOOK_URL)), s.get(WEBHOOK_SECRET), s.get(WEBHOOK_MAX_ATTEMPTS),
                    Duration.ofMillis(s.get(WEBHOOK_INITIAL_BACKOFF_MS)), Duration.ofMillis(s.get(WEBHOOK_MAX_BACKOFF_MS)),
                    Duration.ofMillis(s.get(WEBHOOK_TIMEOUT_MS)), Clock.systemUTC()));
        }
        if (!s.get(SNS_TOPIC_ARN).isEmpty()) out.add(SnsChannel.create(s.get(SNS_TOPIC_ARN), s.get(SNS_REGION), s.get(SNS_ENDPOINT)));
        return out;
    }
}
