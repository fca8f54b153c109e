package dev.clickstream.collector.testing;

import java.net.http.HttpResponse;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static dev.clickstream.collector.testing.CollectorHarness.KEY;
import static dev.clickstream.collector.testing.CollectorHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Well-behaved clients sending while a hostile case runs: two threads posting single events ({@code /v1/t}) and small
 * batches ({@code /v1/batch}) with unique message ids. {@link #start} returns once the first events are acknowledged,
 * so the traffic overlaps whatever the test does next; {@link #close} stops it and asserts the hostile case cost
 * the well-behaved clients nothing:
 * <ul>
 *   <li>every valid request was answered 200 (unless {@link #allowUnavailable()}: then 503 with Retry-After is the only
 *       other answer, for cases that legitimately fill the sink);</li>
 *   <li>every acknowledged event is stored exactly once;</li>
 *   <li>the collector is alive ({@code /health} 200) and ready ({@code /ready} 200).</li>
 * </ul>
 * Use: {@code try (ValidTraffic valid = ValidTraffic.start(c)) { …hostile case and its own assertions… }}.
 */
public final class ValidTraffic implements AutoCloseable {
    private static final int THREADS = 2;
    private static final int MAX_REQUESTS_PER_THREAD = 20_000;
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final CollectorHarness c;
    private final Function<Collection<String>, Map<String, Long>> stored;
    private final String tag = "valid-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet() + "-";
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean allowUnavailable;

    private ValidTraffic(CollectorHarness c, Function<Collection<String>, Map<String, Long>> stored) {
        this.c = c;
        this.stored = stored;
    }

    /** Valid traffic checked against the collector's PostgreSQL raw table. */
    public static ValidTraffic start(CollectorHarness c) {
        return start(c, ids -> storedCounts(c, ids));
    }

    /**
     * Valid traffic checked against another store (a Kinesis stand-in, say).
     * @param stored how many times each of the given message ids is stored (absent: never)
     */
    public static ValidTraffic start(CollectorHarness c, Function<Collection<String>, Map<String, Long>> stored) {
        ValidTraffic t = new ValidTraffic(c, stored);
        for (int i = 0; i < THREADS; i++) {
            int thread = i;
            Thread th = new Thread(() -> t.send(thread), "valid-traffic-" + i);
            th.setDaemon(true);
            th.start();
            t.threads.add(th);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> t.acknowledged.size() >= 5 || !t.unexpected.isEmpty());
        return t;
    }

    /** Accepts 503 with Retry-After too: for cases that fill the sink on purpose. */
    public ValidTraffic allowUnavailable() {
        allowUnavailable = true;
        return this;
    }

    public int acknowledged() {
        return acknowledged.size();
    }

    private void send(int thread) {
        for (int i = 0; i < MAX_REQUESTS_PER_THREAD && !stop.get(); i++) {
            String id = tag + thread + "-" + i;
            HttpResponse<String> r;
            List<String> ids;
            if (i % 2 == 0) {
                ids = List.of(id);
                r = c.post("/v1/t", "{\"event\":\"Valid\",\"anonymousId\":\"a-" + thread + "\",\"messageId\":\"" + id + "\","
                        + "\"properties\":{\"i\":" + i + "}}", "Authorization", basic(KEY));
            } else {
                ids = List.of(id + "-a", id + "-b", id + "-c");
                StringBuilder b = new StringBuilder("{\"batch\":[");
                for (int k = 0; k < ids.size(); k++) {
                    b.append(k == 0 ? "" : ",").append("{\"type\":\"track\",\"event\":\"Valid\",\"userId\":\"u-")
                            .append(thread).append("\",\"messageId\":\"").append(ids.get(k)).append("\"}");
                }
                r = c.post("/v1/batch", b.append("],\"context\":{\"library\":{\"name\":\"valid\"}}}").toString(),
                        "Authorization", basic(KEY));
            }
            if (r.statusCode() == 200) {
                acknowledged.addAll(ids);
            } else if (!(allowUnavailable && r.statusCode() == 503 && r.headers().firstValue("Retry-After").isPresent())) {
                unexpected.add(r.statusCode() + " " + r.body());
            }
        }
    }

    /** Stops the clients, then asserts the hostile case did not touch them (see the class comment). */
    @Override
    public void close() {
        int before = acknowledged.size();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() > before || !unexpected.isEmpty());
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                try {
                    t.join(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        assertThat(unexpected).as("answers to valid requests other than 200").isEmpty();
        assertThat(c.health()).as("alive: /health").isEqualTo(200);
        assertThat(c.ready()).as("ready: /ready").isEqualTo(200);
        Map<String, Long> counts = stored.apply(acknowledged);
        List<String> wrong = new ArrayList<>();
        for (String id : acknowledged) {
            long n = counts.getOrDefault(id, 0L);
            if (n != 1) wrong.add(id + " stored " + n + " times");
        }
        assertThat(wrong).as("acknowledged valid events not stored exactly once (of " + acknowledged.size() + ")").isEmpty();
    }

    private static Map<String, Long> storedCounts(CollectorHarness c, Collection<String> ids) {
        Map<String, Long> out = new HashMap<>();
        String sql = "SELECT payload->>'message_id', count(*) FROM clickstream.raw_events"
                + " WHERE payload->>'kind' = 'event' AND payload->>'message_id' = ANY (?) GROUP BY 1";
        try (Connection db = c.connect(); PreparedStatement ps = db.prepareStatement(sql)) {
            Array array = db.createArrayOf("text", ids.toArray());
            ps.setArray(1, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
