package dev.clickstream.collector.testing;

import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import tools.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;

/** Reads a whole stream from TRIM_HORIZON, independently of the code under test, to see what really reached it. */
public final class StreamReader {
    private StreamReader() {}

    /** message_id of every record, with how often it occurs. */
    public static Map<String, Integer> messageIdCounts(KinesisClient client, String stream) {
        Map<String, Integer> counts = new HashMap<>();
        for (Shard shard : client.listShards(b -> b.streamName(stream)).shards()) {
            String it = client.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (it != null) {
                String current = it;
                GetRecordsResponse page = client.getRecords(b -> b.shardIterator(current).limit(10_000));
                for (software.amazon.awssdk.services.kinesis.model.Record r : page.records()) {
                    JsonNode env = CollectorHarness.JSON.readTree(r.data().asByteArray());
                    counts.merge(env.path("message_id").asString(), 1, Integer::sum);
                }
                if (page.records().isEmpty()) break;
                it = page.nextShardIterator();
            }
        }
        return counts;
    }
}
