package dev.clickstream.warehouse.models;

import dev.clickstream.warehouse.runner.ModelRunner;
import dev.clickstream.warehouse.testing.ModelHarness;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.List;

import static dev.clickstream.warehouse.models.TestByteSafeTruncation.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anything may write to the stream, not only the collector. No value in any field that staging types may fail a model
 * run: one failing statement rolls the run back, the watermark stays put, and every later run would fail the same way.
 * A value that cannot be typed becomes NULL with a load warning; a record without a valid event time is a rejection.
 */
class TestHostileValues {
    private static ModelHarness warehouse;
    private static int records;

    @AfterContainer
    static void close() {
        if (warehouse != null) warehouse.close();
    }

    /** JSON values for a number, a timestamp, an id or a text field: well-formed, absurd, or of the wrong type. */
    @Provide
    Arbitrary<String> hostile() {
        return Arbitraries.oneOf(
                Arbitraries.of("null", "true", "false", "0", "-0", "19.99", "-1e15", "1e15", "1e16", "1e400", "-1e400",
                        "1e-400", "9223372036854775808", "1" + "0".repeat(400), "0." + "0".repeat(400) + "1",
                        "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e400\"", "\"19.99\"", "\"\"", "{}", "[]", "[1,2]",
                        "{\"a\":{\"b\":[1,{\"c\":null}]}}",
                        "\"2030-01-01T08:00:00.000000Z\"", "\"2030-02-29T08:00:00Z\"", "\"2032-02-29T08:00:00Z\"",
                        "\"2030-13-01T08:00:00Z\"", "\"2030-04-31T08:00:00Z\"", "\"0000-01-01T00:00:00Z\"",
                        "\"999999999-01-01T00:00:00Z\"", "\"-999999999-01-01T00:00:00Z\"", "\"+275760-09-13T00:00:00Z\"",
                        "\"2030-01-01T24:00:00Z\"", "\"2030-01-01T23:59:60Z\"", "\"2030-01-01T08:00:00.1234567Z\"",
                        "\"2030-01-01T08:00:00+05:00\"", "\"2030-01-01\"", "\"2030-01-01T08:00:00Zjunk\""),
                // any text jsonb holds: no NUL, no lone surrogate (the collector refuses both, issue 11)
                Arbitraries.strings().withCharRange('\u0001', '\u00ff').ofMaxLength(3000).map(TestByteSafeTruncation::json),
                Arbitraries.strings().withChars("日本語😀é").ofMinLength(100).ofMaxLength(1500).map(TestByteSafeTruncation::json),
                Arbitraries.integers().between(1, 400).map(n -> "9".repeat(n) + "." + "9".repeat(n)),
                Arbitraries.integers().between(-400, 400).map(e -> "1e" + e));
    }

    @Provide
    Arbitrary<List<String>> envelopes() {
        return envelope().list().ofMinSize(1).ofMaxSize(12);
    }

    Arbitrary<String> envelope() {
        Arbitrary<String> v = hostile();
        Arbitrary<String> values = Combinators.combine(List.of(v, v, v, v, v, v, v, v)).as(l -> String.join("\u0001", l));
        Arbitrary<String> shape = Arbitraries.of("event", "order", "rejection", "envelope-in-array", "scalar");
        return Combinators.combine(shape, values, Arbitraries.integers().between(0, 7)).as((kind, joined, where) -> {
            String[] x = joined.split("\u0001", -1);
            String id = "\"h" + (++records) + "\"";
            return switch (kind) {
                case "event" -> "{\"kind\":\"event\",\"message_id\":" + (where == 0 ? x[0] : id) + ",\"type\":\"track\","
                        + "\"event\":" + x[1] + ",\"timestamp\":" + (where == 1 ? x[2] : "\"2030-01-01T08:00:00.000000Z\"")
                        + ",\"received_at\":" + x[3] + ",\"user_id\":" + x[4] + ",\"anonymous_id\":" + x[5]
                        + ",\"page_title\":" + x[6] + ",\"properties\":{\"price\":" + x[7] + ",\"revenue\":" + x[2]
                        + ",\"product_id\":" + x[3] + ",\"order_id\":" + x[4] + "},\"context\":" + (where == 2 ? x[5] : "{}")
                        + ",\"traits\":" + x[6] + "}";
                case "order" -> "{\"kind\":\"event\",\"message_id\":" + id + ",\"type\":\"track\",\"event\":\"Order Completed\","
                        + "\"timestamp\":\"2030-01-01T08:00:00.000000Z\",\"anonymous_id\":\"a1\",\"properties\":{\"revenue\":"
                        + x[0] + ",\"products\":" + (where == 3 ? x[1] : "[{\"product_id\":" + x[1] + ",\"price\":" + x[2]
                        + ",\"quantity\":" + x[3] + ",\"category\":" + x[4] + ",\"brand\":" + x[5] + "}," + x[6] + "]") + "}}";
                case "rejection" -> "{\"kind\":\"rejection\",\"source\":" + x[0] + ",\"reason\":" + x[1] + ",\"received_at\":"
                        + x[2] + ",\"message_id\":" + x[3] + ",\"raw\":" + x[4] + "}";
                case "envelope-in-array" -> "[{\"kind\":\"event\",\"message_id\":" + id + "}," + x[0] + "]";
                default -> x[0];
            };
        });
    }

    @Property(tries = 20)
    void noValueFailsAModelRun(@ForAll("envelopes") List<String> envelopes, @ForAll("hostile") String notJson) {
        if (warehouse == null) warehouse = new ModelHarness();
        List<ModelHarness.Raw> raw = new java.util.ArrayList<>(envelopes.stream().map(e -> new ModelHarness.Raw(e, null)).toList());
        raw.add(new ModelHarness.Raw(null, notJson));
        warehouse.refreshRaw(raw);
        List<ModelRunner.Outcome> outcomes = warehouse.runner().run(null, false);
        assertThat(outcomes).hasSizeGreaterThan(1)
                .allSatisfy(o -> assertThat(o.status()).as(o.model() + ": " + o.error()).isIn("succeeded", "up_to_date"));
        // a text column takes a JSON string only: an object, array, number or boolean stages as NULL, as Redshift's
        // ::VARCHAR makes an object or array NULL (limitations-super.html)
        for (String envelope : envelopes) {
            JsonNode e;
            try {
                e = JSON.readTree(envelope);
            } catch (RuntimeException unreadable) {
                continue;
            }
            String id = e.path("message_id").isString() ? e.path("message_id").stringValue() : "";
            if (!e.path("kind").asString("").equals("event") || !id.matches("h[0-9]+")) continue;
            List<List<String>> staged = warehouse.rows("SELECT event, user_id, anonymous_id, page_title FROM clickstream.stg_events"
                    + " WHERE message_id = '" + id + "'");
            if (staged.size() != 1) continue; // a rejection (no valid timestamp), or an id a hostile value happened to repeat
            List<String> fields = List.of("event", "user_id", "anonymous_id", "page_title");
            for (int i = 0; i < fields.size(); i++) {
                JsonNode v = e.path(fields.get(i));
                if (!v.isMissingNode() && !v.isString()) {
                    assertThat(staged.get(0).get(i)).as(fields.get(i) + " of " + envelope).isNull();
                }
            }
        }
    }

    private static final tools.jackson.databind.ObjectMapper JSON = new tools.jackson.databind.ObjectMapper();

    /**
     * Redshift compares VARCHAR ignoring trailing blanks (r_Character_types.html) and PostgreSQL does not: staging trims
     * them, so on PostgreSQL too 'x' and 'x ' are one message id, one source, one device and one user. And a text field
     * holds a JSON string only, as Redshift's ::VARCHAR makes an object or an array NULL.
     */
    @Test
    void trailingBlanksAreInsignificantAndOnlyStringsAreText() {
        try (ModelHarness w = new ModelHarness()) {
            w.refresh(ModelHarness.event("m1", "page", null, null, "a1", "2030-01-01T10:00:00.000000Z", ""),
                    ModelHarness.event("m1 ", "page", null, null, "a1 ", "2030-01-01T10:00:05.000000Z", "\"source\":\"web \""),
                    ModelHarness.event("m2", "identify", null, "u1  ", "a1  ", "2030-01-01T10:01:00.000000Z", ""),
                    ModelHarness.event("m3", "track", "Order Completed", "u1", null, "2030-01-01T10:02:00.000000Z",
                            "\"properties\":{\"order_id\":7,\"products\":[{\"product_id\":\"p1 \",\"price\":1}]}"),
                    "{\"kind\":\"event\",\"source\":\"web\",\"message_id\":\"m4\",\"type\":\"track\",\"event\":[\"E\"],\"user_id\":42,"
                            + "\"anonymous_id\":\"a2\",\"page_title\":{\"t\":1},\"ip\":true,\"timestamp\":\"2030-01-01T10:03:00.000000Z\"}");
            w.run();
            assertThat(w.rows("SELECT source, message_id, anonymous_id, user_key FROM clickstream.events ORDER BY message_id"))
                    .containsExactly(Arrays.asList("web", "m1", "a1", "u1"), Arrays.asList("web", "m2", "a1", "u1"),
                            Arrays.asList("web", "m3", null, "u1"), Arrays.asList("web", "m4", "a2", "a2"));
            assertThat(w.rows("SELECT anonymous_id, user_id FROM clickstream.identity_map")).containsExactly(List.of("a1", "u1"));
            assertThat(w.rows("SELECT user_key, events FROM clickstream.sessions WHERE anonymous_id = 'a1'"))
                    .containsExactly(List.of("u1", "2"));
            assertThat(w.rows("SELECT message_id, product_id FROM clickstream.order_items")).containsExactly(List.of("m3", "p1"));
            assertThat(w.rows("SELECT order_id FROM clickstream.events WHERE message_id = 'm3'")).containsExactly(List.of("7"));
            assertThat(w.rows("SELECT event, user_id, page_title, ip FROM clickstream.events WHERE message_id = 'm4'"))
                    .containsExactly(Arrays.asList(null, null, null, null));
        }
    }

    @Test
    void aFourHundredDigitPriceIsNullWithAWarningAndTheRunGoesOn() {
        try (ModelHarness w = new ModelHarness()) {
            w.refresh("{\"kind\":\"event\",\"message_id\":\"p1\",\"type\":\"track\",\"event\":\"Order Completed\","
                    + "\"source\":\"web\",\"anonymous_id\":\"a1\",\"timestamp\":\"2030-01-01T08:00:00.000000Z\","
                    + "\"received_at\":\"2030-13-01T08:00:00Z\",\"properties\":{\"price\":1" + "0".repeat(400)
                    + ",\"revenue\":19.99,\"products\":[{\"price\":\"free\",\"quantity\":2}]}}");
            w.run();
            assertThat(w.rows("SELECT price, revenue, received_at, load_warnings FROM clickstream.events"))
                    .containsExactly(Arrays.asList(null, "19.99", null, "received_at:invalid_timestamp,price:invalid_number"));
            assertThat(w.rows("SELECT price, quantity, load_warnings FROM clickstream.order_items"))
                    .containsExactly(Arrays.asList(null, "2", "price:invalid_number"));
            assertThat(w.rows("SELECT revenue FROM clickstream.sessions")).containsExactly(List.of("19.99"));
        }
    }

    @Test
    void aRecordWithoutAValidEventTimeIsARejection() {
        try (ModelHarness w = new ModelHarness()) {
            w.refresh(event("t1", "\"2030-02-30T08:00:00Z\""), event("t2", "\"+275760-09-13T00:00:00Z\""),
                    event("t3", "1700000000"), event("t4", "\"2032-02-29T23:59:59.999999Z\""),
                    event("t5", "\"2030-01-01T10:00:00.123456789Z\"")); // Instant.toString() of a nanosecond clock
            w.run();
            assertThat(w.rows("SELECT message_id, event_ts FROM clickstream.events ORDER BY message_id"))
                    .containsExactly(List.of("t4", "2032-02-29 23:59:59.999999"), List.of("t5", "2030-01-01 10:00:00.123457"));
            assertThat(w.rows("SELECT message_id, reason FROM clickstream.rejected_events ORDER BY message_id")).containsExactly(
                    List.of("t1", "not_an_envelope"), List.of("t2", "not_an_envelope"), List.of("t3", "not_an_envelope"));
        }
    }

    private static String event(String id, String timestamp) {
        return "{\"kind\":\"event\",\"message_id\":" + json(id) + ",\"type\":\"page\",\"anonymous_id\":\"a\",\"timestamp\":"
                + timestamp + "}";
    }
}
