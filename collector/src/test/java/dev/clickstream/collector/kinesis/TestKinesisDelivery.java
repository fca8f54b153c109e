package dev.clickstream.collector.kinesis;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.config.CollectorKeys.SinkType;
import dev.clickstream.collector.sink.postgres.RawEventsPool;
import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.collector.testing.KinesisLocal;
import dev.clickstream.collector.testing.StreamReader;
import dev.clickstream.warehouse.testing.TestPostgres;
import dev.clickstream.warehouse.streaming.StreamingIngestion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

import static dev.clickstream.collector.testing.CollectorHarness.KEY;
import static dev.clickstream.collector.testing.CollectorHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The AWS-shaped path on one machine: 16 clients → collector → kinesis-local → local streaming ingestion →
 * clickstream.raw_events. Every acknowledged message_id is in the stream and then in raw_events; every sequence
 * number is stored once.
 */
class TestKinesisDelivery {
    static KinesisLocal kinesis;

    @BeforeAll
    static void startKinesis() {
        KinesisLocal.useDummyCredentials();
        kinesis = KinesisLocal.get();
    }

    @Test
    void twentyThousandEventsFromSixteenClientsArriveOnceInStreamAndWarehouse() throws Exception {
        String stream = kinesis.createStream("delivery-" + System.nanoTime(), 64);
        String jdbc = TestPostgres.newDatabase();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        long started = System.nanoTime();
        try (CollectorHarness c = CollectorHarness.start(CollectorHarness.defaults(jdbc)
                .with(CollectorKeys.SINK_TYPE, SinkType.KINESIS)
                .with(CollectorKeys.KINESIS_STREAM, stream)
                .with(CollectorKeys.KINESIS_ENDPOINT, kinesis.endpoint())
                .with(CollectorKeys.SINK_DEADLINE_MS, 30_000L))) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<?>> clients = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int client = t;
                clients.add(pool.submit(() -> sendMix(c, client, acknowledged)));
            }
            for (Future<?> f : clients) f.get();
            pool.shutdown();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(20_000);
        System.out.printf("kinesis delivery: %d events acknowledged from 16 clients in %d ms%n", acknowledged.size(),
                (System.nanoTime() - started) / 1_000_000);

        Map<String, Integer> inStream = StreamReader.messageIdCounts(kinesis.client(), stream);
        Set<String> missingFromStream = new HashSet<>(acknowledged);
        missingFromStream.removeAll(inStream.keySet());
        assertThat(missingFromStream).as("acknowledged but not in the stream").isEmpty();

        try (RawEventsPool w = RawEventsPool.connect(jdbc, "postgres", "");
             StreamingIngestion ingestion = new StreamingIngestion(kinesis.client(), stream, w.dataSource(), 50_000)) {
            await().atMost(Duration.ofSeconds(120)).until(() -> ingestion.refresh() == 0);
            try (Connection c = w.dataSource().getConnection(); Statement s = c.createStatement()) {
                Set<String> stored = new HashSet<>();
                try (ResultSet rs = s.executeQuery("SELECT payload->>'message_id' FROM clickstream.raw_events")) {
                    while (rs.next()) stored.add(rs.getString(1));
                }
                Set<String> missing = new HashSet<>(acknowledged);
                missing.removeAll(stored);
                assertThat(missing).as("acknowledged but not in raw_events").isEmpty();
                try (ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT shard_id || '/' || sequence_number),"
                        + " count(DISTINCT refresh_time), min(payload->>'kind') FROM clickstream.raw_events")) {
                    rs.next();
                    int records = inStream.values().stream().mapToInt(Integer::intValue).sum();
                    assertThat(rs.getLong(1)).as("one row per stream record").isEqualTo(records);
                    assertThat(rs.getLong(2)).as("each sequence number once").isEqualTo(rs.getLong(1));
                    assertThat(rs.getString(4)).isEqualTo("event");
                }
            }
        }
    }

    private static void sendMix(CollectorHarness c, int client, Set<String> acknowledged) {
        int sent = 0;
        for (int round = 0; sent < 1_300; round++) {
            if (round % 4 == 0) {
                String id = "k-" + client + "-" + sent++;
                HttpResponse<String> r = c.post("/v1/t", "{\"event\":\"E\",\"anonymousId\":\"a" + client + "\",\"messageId\":\"" + id + "\"}",
                        "Authorization", basic(KEY));
                if (r.statusCode() == 200) acknowledged.add(id);
            } else {
                List<String> ids = new ArrayList<>();
                StringBuilder b = new StringBuilder("{\"batch\":[");
                for (int i = 0; i < 40; i++) {
                    String id = "k-" + client + "-" + sent++;
                    ids.add(id);
                    b.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u").append(client)
                            .append("\",\"messageId\":\"").append(id).append("\"}");
                }
                HttpResponse<String> r = c.post("/v1/batch", b.append("]}").toString(), "Authorization", basic(KEY));
                if (r.statusCode() == 200) acknowledged.addAll(ids);
            }
        }
    }
}
