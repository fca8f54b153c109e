package dev.clickstream.collector;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.clickstream.collector.sink.postgres.PostgresSink;
import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.collector.testing.ValidTraffic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.clickstream.collector.testing.CollectorHarness.KEY;
import static dev.clickstream.collector.testing.CollectorHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11 §4 on the PostgreSQL sink: a row PostgreSQL refuses for its content is a data error, never a 503, never
 * an unhealthy sink. Validation keeps every such row we know of out (lone surrogates, NUL in keys, widths), so the
 * refusal is provoked here with a trigger that raises SQLSTATE 22P02 (and quotes the row in its message, as
 * PostgreSQL's own jsonb error does) for events named {@code poison} and for the message id {@code poison-twice}.
 */
class TestSinkDataErrors {
    static CollectorHarness c;
    static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        c = CollectorHarness.start();
        try (Connection db = c.connect(); Statement s = db.createStatement()) {
            s.execute("""
                    CREATE FUNCTION clickstream.poison() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                      IF NEW.payload->>'event' = 'poison' OR NEW.payload->>'message_id' = 'poison-twice' THEN
                        RAISE EXCEPTION 'refused row %', NEW.payload::text USING ERRCODE = '22P02';
                      END IF;
                      RETURN NEW;
                    END $$""");
            s.execute("CREATE TRIGGER poison BEFORE INSERT ON clickstream.raw_events FOR EACH ROW EXECUTE FUNCTION clickstream.poison()");
        }
        LOGS.start();
        ((Logger) LoggerFactory.getLogger(PostgresSink.class)).addAppender(LOGS);
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(PostgresSink.class)).detachAppender(LOGS);
        c.close();
    }

    static String track(String id, String event) {
        return "{\"type\":\"track\",\"event\":\"" + event + "\",\"userId\":\"u\",\"messageId\":\"" + id + "\","
                + "\"properties\":{\"secret\":\"client-data-" + id + "\"}}";
    }

    static HttpResponse<String> batch(String... items) {
        return c.post("/v1/batch", "{\"batch\":[" + String.join(",", items) + "]}", "Authorization", basic(KEY));
    }

    @Test
    void aRefusedRowBecomesARejectionRecordWhileItsNeighboursAndOtherRequestsCommit() {
        try (ValidTraffic valid = ValidTraffic.start(c)) {
            HttpResponse<String> r = batch(track("refused-1", "poison"), track("neighbour-1", "E"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            HttpResponse<String> single = c.post("/v1/track", "{\"event\":\"poison\",\"userId\":\"u\",\"messageId\":\"refused-2\"}",
                    "Authorization", basic(KEY));
            assertThat(single.statusCode()).as("a single message answers with its rejection").isEqualTo(400);
            assertThat(single.body()).contains("\"code\":\"record_refused\"");
        }
        assertThat(c.event("neighbour-1").path("event").asString()).isEqualTo("E");
        for (String id : List.of("refused-1", "refused-2")) {
            JsonNode rej = c.payloads("payload->>'message_id' = ?", id).get(0);
            assertThat(rej.path("kind").asString()).isEqualTo("rejection");
            assertThat(rej.path("reason").asString()).isEqualTo("record_refused");
            assertThat(rej.path("reason_message").asString()).contains("SQLSTATE 22P02");
            assertThat(rej.has("raw")).as("the text that was refused is not stored again").isFalse();
        }
        assertNoClientDataLogged();
    }

    @Test
    void whenEvenTheRejectionRecordIsRefusedTheAnswerIs400() {
        try (ValidTraffic valid = ValidTraffic.start(c)) {
            HttpResponse<String> r = batch(track("poison-twice", "E"), track("neighbour-2", "E"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(r.body()).contains("\"code\":\"record_refused\"");
        }
        assertThat(c.event("neighbour-2").path("event").asString()).as("what could be stored was").isEqualTo("E");
        assertThat(c.count("payload->>'message_id' = 'poison-twice'")).isZero();
    }

    @Test
    void manyRefusedRowsAtOnceNeither503NorUnready() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        List<Integer> readiness = new ArrayList<>();
        try (ValidTraffic valid = ValidTraffic.start(c)) {
            for (int i = 0; i < 40; i++) {
                List<String> items = new ArrayList<>();
                for (int k = 0; k < 20; k++) items.add(track("many-" + i + "-" + k, k % 4 == 0 ? "poison" : "E"));
                calls.add(CompletableFuture.supplyAsync(() -> batch(items.toArray(String[]::new)), pool));
            }
            while (!CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).isDone()) readiness.add(c.ready());
        } finally {
            pool.shutdown();
        }
        for (CompletableFuture<HttpResponse<String>> call : calls) assertThat(call.get().statusCode()).as(call.get().body()).isEqualTo(200);
        assertThat(readiness).as("the sink never turned unready").isNotEmpty().containsOnly(200);
        assertThat(c.count("payload->>'kind' = 'event' AND payload->>'message_id' LIKE 'many-%'")).isEqualTo(40 * 15);
        assertThat(c.count("payload->>'reason' = 'record_refused' AND payload->>'message_id' LIKE 'many-%'")).isEqualTo(40 * 5);
        assertThat(c.ops("/metrics").body()).contains("collector_sink_healthy 1.0");
        assertNoClientDataLogged();
    }

    private static void assertNoClientDataLogged() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : LOGS.list) lines.add(e.getFormattedMessage() + " " + e.getKeyValuePairs());
        assertThat(lines).as("data errors are logged").isNotEmpty();
        assertThat(lines).as("by SQLSTATE, never with the row").noneMatch(l -> l.contains("client-data") || l.contains("refused row"));
        assertThat(lines).as("and rate-limited: one line per 10 s").hasSizeLessThanOrEqualTo(3);
    }
}
