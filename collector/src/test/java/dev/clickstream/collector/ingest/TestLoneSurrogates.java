package dev.clickstream.collector.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The escape rewrite: unpaired surrogate escapes become \uFFFD, pairs and escaped backslashes are left alone. */
class TestLoneSurrogates {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"\\ud800\"|\"\\uFFFD\"",
            "\"a\\udc00\"|\"a\\uFFFD\"",
            "\"\\ud800x\"|\"\\uFFFDx\"",
            "\"\\uD800\\uD800\\uDC00\"|\"\\uFFFD\\uD800\\uDC00\"",
            "\"\\udc00\\ud800\"|\"\\uFFFD\\uFFFD\"",
            "\"\\ud83d\\ude00\"|\"\\ud83d\\ude00\"",
            "\"\\\\ud800\"|\"\\\\ud800\"",
            "\"\\\\\\ud800\"|\"\\\\\\uFFFD\"",
            "\"0123456789abcdef\\ud800\"|\"0123456789abcdef\\uFFFD\"",
            "\"\\u00e9\\n\\ud7ff\\ue000\"|\"\\u00e9\\n\\ud7ff\\ue000\"",
    })
    void rewrites(String in, String out) {
        byte[] bytes = in.getBytes(StandardCharsets.US_ASCII);
        boolean changed = LoneSurrogates.rewriteEscapes(bytes, 0, bytes.length);
        assertThat(new String(bytes, StandardCharsets.US_ASCII)).isEqualTo(out);
        assertThat(changed).isEqualTo(!in.equals(out));
    }

    @Test
    void aLoneHighSurrogateAtTheVeryEnd() {
        byte[] bytes = "{\"a\":\"\\ud800".getBytes(StandardCharsets.US_ASCII);
        assertThat(LoneSurrogates.rewriteEscapes(bytes, 0, bytes.length)).isTrue();
        assertThat(new String(bytes, StandardCharsets.US_ASCII)).isEqualTo("{\"a\":\"\\uFFFD");
    }
}
