package dev.clickstream.cli.alerts;

import dev.clickstream.collector.config.ConfigKey;
import dev.clickstream.warehouse.runner.ModelParameters;

import java.util.List;

import static dev.clickstream.collector.config.ConfigKey.between;

/**
 * The alerts' settings and the models' thresholds, each with its default, validation and description (docs/alerts.md
 * explains the rules). {@code clickstream up} and {@code clickstream models run} both take them, as flags,
 * environment variables or, for up, config-file entries.
 */
public final class AlertKeys {
    private AlertKeys() {}

    public static final ConfigKey<String> MODEL_PARAMETERS = ConfigKey.stringKey("models.parameters").group("models")
            .defaultValue("")
            .check(AlertKeys::modelParametersProblem)
            .description("Overrides of the models' thresholds as name=value pairs, comma-separated, e.g. bot_rate_events=20,bot_rate_window_seconds=5 for the DDoS rule (more than N events in S seconds). Names and defaults: " + new java.util.TreeMap<>(ModelParameters.DEFAULTS) + ".")
            .build();

    public static final ConfigKey<Boolean> ENABLED = ConfigKey.boolKey("alerts.enabled").group("alerts")
            .defaultValue(true)
            .description("Evaluate the alert rules after every model run and record incidents in clickstream.alert_incidents; notify the channels configured below.")
            .build();

    public static final ConfigKey<String> WEBHOOK_URL = ConfigKey.stringKey("alerts.webhook.url").group("alerts")
            .defaultValue("")
            .check(v -> v.isEmpty() || v.startsWith("https://") || v.startsWith("http://") ? null : "must be an http(s) URL")
            .description("POST each alert as signed JSON to this URL (docs/alerts.md: payload and signature). Empty: no webhook.")
            .build();

    public static final ConfigKey<String> WEBHOOK_SECRET = ConfigKey.stringKey("alerts.webhook.secret").group("alerts")
            .defaultValue("").secret()
            .check(v -> v.isEmpty() || v.length() >= 16 ? null : "must be at least 16 characters")
            .description("Shared secret of the webhook's HMAC-SHA256 signature; required with alerts.webhook.url.")
            .build();

    public static final ConfigKey<Integer> WEBHOOK_MAX_ATTEMPTS = ConfigKey.intKey("alerts.webhook.max-attempts").group("alerts")
            .defaultValue(5).check(between(1, 10))
            .description("Attempts per alert and run (a connection error, timeout, 408, 429 or 5xx is retried); an alert still undelivered is retried at the next run, for up to 24 hours.")
            .build();

    public static final ConfigKey<Long> WEBHOOK_INITIAL_BACKOFF_MS = ConfigKey.longKey("alerts.webhook.initial-backoff-ms").group("alerts")
            .defaultValue(500L).check(between(1L, 60_000L))
            .description("Wait before the first retry; each further wait doubles, up to alerts.webhook.max-backoff-ms (each drawn between half and all of it).")
            .build();

    public static final ConfigKey<Long> WEBHOOK_MAX_BACKOFF_MS = ConfigKey.longKey("alerts.webhook.max-backoff-ms").group("alerts")
            .defaultValue(8_000L).check(between(1L, 300_000L))
            .description("Longest wait between two webhook attempts.")
            .build();

    public static final ConfigKey<Long> WEBHOOK_TIMEOUT_MS = ConfigKey.longKey("alerts.webhook.timeout-ms").group("alerts")
            .defaultValue(5_000L).check(between(100L, 60_000L))
            .description("Connect and response timeout of one webhook attempt.")
            .build();

    public static final ConfigKey<String> SNS_TOPIC_ARN = ConfigKey.stringKey("alerts.sns.topic-arn").group("alerts")
            .defaultValue("")
            .check(v -> v.isEmpty() || v.matches("arn:[a-z-]+:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?") ? null
                    : "must be an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)")
            .description("Publish each alert to this SNS topic (credentials from the AWS SDK's default chain). Empty: no SNS.")
            .build();

    public static final ConfigKey<String> SNS_REGION = ConfigKey.stringKey("alerts.sns.region").group("alerts")
            .defaultValue("")
            .check(v -> v.isEmpty() || v.matches("[a-z0-9-]+") ? null : "must be a region name such as eu-west-1")
            .description("Region of the SNS topic. Empty: the SDK's default region chain.")
            .build();

    public static final ConfigKey<String> SNS_ENDPOINT = ConfigKey.stringKey("alerts.sns.endpoint").group("alerts")
            .defaultValue("")
            .check(v -> v.isEmpty() || v.startsWith("http://") || v.startsWith("https://") ? null : "must be an http(s) URL")
            .description("SNS endpoint override (a VPC endpoint, or a stand-in in tests). Empty: the region's endpoint.")
            .build();

    public static final ConfigKey<Integer> QUIET_SECONDS = ConfigKey.intKey("alerts.quiet-seconds").group("alerts")
            .defaultValue(900).check(between(60, 86_400))
            .description("A bot, ip_rate or rejection_rate incident resolves once its condition has not held for this long; it is also how far back those rules look.")
            .build();

    public static final ConfigKey<Long> IP_MAX_EVENTS_PER_MINUTE = ConfigKey.longKey("alerts.ip.max-events-per-minute").group("alerts")
            .defaultValue(1_200L).check(between(0L, 1_000_000_000L))
            .description("ip_rate fires when one IP sends more messages than this in a clock minute. 0 turns the rule off.")
            .build();

    public static final ConfigKey<Long> REJECTIONS_MIN_PER_MINUTE = ConfigKey.longKey("alerts.rejections.min-per-minute").group("alerts")
            .defaultValue(50L).check(between(0L, 1_000_000_000L))
            .description("rejection_rate fires when a source has at least this many rejected messages in a minute, and they are at least alerts.rejections.max-percent of its messages. 0 turns the rule off.")
            .build();

    public static final ConfigKey<Integer> REJECTIONS_MAX_PERCENT = ConfigKey.intKey("alerts.rejections.max-percent").group("alerts")
            .defaultValue(20).check(between(1, 100))
            .description("The share of a source's messages in a minute that may be rejected before rejection_rate fires.")
            .build();

    public static final ConfigKey<Integer> FRESHNESS_INTERVALS = ConfigKey.intKey("alerts.freshness.intervals").group("alerts")
            .defaultValue(3).check(between(0, 10_000))
            .description("freshness fires when the newest loaded event is older than this many model intervals (models.interval-seconds). 0 turns the rule off.")
            .build();

    public static final ConfigKey<Integer> MAX_NOTIFICATIONS_PER_RUN = ConfigKey.intKey("alerts.max-notifications-per-run").group("alerts")
            .defaultValue(20).check(between(1, 1_000))
            .description("New incidents per rule and run that notify; in a flood the rest are recorded without notifying, and the notices sent say how many.")
            .build();

    public static final List<ConfigKey<?>> ALL = List.of(MODEL_PARAMETERS, ENABLED, WEBHOOK_URL, WEBHOOK_SECRET,
            WEBHOOK_MAX_ATTEMPTS, WEBHOOK_INITIAL_BACKOFF_MS, WEBHOOK_MAX_BACKOFF_MS, WEBHOOK_TIMEOUT_MS,
            SNS_TOPIC_ARN, SNS_REGION, SNS_ENDPOINT, QUIET_SECONDS, IP_MAX_EVENTS_PER_MINUTE,
            REJECTIONS_MIN_PER_MINUTE, REJECTIONS_MAX_PERCENT, FRESHNESS_INTERVALS, MAX_NOTIFICATIONS_PER_RUN);

    private static String modelParametersProblem(String value) {
        try {
            ModelParameters.with(parseModelParameters(value));
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** {@code a=1,b=2} as a map; values must be numbers. */
    static java.util.Map<String, String> parseModelParameters(String value) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        if (value.isBlank()) return out;
        for (String pair : value.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("must look like name=value,name2=value2");
            String name = pair.substring(0, eq).strip(), number = pair.substring(eq + 1).strip();
            if (!number.matches("\\d{1,9}(\\.\\d{1,9})?")) throw new IllegalArgumentException(name + " must be a non-negative number");
            out.put(name, number);
        }
        return out;
    }
}
