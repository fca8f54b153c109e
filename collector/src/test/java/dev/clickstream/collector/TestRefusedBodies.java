package dev.clickstream.collector;

import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.collector.testing.RawHttp;
import dev.clickstream.collector.testing.ValidTraffic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.clickstream.collector.testing.CollectorHarness.KEY;
import static dev.clickstream.collector.testing.CollectorHarness.basic;
import static dev.clickstream.collector.testing.RawHttp.head;
import static dev.clickstream.collector.testing.RawHttp.readAnswer;
import static dev.clickstream.collector.testing.RawHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client whose request is refused before its body was read still reads the answer, not a reset: the collector
 * reads and drops the rest of the body (up to limits.raw-body-bytes, on a short deadline) before answering, so an SDK
 * gets its 400 or 401 and drops the batch instead of retrying a network error forever. Where the body is not dropped
 * (declared over the raw cap, never sent), the answer says {@code Connection: close} and the connection closes.
 */
class TestRefusedBodies {
    @RegisterExtension
    static final CollectorHarness c = CollectorHarness.perClass();

    private static final int ROUNDS = 25;

    record Refusal(String name, String path, String authorization, byte[] body, boolean chunked, int status, String code) {}

    static List<Refusal> refusals() {
        String big = "{\"event\":\"E\",\"userId\":\"u\",\"properties\":{\"x\":\"%s\"}}";
        byte[] overMessage = big.formatted("y".repeat(33 * 1024)).getBytes(StandardCharsets.UTF_8);
        byte[] overBatch = ("{\"batch\":[" + big.formatted("y".repeat(501 * 1024)) + "]}").getBytes(StandardCharsets.UTF_8);
        byte[] batch = ("{\"batch\":[" + big.formatted("y".repeat(200 * 1024)) + "]}").getBytes(StandardCharsets.UTF_8);
        return List.of(
                new Refusal("declared length over the message limit", "/v1/track", basic(KEY), overMessage, false, 400, "message_too_large"),
                new Refusal("declared length over the batch limit", "/v1/batch", basic(KEY), overBatch, false, 400, "batch_too_large"),
                new Refusal("unknown key in the header", "/v1/batch", basic("not-a-key"), batch, false, 401, "invalid_write_key"),
                new Refusal("chunked body over the message limit", "/v1/track", basic(KEY), overMessage, true, 400, "message_too_large"));
    }

    @Test
    void aClientStillSendingReadsEveryRefusalAndKeepsItsConnection() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        List<String> failures = new ArrayList<>();
        try (ValidTraffic valid = ValidTraffic.start(c)) {
            for (int round = 0; round < ROUNDS; round++) {
                for (Refusal r : refusals()) {
                    HttpRequest.BodyPublisher body = r.chunked()
                            ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(r.body()))
                            : HttpRequest.BodyPublishers.ofByteArray(r.body());
                    HttpRequest request = HttpRequest.newBuilder(URI.create(c.baseUrl() + r.path()))
                            .timeout(Duration.ofSeconds(30)).header("Authorization", r.authorization()).POST(body).build();
                    try {
                        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                        assertThat(answer.statusCode()).as(r.name()).isEqualTo(r.status());
                        assertThat(answer.body()).as(r.name()).contains("\"code\":\"" + r.code() + "\"");
                        assertThat(answer.headers().firstValue("Connection")).as(r.name() + ": the body was dropped").isEmpty();
                    } catch (java.io.IOException e) {
                        failures.add(r.name() + " (round " + round + "): " + e);
                    }
                }
            }
        }
        assertThat(failures).as("refusals the client never read").isEmpty();
    }

    @Test
    void theConnectionServesTheNextRequestAfterARefusal() throws Exception {
        String tooLarge = "{\"event\":\"E\",\"userId\":\"u\",\"properties\":{\"x\":\"" + "y".repeat(40_000) + "\"}}";
        String next = "{\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"after-refusal\"}";
        try (Socket s = RawHttp.open(c.port())) {
            send(s, head("/v1/track", basic(KEY), tooLarge.length()) + tooLarge);
            String first = readAnswer(s, 10_000);
            assertThat(first).startsWith("HTTP/1.1 400").contains("\"code\":\"message_too_large\"")
                    .doesNotContainIgnoringCase("Connection: close");
            send(s, head("/v1/track", basic(KEY), next.length()) + next);
            assertThat(readAnswer(s, 10_000)).startsWith("HTTP/1.1 200");
        }
        assertThat(c.count("payload->>'message_id' = 'after-refusal'")).isEqualTo(1);
    }

    @Test
    void aBodyThatNeverComesIsAnsweredSoonWithTheConnectionClosed() throws Exception {
        try (Socket s = RawHttp.open(c.port())) {
            send(s, head("/v1/track", basic(KEY), 40_000)); // no body follows
            assertThat(readAnswer(s, 5_000)).startsWith("HTTP/1.1 400").contains("\"code\":\"message_too_large\"")
                    .containsIgnoringCase("Connection: close");
            assertThat(RawHttp.closedWithin(s, 5_000)).as("the connection closes").isTrue();
        }
    }

    @Test
    void aDeclaredLengthOverTheRawCapIsAnsweredWithoutReadingIt() throws Exception {
        try (Socket s = RawHttp.open(c.port())) {
            send(s, head("/v1/batch", basic(KEY), 64L << 20)); // 64 MiB declared; the collector reads none of it
            assertThat(readAnswer(s, 5_000)).startsWith("HTTP/1.1 400").contains("\"code\":\"batch_too_large\"")
                    .containsIgnoringCase("Connection: close");
            assertThat(RawHttp.closedWithin(s, 5_000)).as("the connection closes").isTrue();
        }
    }
}
