package dev.clickstream.collector.metrics;

import dev.clickstream.collector.config.CollectorKeys;
import org.junit.jupiter.api.Test;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The collector's metrics as CloudWatch embedded-metric-format lines: what the log driver would carry, parsed the way
 * CloudWatch reads them (namespace, dimension set, metric values).
 */
class TestCloudWatchMetrics {
    private final List<String> lines = new ArrayList<>();
    private final CollectorMetrics metrics = new CollectorMetrics();
    private final CloudWatchEmf emf = new CloudWatchEmf(metrics.registry(), "Clickstream/Collector", capture());

    @Test
    void countersPublishTheirIncreaseWithTheirTagsAsDimensions() throws Exception {
        metrics.request("batch", "web", "ok");
        metrics.request("batch", "web", "ok");
        metrics.events("batch", "web", "accepted", 40);
        emf.publish();
        JsonNode requests = line("collector.requests");
        assertThat(requests.get("collector.requests").asDouble()).isEqualTo(2.0);
        assertThat(requests.get("endpoint").asString()).isEqualTo("batch");
        assertThat(requests.get("source").asString()).isEqualTo("web");
        JsonNode directive = requests.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asString()).isEqualTo("Clickstream/Collector");
        assertThat(directive.get("Dimensions").get(0).toString()).contains("endpoint", "outcome", "source");
        assertThat(directive.get("Metrics").get(0).get("Unit").asString()).isEqualTo("Count");
        assertThat(line("collector.events").get("collector.events").asDouble()).isEqualTo(40.0);

        lines.clear();
        metrics.request("batch", "web", "ok");
        emf.publish();
        assertThat(line("collector.requests").get("collector.requests").asDouble()).isEqualTo(1.0);
        assertThat(lines).noneMatch(l -> l.contains("\"collector.events\""));   // nothing new: no line
    }

    @Test
    void timersPublishCountAndMeanGaugesTheirValueAndJvmMetersStayOnPrometheus() throws Exception {
        metrics.sinkLatency(java.time.Duration.ofMillis(10));
        metrics.sinkLatency(java.time.Duration.ofMillis(30));
        emf.publish();
        JsonNode latency = line("collector.sink.latency.count");
        assertThat(latency.get("collector.sink.latency.count").asDouble()).isEqualTo(2.0);
        assertThat(latency.get("collector.sink.latency.mean").asDouble()).isCloseTo(0.020, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(lines).noneMatch(l -> l.contains("jvm.") || l.contains("process."));
        assertThat(metrics.scrape()).contains("jvm_memory_used_bytes").contains("collector_sink_latency_seconds");
    }

    @Test
    void aSingleValueIsOneLineWithItsDimensionsOnly() throws Exception {
        CloudWatchEmf.emit(capture(), "Clickstream", "NewestEventAgeSeconds", 42.5,
                software.amazon.cloudwatchlogs.emf.model.Unit.SECONDS, java.util.Map.of("Table", "events"));
        assertThat(lines).hasSize(1);
        JsonNode age = line("NewestEventAgeSeconds");
        assertThat(age.get("NewestEventAgeSeconds").asDouble()).isEqualTo(42.5);
        assertThat(age.get("Table").asString()).isEqualTo("events");
        JsonNode directive = age.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asString()).isEqualTo("Clickstream");
        assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"Table\"]]");
        assertThat(directive.get("Metrics").get(0).get("Unit").asString()).isEqualTo("Seconds");
    }

    @Test
    void theKeyIsOffByDefaultAndRefusesAwsNamespaces() {
        assertThat(CollectorKeys.METRICS_CLOUDWATCH_NAMESPACE.defaultValue()).isEmpty();
        assertThat(CollectorKeys.METRICS_CLOUDWATCH_NAMESPACE.parse("Clickstream/Collector", "test")).isEqualTo("Clickstream/Collector");
        assertThatThrownBy(() -> CollectorKeys.METRICS_CLOUDWATCH_NAMESPACE.parse("AWS/Kinesis", "test")).hasMessageContaining("namespace");
    }

    private JsonNode line(String metric) throws Exception {
        for (String l : lines) {
            JsonNode n = new ObjectMapper().readTree(l);
            if (n.has(metric)) return n;
        }
        throw new AssertionError("no line with " + metric + " in " + lines);
    }

    private Environment capture() {
        ISink sink = new ISink() {
            @Override
            public void accept(MetricsContext context) {
                try {
                    lines.addAll(context.serialize());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public CompletableFuture<Void> shutdown() {
                return CompletableFuture.completedFuture(null);
            }
        };
        return new Environment() {
            public boolean probe() { return true; }
            public String getName() { return "test"; }
            public String getType() { return "test"; }
            public String getLogGroupName() { return "test"; }
            public void configureContext(MetricsContext context) { }
            public ISink getSink() { return sink; }
        };
    }
}
