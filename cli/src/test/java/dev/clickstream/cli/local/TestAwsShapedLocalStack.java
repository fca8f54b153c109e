package dev.clickstream.cli.local;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.config.CollectorKeys.SinkType;
import dev.clickstream.collector.config.Settings;
import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.collector.testing.KinesisLocal;
import dev.clickstream.warehouse.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static dev.clickstream.collector.testing.CollectorHarness.KEY;
import static dev.clickstream.collector.testing.CollectorHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The AWS-shaped pipeline on one machine ({@code clickstream up --sink-type kinesis --ingestion-enabled true}):
 * collector → kinesis-local → the local streaming-ingestion stand-in → clickstream.raw_events.
 */
class TestAwsShapedLocalStack {
    @Test
    void awsShapedLocalRunIngestsTheStreamIntoTheWarehouse() {
        KinesisLocal.useDummyCredentials();
        KinesisLocal kinesis = KinesisLocal.get();
        String stream = kinesis.createStream("shaped-" + System.nanoTime(), 4);
        Settings settings = CollectorHarness.defaults(LocalStackKeys.UP, TestPostgres.newDatabase())
                .with(CollectorKeys.SINK_TYPE, SinkType.KINESIS)
                .with(CollectorKeys.KINESIS_STREAM, stream)
                .with(CollectorKeys.KINESIS_ENDPOINT, kinesis.endpoint())
                .with(LocalStackKeys.MODELS_ENABLED, false)
                .with(LocalStackKeys.DASHBOARD_PORT, 0)
                .with(LocalStackKeys.INGESTION_ENABLED, true)
                .with(LocalStackKeys.INGESTION_INTERVAL_MS, 200L);
        LocalStack stack = LocalStack.start(settings);
        try (CollectorHarness c = CollectorHarness.around(stack, stack.collector(), settings.get(CollectorKeys.PG_JDBC_URL))) {
            HttpResponse<String> r = c.post("/v1/track", "{\"event\":\"Shaped\",\"userId\":\"u\",\"messageId\":\"shaped-1\"}",
                    "Authorization", basic(KEY));
            assertThat(r.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> c.count("payload->>'message_id' = 'shaped-1'") == 1);
            assertThat(c.event("shaped-1").path("event").asString()).isEqualTo("Shaped");
            assertThat(c.count("shard_id LIKE 'shardId-%'")).isEqualTo(1);
        }
    }
}
