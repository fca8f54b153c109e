package dev.clickstream.cdk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The collector container's configuration: environment variables the collector declares (CollectorKeys; a test
 * checks every name and every literal value against those declarations), plus the write keys as an ECS secret.
 */
final class CollectorEnvironment {
    private CollectorEnvironment() {}

    /** sources.write-keys: injected from Secrets Manager, never a plain environment value. */
    static final String WRITE_KEYS = "CLICKSTREAM_SOURCES_WRITE_KEYS";

    /**
     * http.trusted-proxies. One proxy appends to X-Forwarded-For before the collector: the load balancer, which adds
     * the address it was reached from, the VPC link's. API Gateway HTTP APIs send no X-Forwarded-For at all (the
     * client address travels only in RFC 7239 {@code Forwarded: for=}, and X-Forwarded-For is a reserved header that
     * parameter mapping cannot set), so this value makes the collector read the VPC link's address and never a
     * client-supplied one. See docs/aws.md, "Client IP addresses".
     */
    static final String TRUSTED_PROXIES = "1";

    /** Where the collector's own metrics land in CloudWatch (embedded-metric-format lines in its log). */
    static final String COLLECTOR_METRICS_NAMESPACE = Monitoring.NAMESPACE + "/Collector";

    static Map<String, String> values(DeploySettings s, String streamName, String region, String publicHost) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CLICKSTREAM_HTTP_HOST", "0.0.0.0");
        env.put("CLICKSTREAM_HTTP_PORT", String.valueOf(CollectorService.HTTP_PORT));
        env.put("CLICKSTREAM_HTTP_PUBLIC_HOST", publicHost);
        env.put("CLICKSTREAM_HTTP_TRUSTED_PROXIES", TRUSTED_PROXIES);
        env.put("CLICKSTREAM_SINK_TYPE", "kinesis");
        env.put("CLICKSTREAM_KINESIS_STREAM", streamName);
        env.put("CLICKSTREAM_KINESIS_REGION", region);
        env.put("CLICKSTREAM_SOURCES_DEV_KEY", "false");
        env.put("CLICKSTREAM_METRICS_CLOUDWATCH_NAMESPACE", COLLECTOR_METRICS_NAMESPACE);
        env.put("CLICKSTREAM_SHUTDOWN_DEADLINE_MS", String.valueOf(s.integer(Setting.COLLECTOR_DRAIN_SECONDS) * 1000L));
        return env;
    }
}
