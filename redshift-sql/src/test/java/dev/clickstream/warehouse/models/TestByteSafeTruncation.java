package dev.clickstream.warehouse.models;

import dev.clickstream.warehouse.testing.ModelHarness;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
    /** Columns of stg_events with their widths in bytes, from 16 to 2,048. */
    static final Map<String, Integer> COLUMNS = Map.of("type", 16, "ip", 64, "utm_source", 256, "page_title", 1024,
            "page_url", 2048);

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

    @Property(tries = 30)
    void everyTextValueIsTheLongestPrefixThatFitsInBytes(@ForAll("text") String a, @ForAll("text") String b) {
        if (warehouse == null) warehouse = new ModelHarness();
        List<String> envelopes = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (String value : List.of(a, b)) {
            String id = "m" + (++events);
            ids.add(id);
            StringBuilder fields = new StringBuilder();
            COLUMNS.keySet().forEach(c -> fields.append(",\"").append(c).append("\":").append(json(value)));
            envelopes.add("{\"kind\":\"event\",\"message_id\":\"" + id + "\",\"timestamp\":\"2030-01-01T08:00:00.000000Z\""
                    + fields + "}");
        }
        warehouse.refresh(envelopes.toArray(String[]::new));
        assertThat(warehouse.runner().run("staging", false)).singleElement()
                .satisfies(o -> assertThat(o.status()).as(o.error()).isEqualTo("succeeded"));
        for (int i = 0; i < ids.size(); i++) {
            String sent = i == 0 ? a : b;
            List<String> stored = warehouse.rows("SELECT " + String.join(", ", COLUMNS.keySet())
                    + " FROM clickstream.stg_events WHERE message_id = '" + ids.get(i) + "'").get(0);
            int c = 0;
            for (String column : COLUMNS.keySet()) {
                assertLongestPrefix(column, sent, stored.get(c++), COLUMNS.get(column));
            }
        }
    }

    static void assertLongestPrefix(String column, String sent, String stored, int width) {
        String value = stored == null ? "" : stored;
        assertThat(sent).as(column + ": a prefix").startsWith(value);
        assertThat(value.getBytes(StandardCharsets.UTF_8).length).as(column + ": fits in bytes").isLessThanOrEqualTo(width);
        int end = value.length();
        assertThat(end == 0 || !Character.isHighSurrogate(sent.charAt(end - 1))).as(column + ": a whole character").isTrue();
        if (end < sent.length()) {
            int next = sent.offsetByCodePoints(end, 1);
            assertThat(sent.substring(0, next).getBytes(StandardCharsets.UTF_8).length)
                    .as(column + ": one more character would not fit").isGreaterThan(width);
        }
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
