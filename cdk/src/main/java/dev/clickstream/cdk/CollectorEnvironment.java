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

    /** Where the collector's own metrics land in CloudWatch (embedded-metric-format lines in its log). */
    static final String COLLECTOR_METRICS_NAMESPACE = Monitoring.NAMESPACE + "/Collector";

    /**
     * @param vpcCidrs http.trusted-proxies: the VPC's address blocks ({@link Network#cidrs}). API Gateway HTTP APIs
     *     send no X-Forwarded-For (a reserved header parameter mapping cannot set); they append the client to RFC 7239
     *     {@code Forwarded} ({@code for=…}). The load balancer then appends the VPC link's address to X-Forwarded-For,
     *     and the collector's peer is the load balancer. Walking from the right past the VPC's addresses (peer,
     *     X-Forwarded-For, then Forwarded), the first address left is the one API Gateway saw: the client's. What a
     *     client writes itself sits further left and is never reached. See docs/aws.md, "Client IP addresses".
     */
    static Map<String, String> values(DeploySettings s, String streamName, String region, String publicHost, String vpcCidrs) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CLICKSTREAM_HTTP_HOST", "0.0.0.0");
        env.put("CLICKSTREAM_HTTP_PORT", String.valueOf(CollectorService.HTTP_PORT));
        // the operations listener answers the load balancer's health check; only the load balancer may reach it
        env.put("CLICKSTREAM_HTTP_OPS_HOST", "0.0.0.0");
        env.put("CLICKSTREAM_HTTP_OPS_PORT", String.valueOf(CollectorService.OPS_PORT));
        env.put("CLICKSTREAM_HTTP_PUBLIC_HOST", publicHost);
        env.put("CLICKSTREAM_HTTP_TRUSTED_PROXIES", vpcCidrs);
        env.put("CLICKSTREAM_SINK_TYPE", "kinesis");
        env.put("CLICKSTREAM_KINESIS_STREAM", streamName);
        env.put("CLICKSTREAM_KINESIS_REGION", region);
        env.put("CLICKSTREAM_SOURCES_DEV_KEY", "false");
        env.put("CLICKSTREAM_METRICS_CLOUDWATCH_NAMESPACE", COLLECTOR_METRICS_NAMESPACE);
        env.put("CLICKSTREAM_SHUTDOWN_DEADLINE_MS", String.valueOf(s.integer(Setting.COLLECTOR_DRAIN_SECONDS) * 1000L));
        return env;
    }
}
