package dev.clickstream.warehouse;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** CSV rows for COPY: quotes doubled, NUL escapes replaced, everything else byte for byte. */
class TestCsvCopyEncoder {
    private static String suffix(String pk, String json) {
        return new String(CsvCopyEncoder.rowSuffix(pk, "direct", json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void quotesAreDoubledInKeyAndPayload() {
        assertThat(suffix("a\"b,c", "{\"k\":\"v\\\"w\"}")).isEqualTo("\"a\"\"b,c\",direct,\"{\"\"k\"\":\"\"v\\\"\"w\"\"}\"\n");
    }

    @Test
    void nulEscapeBecomesReplacementCharacter() {
        assertThat(suffix("k", "{\"k\":\"a\\u0000b\"}")).isEqualTo("\"k\",direct,\"{\"\"k\"\":\"\"a\\ufffdb\"\"}\"\n");
    }

    @Test
    void escapedBackslashFollowedByU0000TextIsLeftAlone() {
        // the JSON string holds a literal backslash and the text u0000: not a NUL character
        assertThat(suffix("k", "{\"k\":\"\\\\u0000\"}")).isEqualTo("\"k\",direct,\"{\"\"k\"\":\"\"\\\\u0000\"\"}\"\n");
    }

    @Test
    void multiByteUtf8PassesThrough() {
        assertThat(suffix("ü", "{\"k\":\"日本\"}")).isEqualTo("\"ü\",direct,\"{\"\"k\"\":\"\"日本\"\"}\"\n");
    }
}
