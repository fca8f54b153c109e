package dev.clickstream.collector.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * WireMock standing in for the Kinesis endpoint, speaking its JSON protocol (the SDK must run with
 * {@code aws.cborEnabled=false}), with faults switched on and off while a test runs. Records it answers with a
 * sequence number are kept in {@link #accepted()}: that set is the stream's content, so a test can check that every
 * acknowledged event really reached it.
 */
public final class KinesisStandIn implements AutoCloseable {
    /** {@link #REFUSED_MARKER}: Kinesis's answer to invalid input, for a call holding a record with that text. */
    public enum Mode { HEALTHY, PARTIAL_30_PERCENT, ALL_THROTTLED, HTTP_500, SLOW, REFUSE_MARKED }

    public static final String REFUSED_MARKER = "refuse-me";

    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong(49_000_000_000L);
    private volatile Mode mode = Mode.HEALTHY;
    private volatile long slowMillis = 3_000;
    private final int port;
    private WireMockServer server;

    public KinesisStandIn() {
        server = newServer(0);
        server.start();
        port = server.port();
        stub();
    }

    private WireMockServer newServer(int p) {
        // no request journal: it would keep every (large) PutRecords body and make heap measurements meaningless
        return new WireMockServer(options().bindAddress("127.0.0.1").port(p).disableRequestJournal()
                .extensions(new PutRecordsAnswer()));
    }

    private void stub() {
        server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("Kinesis_20131202.PutRecords"))
                .willReturn(aResponse().withTransformers(PutRecordsAnswer.NAME)));
        server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("Kinesis_20131202.DescribeStreamSummary"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"StreamDescriptionSummary\":{\"StreamName\":\"s\",\"StreamStatus\":\"ACTIVE\",\"OpenShardCount\":4}}")));
    }

    public String endpoint() { return "http://127.0.0.1:" + port; }
    public Set<String> accepted() { return accepted; }
    public void mode(Mode m) { this.mode = m; }
    public void slowMillis(long ms) { this.slowMillis = ms; }

    /** The endpoint goes away entirely: connections are refused. */
    public void stop() { server.stop(); }

    /** Back on the same port, with an empty journal but the same stream content. */
    public void restart() {
        server = newServer(port);
        server.start();
        stub();
    }

    @Override
    public void close() { server.stop(); }

    private final class PutRecordsAnswer implements ResponseDefinitionTransformerV2 {
        static final String NAME = "put-records-answer";

        @Override
        public String getName() { return NAME; }

        @Override
        public boolean applyGlobally() { return false; }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Mode m = mode;
            if (m == Mode.HTTP_500) {
                return json(500, "{\"__type\":\"InternalFailure\",\"message\":\"injected\"}", 0);
            }
            JsonNode req = CollectorHarness.JSON.readTree(event.getRequest().getBodyAsString());
            if (m == Mode.REFUSE_MARKED && holdsMarker(req)) {
                return json(400, "{\"__type\":\"ValidationException\",\"message\":\"1 validation error detected\"}", 0);
            }
            ObjectNode resp = CollectorHarness.JSON.createObjectNode();
            ArrayNode results = resp.putArray("Records");
            int failed = 0;
            for (JsonNode r : req.path("Records")) {
                boolean fail = m == Mode.ALL_THROTTLED || (m == Mode.PARTIAL_30_PERCENT && ThreadLocalRandom.current().nextInt(10) < 3);
                ObjectNode out = results.addObject();
                if (fail) {
                    failed++;
                    out.put("ErrorCode", "ProvisionedThroughputExceededException");
                    out.put("ErrorMessage", "Rate exceeded for shard shardId-000000000000");
                } else {
                    JsonNode env = CollectorHarness.JSON.readTree(Base64.getDecoder().decode(r.path("Data").asString()));
                    accepted.add(env.path("message_id").asString());
                    out.put("SequenceNumber", Long.toString(sequence.incrementAndGet()));
                    out.put("ShardId", "shardId-000000000000");
                }
            }
            resp.put("FailedRecordCount", failed);
            // SLOW: the records are stored, but the answer comes after the client's call timeout
            return json(200, CollectorHarness.JSON.writeValueAsString(resp), m == Mode.SLOW ? (int) slowMillis : 0);
        }

        private boolean holdsMarker(JsonNode req) {
            for (JsonNode r : req.path("Records")) {
                if (new String(Base64.getDecoder().decode(r.path("Data").asString()), java.nio.charset.StandardCharsets.UTF_8)
                        .contains(REFUSED_MARKER)) return true;
            }
            return false;
        }

        private ResponseDefinition json(int status, String body, int delayMillis) {
            return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body)
                    .withFixedDelay(delayMillis).build();
        }
    }
}
