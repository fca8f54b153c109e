package dev.clickstream.cli.local;

import dev.clickstream.collector.sink.postgres.RawEventsPool;
import dev.clickstream.collector.testing.KinesisLocal;
import dev.clickstream.warehouse.testing.TestPostgres;
import dev.clickstream.warehouse.streaming.StreamingIngestion;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Local streaming ingestion restarted mid-stream, while producers keep writing: no gaps, no duplicate sequence numbers,
 * one refresh_time per refresh, and records that are not JSON kept in bad_payload.
 */
class TestStreamingIngestionRestart {
    @Test
    void restartLeavesNoGapsAndNoDuplicates() throws Exception {
        KinesisLocal kinesis = KinesisLocal.get();
        String stream = kinesis.createStream("ingest-" + System.nanoTime(), 8);
        String jdbc = TestPostgres.newDatabase();
        try (KinesisClient client = kinesis.client(); RawEventsPool w = RawEventsPool.connect(jdbc, "postgres", "")) {
            put(client, stream, 0, 3_000);
            int refreshesWithRows = 0;
            try (StreamingIngestion first = new StreamingIngestion(client, stream, w.dataSource(), 700)) {
                for (int i = 0; i < 3; i++) if (first.refresh() > 0) refreshesWithRows++;
            }
            assertThat(count(w, "SELECT count(*) FROM clickstream.raw_events")).isEqualTo(2_100);
            put(client, stream, 3_000, 2_000);
            try (StreamingIngestion second = new StreamingIngestion(client, stream, w.dataSource(), 700)) {
                while (second.refresh() > 0) refreshesWithRows++;
            }
            assertThat(count(w, "SELECT count(*) FROM clickstream.raw_events")).isEqualTo(5_000);
            assertThat(count(w, "SELECT count(DISTINCT shard_id || '/' || sequence_number) FROM clickstream.raw_events")).isEqualTo(5_000);
            assertThat(count(w, "SELECT count(DISTINCT coalesce(payload->>'n', bad_payload)) FROM clickstream.raw_events")).isEqualTo(5_000);
            assertThat(count(w, "SELECT count(DISTINCT refresh_time) FROM clickstream.raw_events")).isEqualTo(refreshesWithRows);
            assertThat(count(w, "SELECT count(*) FROM clickstream.raw_events WHERE payload IS NULL AND bad_payload LIKE 'not json %'"))
                    .isEqualTo(50);
            assertThat(count(w, "SELECT count(*) FROM clickstream.stream_checkpoints WHERE stream_name = '" + stream + "'")).isEqualTo(8);
        }
    }

    /** Records n = from … from+count-1; every hundredth is not JSON. */
    private static void put(KinesisClient client, String stream, int from, int count) {
        for (int start = from; start < from + count; start += 500) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int n = start; n < Math.min(start + 500, from + count); n++) {
                String data = n % 100 == 7 ? "not json " + n : "{\"n\":\"" + n + "\",\"kind\":\"event\"}";
                entries.add(PutRecordsRequestEntry.builder().partitionKey("pk-" + n)
                        .data(SdkBytes.fromString(data, StandardCharsets.UTF_8)).build());
            }
            assertThat(client.putRecords(b -> b.streamName(stream).records(entries)).failedRecordCount()).isZero();
        }
    }

    private static long count(RawEventsPool w, String sql) throws Exception {
        try (Connection c = w.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            long n = rs.getLong(1);
            c.commit();
            return n;
        }
    }
}
