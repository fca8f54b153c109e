package dev.clickstream.cli.local;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.config.CollectorKeys.SinkType;
import dev.clickstream.collector.config.Settings;
import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.collector.testing.KinesisLocal;
import dev.clickstream.collector.testing.ValidTraffic;
import dev.clickstream.warehouse.streaming.StreamingIngestion;
import dev.clickstream.warehouse.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A jsonb-refused row in streaming ingestion (issue 11 §4): records that are JSON to Jackson but that PostgreSQL's
 * jsonb refuses (a lone surrogate escape, a number past numeric's range, overlong UTF-8) reach the stream directly,
 * beside the collector's own traffic. Each is kept in bad_payload, the record behind it on the same shard is ingested
 * (the shard moves on), the collector's valid events are all stored once, and no log line quotes a record.
 */
class TestStreamingDataErrors {
    private static final String MARK = "payload-marker-";

    @Test
    void aJsonbRefusedRowInStreamingIngestion() throws Exception {
        KinesisLocal.useDummyCredentials();
        KinesisLocal kinesis = KinesisLocal.get();
        String stream = kinesis.createStream("refused-" + System.nanoTime(), 2);
        String jdbc = TestPostgres.newDatabase();
        Settings settings = CollectorHarness.defaults(LocalStackKeys.UP, jdbc)
                .with(CollectorKeys.SINK_TYPE, SinkType.KINESIS)
                .with(CollectorKeys.KINESIS_STREAM, stream)
                .with(CollectorKeys.KINESIS_ENDPOINT, kinesis.endpoint())
                .with(LocalStackKeys.MODELS_ENABLED, false)
                .with(LocalStackKeys.INGESTION_ENABLED, true)
                .with(LocalStackKeys.INGESTION_INTERVAL_MS, 200L);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger log = (Logger) LoggerFactory.getLogger(StreamingIngestion.class);
        log.addAppender(logs);
        LocalStack stack = LocalStack.start(settings);
        try (CollectorHarness c = CollectorHarness.around(stack, stack.collector(), jdbc); KinesisClient client = kinesis.client()) {
            try (ValidTraffic valid = ValidTraffic.start(c, ids -> storedOnceIngested(c, ids))) {
                Map<String, byte[]> refused = Map.of(
                        "lone-surrogate", ascii("{\"s\":\"" + MARK + "1 \\ud800\"}"),
                        "huge-number", ascii("{\"s\":\"" + MARK + "2\",\"n\":1e999999}"),
                        "overlong-utf8", concat(ascii("{\"s\":\"" + MARK + "3 "), new byte[]{(byte) 0xC0, (byte) 0xAF}, ascii("\"}")));
                for (Map.Entry<String, byte[]> r : refused.entrySet()) put(client, stream, r.getKey(), r.getValue());
                // JSON's \u0000 is rewritten on the way in, so that one is a stored payload, not a refusal
                put(client, stream, "nul", ascii("{\"s\":\"nul \\u0000\",\"kind\":\"marker\",\"n\":\"nul\"}"));
                for (String key : refused.keySet()) {
                    put(client, stream, key, ascii("{\"kind\":\"marker\",\"n\":\"after-" + key + "\"}"));
                }

                await().atMost(Duration.ofSeconds(30)).until(() -> c.count("payload->>'kind' = 'marker'") == 4);
                for (String key : refused.keySet()) {
                    assertThat(c.count("partition_key = ? AND payload IS NULL AND bad_payload LIKE ?", key, "%" + MARK + "%"))
                            .as(key + " kept as text").isEqualTo(1);
                    assertThat(c.count("partition_key = ? AND payload->>'n' = ?", key, "after-" + key))
                            .as("the record behind " + key + " on its shard").isEqualTo(1);
                }
                assertThat(c.count("payload->>'n' = 'nul' AND payload->>'s' = ?", "nul \uFFFD")).isEqualTo(1);
            }
        } finally {
            log.detachAppender(logs);
        }
        List<String> lines = logs.list.stream().map(e -> e.getFormattedMessage() + " " + e.getKeyValuePairs()).toList();
        assertThat(lines).anyMatch(l -> l.contains("bad_payload") && l.contains("22"));
        assertThat(lines).noneMatch(l -> l.contains(MARK));
    }

    private static void put(KinesisClient client, String stream, String partitionKey, byte[] data) {
        client.putRecord(b -> b.streamName(stream).partitionKey(partitionKey).data(SdkBytes.fromByteArray(data)));
    }

    /** Waits until every acknowledged id has been ingested from the stream, then counts each. */
    private static Map<String, Long> storedOnceIngested(CollectorHarness c, Collection<String> ids) {
        Map<String, Long> counts = new HashMap<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            counts.clear();
            try (Connection db = c.connect(); PreparedStatement ps = db.prepareStatement(
                    "SELECT payload->>'message_id', count(*) FROM clickstream.raw_events"
                            + " WHERE payload->>'kind' = 'event' AND payload->>'message_id' = ANY (?) GROUP BY 1")) {
                ps.setArray(1, db.createArrayOf("text", ids.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) counts.put(rs.getString(1), rs.getLong(2));
                }
            }
            return counts.size() == ids.size();
        });
        return counts;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
