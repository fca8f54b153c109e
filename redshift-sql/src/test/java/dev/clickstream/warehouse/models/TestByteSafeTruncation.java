package dev.clickstream.warehouse.models;

import dev.clickstream.warehouse.testing.ModelHarness;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redshift's VARCHAR(n) holds n bytes, and a longer value fails the whole statement; PostgreSQL's counts characters.
 * Staging cuts every text value to its column's width in bytes with SQL that means the same on both engines (LEFT in
 * characters, OCTET_LENGTH in bytes), so this runs the real staging on PostgreSQL with random multi-byte text (1 to 4
 * bytes per character, emoji, combining marks) and checks, for every value, what Redshift needs: the stored value is a
 * prefix of the sent one, ends on a character boundary, fits the width in bytes, and is the longest such prefix.
 */
class TestByteSafeTruncation {
    /** Columns of stg_events with their widths in bytes, from 16 to 2,048: one value goes into all of them. */
    static final Map<String, Integer> COLUMNS = Map.of("type", 16, "ip", 64, "request_ip", 64, "utm_source", 256,
            "page_title", 1024, "page_url", 2048);
    /** Every text column staging fills from an event, and its width: another value goes into one of them. */
    static final Map<String, Integer> EVERY_COLUMN = Map.ofEntries(Map.entry("message_id", 128), Map.entry("source", 128),
            Map.entry("type", 16), Map.entry("event", 512), Map.entry("name", 512), Map.entry("user_id", 256),
            Map.entry("anonymous_id", 256), Map.entry("group_id", 256), Map.entry("previous_id", 256),
            Map.entry("page_url", 2048), Map.entry("page_path", 1024), Map.entry("page_referrer", 2048),
            Map.entry("page_title", 1024), Map.entry("ip", 64), Map.entry("request_ip", 64), Map.entry("user_agent", 1024),
            Map.entry("utm_source", 256),
            Map.entry("utm_medium", 256), Map.entry("utm_campaign", 256), Map.entry("library_name", 128),
            Map.entry("library_version", 64), Map.entry("product_id", 256), Map.entry("product_category", 256),
            Map.entry("brand", 256), Map.entry("order_id", 256));

    private static ModelHarness warehouse;
    private static int events;

    @AfterContainer
    static void close() {
        if (warehouse != null) warehouse.close();
    }

    @Provide
    Arbitrary<String> text() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0x20, 0x7e)),         // ASCII, 1 byte
                net.jqwik.api.Tuple.of(1, Arbitraries.of(0x09, 0x0a)),                          // tab, newline
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0xa0, 0x7ff)),         // Latin, Cyrillic: 2 bytes
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0x300, 0x36f)),        // combining marks: 2 bytes
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0x3040, 0x9fff)),      // kana, CJK: 3 bytes
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0xe000, 0xfffd)),      // up to the BMP's end: 3 bytes
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x1f300, 0x1faff)),    // emoji: 4 bytes
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0x20000, 0x2a6df)));   // CJK extension B: 4 bytes
        return codePoint.list().ofMaxSize(2200)
                .map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size()));
    }

    @Provide
    Arbitrary<String> column() {
        return Arbitraries.of(EVERY_COLUMN.keySet());
    }

    @Property(tries = 30)
    void everyTextValueIsTheLongestPrefixThatFitsInBytes(@ForAll("text") String a, @ForAll("text") String b,
                                                         @ForAll("column") String column) {
        if (warehouse == null) warehouse = new ModelHarness();
        // envelopes are told apart by received_at, which staging does not cut
        String first = receivedAt(++events), second = receivedAt(++events);
        StringBuilder fields = new StringBuilder();
        COLUMNS.keySet().forEach(c -> fields.append(",\"").append(c).append("\":").append(json(a)));
        warehouse.refresh(envelope(first, "\"message_id\":\"m" + events + "\"" + fields),
                envelope(second, column.equals("message_id") ? field(column, b) : "\"message_id\":\"n" + events + "\"," + field(column, b)));
        assertThat(warehouse.runner().run("staging", false)).singleElement()
                .satisfies(o -> assertThat(o.status()).as(o.error()).isEqualTo("succeeded"));
        List<String> stored = warehouse.rows("SELECT " + String.join(", ", COLUMNS.keySet())
                + " FROM clickstream.stg_events WHERE received_at = '" + first.replace('T', ' ') + "'").get(0);
        int c = 0;
        for (String name : COLUMNS.keySet()) assertLongestPrefix(name, a, stored.get(c++), COLUMNS.get(name));
        String one = warehouse.rows("SELECT " + column + " FROM clickstream.stg_events WHERE received_at = '"
                + second.replace('T', ' ') + "'").get(0).get(0);
        assertLongestPrefix(column, b, one, EVERY_COLUMN.get(column));
    }

    private static String receivedAt(int n) {
        return String.format("2030-01-01T08:00:00.%06d", n);
    }

    private static String envelope(String receivedAt, String fields) {
        return "{\"kind\":\"event\",\"timestamp\":\"2030-01-01T08:00:00.000000Z\",\"received_at\":\"" + receivedAt + "Z\","
                + fields + "}";
    }

    /** The envelope member that staging reads into the column. */
    private static String field(String column, String value) {
        return switch (column) {
            case "product_id", "brand", "order_id" -> "\"properties\":{\"" + column + "\":" + json(value) + "}";
            case "product_category" -> "\"properties\":{\"category\":" + json(value) + "}";
            default -> "\"" + column + "\":" + json(value);
        };
    }

    /**
     * The stored value is the longest prefix of whole characters that fits in {@code width} bytes, without its trailing
     * blanks (both twins RTRIM after the cut: Redshift compares VARCHAR ignoring them); empty may be stored as NULL.
     */
    static void assertLongestPrefix(String column, String sent, String stored, int width) {
        int end = 0;
        int bytes = 0;
        while (end < sent.length()) {
            int next = sent.offsetByCodePoints(end, 1);
            bytes += sent.substring(end, next).getBytes(StandardCharsets.UTF_8).length;
            if (bytes > width) break;
            end = next;
        }
        String expected = sent.substring(0, end).replaceAll(" +\\z", "");
        assertThat(stored == null ? "" : stored).as(column + ": the longest prefix of " + json(sent) + " that fits in " + width + " bytes, right-trimmed; stored "
                        + (stored == null ? "NULL" : json(stored)))
                .isEqualTo(expected);
    }

    /** A JSON string literal (escaping quotes, backslashes and control characters). */
    static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"' || ch == '\\') out.append('\\').append(ch);
            else if (ch < 0x20) out.append(String.format("\\u%04x", (int) ch));
            else out.append(ch);
        }
        return out.append('"').toString();
    }
}
