package dev.clickstream.collector.sink.kinesis;

import dev.clickstream.collector.config.CollectorKeys.PartitionKey;
import dev.clickstream.collector.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Partition-key strategies and their fallbacks. */
class TestPartitionKeys {
    private static SinkRecord rec(String messageId, String anon, String user) {
        return new SinkRecord(messageId, anon, user, new byte[0], false);
    }

    @Test
    void messageIdHashSpreadsOneUsersEventsAndIsStable() {
        PartitionKeys keys = new PartitionKeys(PartitionKey.MESSAGE_ID_HASH);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) seen.add(keys.keyFor(rec("m-" + i, "same-anon", "same-user")));
        assertThat(seen).hasSize(1000);
        assertThat(keys.keyFor(rec("m-1", null, null))).isEqualTo(keys.keyFor(rec("m-1", "a", "u"))).hasSize(16);
    }

    @Test
    void userKeysFallBackInOrder() {
        PartitionKeys anon = new PartitionKeys(PartitionKey.ANONYMOUS_ID);
        PartitionKeys user = new PartitionKeys(PartitionKey.USER_ID);
        assertThat(anon.keyFor(rec("m", "a1", "u1"))).isEqualTo("a1");
        assertThat(anon.keyFor(rec("m", null, "u1"))).isEqualTo("u1");
        assertThat(user.keyFor(rec("m", "a1", "u1"))).isEqualTo("u1");
        assertThat(user.keyFor(rec("m", "a1", ""))).isEqualTo("a1");
        assertThat(user.keyFor(rec("m", null, null))).isEqualTo(PartitionKeys.fnv1a64("m"));
        assertThat(anon.keyFor(rec("m", "a".repeat(300), null))).hasSize(256);
    }
}
