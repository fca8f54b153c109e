package dev.clickstream.collector.sink.kinesis;

import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

import java.net.URI;
import java.time.Duration;

/**
 * Builds the Kinesis client: credentials from the SDK's default provider chain, SDK-level retries off (the sink
 * retries record by record itself), and bounded call timeouts so a hung endpoint cannot hold records forever.
 */
public final class KinesisClients {
    private KinesisClients() {}

    public static KinesisClient create(String region, String endpoint, int maxConnections, Duration callTimeout) {
        KinesisClientBuilder b = KinesisClient.builder()
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(maxConnections)
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(callTimeout))
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD)
                        .retryStrategy(s -> s.maxAttempts(1))
                        .apiCallAttemptTimeout(callTimeout)
                        .apiCallTimeout(callTimeout.plusSeconds(1)));
        if (!region.isEmpty()) b.region(Region.of(region));
        if (!endpoint.isEmpty()) b.endpointOverride(URI.create(endpoint));
        return b.build();
    }
}
