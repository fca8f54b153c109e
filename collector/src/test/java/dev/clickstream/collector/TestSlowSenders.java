package dev.clickstream.collector;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.collector.testing.RawHttp;
import dev.clickstream.collector.testing.ValidTraffic;
import dev.clickstream.warehouse.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static dev.clickstream.collector.testing.CollectorHarness.KEY;
import static dev.clickstream.collector.testing.CollectorHarness.basic;
import static dev.clickstream.collector.testing.RawHttp.head;
import static dev.clickstream.collector.testing.RawHttp.readAnswer;
import static dev.clickstream.collector.testing.RawHttp.send;
import static dev.clickstream.collector.testing.RawHttp.trySend;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that hold a request open cannot hold the collector (issue 11 §1 and §2). Bodies arrive without a thread,
 * within http.body-timeout-ms; what the headers condemn (an unknown Basic key, a Content-Length over the endpoint's
 * limit) is refused before the body is read, and answered within about a second even when no body comes
 ({@link TestRefusedBodies}: a body that does come is dropped first). Raw sockets on 127.0.0.1, since no HTTP client
 sends this slowly.
 */
class TestSlowSenders {
    private static final int THREADS = 8;
    private static final int SLOW = 4 * THREADS;
    private static final long BODY_TIMEOUT_MS = 3_000;
    private static CollectorHarness c;

    @BeforeAll
    static void start() {
        c = CollectorHarness.start(CollectorHarness.defaults(TestPostgres.newDatabase())
                .with(CollectorKeys.HTTP_MAX_THREADS, THREADS)
                .with(CollectorKeys.HTTP_BODY_TIMEOUT_MS, BODY_TIMEOUT_MS));
    }

    @AfterAll
    static void stop() {
        c.close();
    }

    @Test
    void slowSendersStallWhileANormalClientIsServed() throws Exception {
        List<Socket> slow = new ArrayList<>();
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (ValidTraffic valid = ValidTraffic.start(c)) {
            // four times as many stalled bodies as the API listener has threads, each with a valid key
            for (int i = 0; i < SLOW; i++) {
                Socket s = open();
                send(s, head("/v1/batch", basic(KEY), 1_000) + "{");
                slow.add(s);
            }
            trickle.scheduleAtFixedRate(() -> slow.forEach(s -> trySend(s, " ")), 1, 1, TimeUnit.SECONDS);

            long[] latencies = new long[60];
            for (int i = 0; i < latencies.length; i++) {
                long t0 = System.nanoTime();
                assertThat(c.post("/v1/t", "{\"event\":\"Normal\",\"userId\":\"u\",\"messageId\":\"normal-" + i + "\"}",
                        "Authorization", basic(KEY)).statusCode()).isEqualTo(200);
                latencies[i] = System.nanoTime() - t0;
                assertThat(c.health()).isEqualTo(200);
            }
            Arrays.sort(latencies);
            long p99Ms = latencies[(int) Math.ceil(latencies.length * 0.99) - 1] / 1_000_000;
            System.out.printf("slow senders: %d stalled bodies, %d API threads; normal client p50 %d ms, p99 %d ms%n",
                    SLOW, THREADS, latencies[latencies.length / 2] / 1_000_000, p99Ms);
            assertThat(p99Ms).as("p99 of a normal client while %d bodies stall", SLOW).isLessThan(2_000);

            for (Socket s : slow) {
                String answer = readAnswer(s, BODY_TIMEOUT_MS + 10_000);
                assertThat(answer).startsWith("HTTP/1.1 408").contains("\"code\":\"body_timeout\"").containsIgnoringCase("connection: close");
            }
            assertThat(c.count("payload->>'message_id' LIKE 'normal-%'")).isEqualTo(latencies.length);
        } finally {
            trickle.shutdownNow();
            for (Socket s : slow) s.close();
        }
    }

    @Test
    void anUnknownHeaderKeyIsRefusedBeforeTheBodyArrives() throws Exception {
        try (ValidTraffic valid = ValidTraffic.start(c); Socket s = open()) {
            send(s, head("/v1/batch", basic("not-a-key"), 400_000)); // no body follows
            String answer = readAnswer(s, 5_000);
            assertThat(answer).startsWith("HTTP/1.1 401").contains("\"code\":\"invalid_write_key\"");
        }
    }

    @Test
    void aDeclaredLengthOverTheEndpointsLimitIsRefusedBeforeTheBodyArrives() throws Exception {
        try (ValidTraffic valid = ValidTraffic.start(c)) {
            assertRefusedAtOnce(head("/v1/t", basic(KEY), 32 * 1024 + 1), "message_too_large");
            assertRefusedAtOnce(head("/v1/track", "", 200_000), "message_too_large");
            assertRefusedAtOnce(head("/v1/batch", basic(KEY), 500 * 1024 + 1), "batch_too_large");
            assertRefusedAtOnce(head("/v1/t", basic(KEY), 40_000).replace("\r\n\r\n", "\r\nContent-Encoding: gzip\r\n\r\n"),
                    "body_too_large");
        }
    }

    @Test
    void aSingleMessageIsReadOnlyUpToItsOwnLimit() throws Exception {
        try (ValidTraffic valid = ValidTraffic.start(c); Socket s = open()) {
            // chunked, so nothing is declared: the collector stops reading after 32 KB + 1, not at the 1 MiB wire cap
            send(s, "POST /v1/t HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + basic(KEY)
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n");
            String chunk = "x".repeat(8 * 1024);
            String error = null;
            for (int i = 0; i < 5 && error == null; i++) error = trySend(s, Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
            String answer = readAnswer(s, 5_000);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("\"code\":\"message_too_large\"");
        }
    }

    private static void assertRefusedAtOnce(String head, String code) throws IOException {
        try (Socket s = open()) {
            send(s, head);
            assertThat(readAnswer(s, 5_000)).startsWith("HTTP/1.1 400").contains("\"code\":\"" + code + "\"");
        }
    }

    private static Socket open() throws IOException {
        return RawHttp.open(c.port());
    }
}
