package dev.clickstream.collector.sink.kinesis;

import dev.clickstream.collector.config.CollectorKeys.PartitionKey;
import dev.clickstream.collector.ingest.Text;
import dev.clickstream.collector.sink.SinkRecord;

/**
 * Chooses a record's Kinesis partition key. The default hashes message_id: load spreads evenly, so one hot user or
 * bot cannot throttle a shard, at the price of per-user order across shards (the models order by event time anyway).
 */
final class PartitionKeys {
    private final PartitionKey strategy;

    PartitionKeys(PartitionKey strategy) {
        this.strategy = strategy;
    }

    String keyFor(SinkRecord r) {
        String id = r.messageId() == null ? "" : r.messageId();
        switch (strategy) {
            case ANONYMOUS_ID:
                return firstPresent(r.anonymousId(), r.userId(), id);
            case USER_ID:
                return firstPresent(r.userId(), r.anonymousId(), id);
            default:
                return fnv1a64(id);
        }
    }

    private static String firstPresent(String a, String b, String messageId) {
        if (a != null && !a.isEmpty()) return cut(a);
        if (b != null && !b.isEmpty()) return cut(b);
        return fnv1a64(messageId);
    }

    /** Kinesis accepts partition keys of 1 to 256 Unicode characters. */
    private static String cut(String s) {
        return Text.cut(s, 256);
    }

    static String fnv1a64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return String.format("%016x", h);
    }
}
