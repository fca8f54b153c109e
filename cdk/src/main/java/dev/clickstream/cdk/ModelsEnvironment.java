package dev.clickstream.cdk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scheduled {@code models run} task's configuration: environment variables of keys that {@code models run}
 * declares (the alert keys, models.interval-seconds, metrics.cloudwatch-namespace; a test checks every name and
 * literal value against those declarations). Where to connect is on its command line.
 */
final class ModelsEnvironment {
    private ModelsEnvironment() {}

    /** alerts.sns.topic-arn: set once the alarm topic exists ({@link Models#sendAlertsTo}). */
    static final String SNS_TOPIC_ARN = "CLICKSTREAM_ALERTS_SNS_TOPIC_ARN";

    static Map<String, String> values(DeploySettings s) {
        Map<String, String> env = new LinkedHashMap<>();
        // the schedule's interval: the freshness alert counts in it
        env.put("CLICKSTREAM_MODELS_INTERVAL_SECONDS", String.valueOf(s.integer(Setting.MODEL_INTERVAL_MINUTES) * 60));
        // every run writes the newest modeled event's age as a metric line: the Freshness alarm reads it
        env.put("CLICKSTREAM_METRICS_CLOUDWATCH_NAMESPACE", Monitoring.NAMESPACE);
        return env;
    }
}
