package dev.clickstream.collector.ingest;

import dev.clickstream.collector.auth.Source;
import dev.clickstream.collector.enrich.EnvelopeBuilder;
import dev.clickstream.collector.enrich.EventTime;
import dev.clickstream.collector.enrich.RejectionBuilder;
import dev.clickstream.collector.validation.MessageValidator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11 §5: whatever fails while one message is validated or enriched becomes that message's rejection record,
 * never the request's failure. The failure is injected: a message node that throws as soon as its fields are walked.
 */
class TestRecordBuilder {
    static final JsonCodec JSON = new JsonCodec(new JsonCodec.Limits(64, 1 << 20, 100, 1 << 20, 100_000));
    static final RecordBuilder BUILDER = new RecordBuilder(new MessageValidator(100),
            new EnvelopeBuilder(new EventTime(Duration.ofHours(24))), new RejectionBuilder(JSON, 8192, 100), JSON, 32 * 1024, 1 << 20);
    static final Source SOURCE = new Source("test", List.of("*"), false, null);
    static final RequestInfo REQUEST = new RequestInfo(Instant.parse("2026-01-01T00:00:00Z"), "192.0.2.1", null, null, null);

    @Test
    void anExceptionWhileBuildingOneMessageBecomesItsRejectionRecord() {
        ObjectNode broken = new ObjectNode(JsonNodeFactory.instance) {
            @Override
            public Set<Map.Entry<String, JsonNode>> properties() {
                throw new IllegalStateException("injected");
            }
        };
        broken.put("type", "track").put("event", "E").put("userId", "u").put("messageId", "broken-1");

        RecordBuilder.Built built = BUILDER.build(broken, SOURCE, REQUEST, true);

        assertThat(built.rejection().code()).isEqualTo("enrichment_failed");
        assertThat(built.record().rejection()).isTrue();
        assertThat(built.record().messageId()).isEqualTo("broken-1");
        JsonNode stored = JSON.mapper().readTree(built.record().payload());
        assertThat(stored.path("reason").asString()).isEqualTo("enrichment_failed");
        assertThat(stored.path("received_at").asString()).isEqualTo("2026-01-01T00:00:00.000000Z");
    }

    @Test
    void theNextMessageIsBuiltAsUsual() {
        ObjectNode ok = JsonNodeFactory.instance.objectNode().put("type", "track").put("event", "E").put("userId", "u")
                .put("messageId", "ok-1");
        RecordBuilder.Built built = BUILDER.build(ok, SOURCE, REQUEST, false);
        assertThat(built.rejection()).isNull();
        assertThat(JSON.mapper().readTree(built.record().payload()).path("request_ip").asString()).isEqualTo("192.0.2.1");
    }
}
