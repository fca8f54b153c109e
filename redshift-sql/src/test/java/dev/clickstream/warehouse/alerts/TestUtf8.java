package dev.clickstream.warehouse.alerts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Alert text is cut by bytes on a code-point boundary, as Redshift's VARCHAR(n) counts bytes. */
class TestUtf8 {
    @Test
    void cutsByBytesNeverInsideACharacter() {
        String japanese = "ページ".repeat(200);            // 3 bytes a character
        String emoji = "a😀".repeat(300);                   // a surrogate pair, 4 bytes
        for (String s : new String[]{japanese, emoji}) {
            for (int max : new int[]{10, 11, 12, 13, 100, 1000}) {
                String cut = Utf8.cut(s, max);
                assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(max);
                assertThat(cut).endsWith("…");
                assertThat(s).startsWith(cut.substring(0, cut.length() - 1));
                assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 2))).isFalse();
            }
        }
        assertThat(Utf8.cut("short", 10)).isEqualTo("short");
    }
}
