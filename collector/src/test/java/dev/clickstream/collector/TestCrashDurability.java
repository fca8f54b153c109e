package dev.clickstream.collector;

import dev.clickstream.collector.testing.CollectorProcess;
import dev.clickstream.warehouse.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.clickstream.collector.testing.CollectorHarness.KEY;
import static dev.clickstream.collector.testing.CollectorHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** kill -9 while 20 clients post: every messageId that got a 200 is in raw_events. */
class TestCrashDurability {
    @Test
    void everyAcknowledgedEventSurvivesKillMinus9() throws Exception {
        String jdbc = TestPostgres.newDatabase();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(20);
        try (CollectorProcess collector = CollectorProcess.start(jdbc)) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            for (int t = 0; t < 20; t++) {
                int client = t;
                Thread th = new Thread(() -> {
                    try {
                        for (int i = 0; i < 100_000 && !stop.get(); i++) {
                            String a = "crash-" + client + "-" + i + "-a", b = "crash-" + client + "-" + i + "-b";
                            String body = "{\"batch\":[" + track(a) + "," + track(b) + "]}";
                            try {
                                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(collector.baseUrl() + "/v1/batch"))
                                        .timeout(Duration.ofSeconds(10)).header("Authorization", basic(KEY))
                                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                                if (r.statusCode() == 200) {
                                    acknowledged.add(a);
                                    acknowledged.add(b);
                                }
                            } catch (java.io.IOException e) {
                                return; // the collector is gone
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        done.countDown();
                    }
                });
                th.start();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 2_000);
            collector.process().destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            assertThat(collector.waitFor(Duration.ofSeconds(30))).isEqualTo(137);
            stop.set(true);
            done.await();
        }
        Set<String> stored = new HashSet<>();
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT payload->>'message_id' FROM clickstream.raw_events")) {
            while (rs.next()) stored.add(rs.getString(1));
        }
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(stored);
        assertThat(lost).as("acknowledged but missing after kill -9 (of %d acknowledged)", acknowledged.size()).isEmpty();
    }

    private static String track(String id) {
        return "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"" + id + "\"}";
    }

}
