package dev.clickstream.collector;

import dev.clickstream.collector.testing.CollectorProcess;
import dev.clickstream.warehouse.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.io.IOException;
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
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static dev.clickstream.collector.testing.CollectorHarness.KEY;
import static dev.clickstream.collector.testing.CollectorHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM under load: every request sent before the signal gets an answer (200, or 503 if it arrived after draining
 * began), never a dropped connection; every 200 is stored; the process exits 0.
 */
class TestGracefulShutdown {
    @Test
    void sigtermDrainsInFlightRequestsAndExitsZero() throws Exception {
        String jdbc = TestPostgres.newDatabase();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<String> brokenBeforeSignal = new CopyOnWriteArrayList<>();
        List<Integer> statusesAfterSignal = new CopyOnWriteArrayList<>();
        AtomicLong signalAt = new AtomicLong(Long.MAX_VALUE);
        CountDownLatch done = new CountDownLatch(20);
        int exit;
        try (CollectorProcess collector = CollectorProcess.start(jdbc)) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            for (int t = 0; t < 20; t++) {
                int client = t;
                new Thread(() -> {
                    try {
                        for (int i = 0; i < 100_000; i++) {
                            StringBuilder body = new StringBuilder("{\"batch\":[");
                            for (int k = 0; k < 50; k++) {
                                body.append(k == 0 ? "" : ",").append("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"term-")
                                        .append(client).append('-').append(i).append('-').append(k).append("\"}");
                            }
                            body.append("]}");
                            long started = System.nanoTime();
                            try {
                                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(collector.baseUrl() + "/v1/batch"))
                                        .timeout(Duration.ofSeconds(20)).header("Authorization", basic(KEY))
                                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
                                if (r.statusCode() == 200) {
                                    for (int k = 0; k < 50; k++) acknowledged.add("term-" + client + "-" + i + "-" + k);
                                } else {
                                    statusesAfterSignal.add(r.statusCode());
                                    assertThat(r.body()).contains("shutting_down");
                                    return; // SDKs back off on 503
                                }
                            } catch (IOException e) {
                                if (started < signalAt.get()) brokenBeforeSignal.add(e.toString());
                                return;
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        done.countDown();
                    }
                }).start();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 5_000);
            signalAt.set(System.nanoTime());
            collector.process().destroy(); // SIGTERM
            exit = collector.waitFor(Duration.ofSeconds(30));
            done.await();
            assertThat(collector.stderr()).contains("collector stopped").contains("drained=\"true\"");
        }
        assertThat(exit).isZero();
        assertThat(brokenBeforeSignal).as("requests sent before SIGTERM must be answered").isEmpty();
        assertThat(statusesAfterSignal).containsOnly(503);
        Set<String> stored = new HashSet<>();
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT payload->>'message_id' FROM clickstream.raw_events")) {
            while (rs.next()) stored.add(rs.getString(1));
        }
        assertThat(stored).containsAll(acknowledged);
    }
}
