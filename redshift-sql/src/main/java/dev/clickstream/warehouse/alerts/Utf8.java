package dev.clickstream.warehouse.alerts;

import java.nio.charset.StandardCharsets;

/** Redshift's VARCHAR(n) holds n bytes, not characters: text bound for one is cut by its UTF-8 bytes. */
final class Utf8 {
    private Utf8() {}

    /** The longest prefix of {@code s} (whole code points) that, with "…" appended when cut, fits {@code maxBytes}. */
    static String cut(String s, int maxBytes) {
        if (s.getBytes(StandardCharsets.UTF_8).length <= maxBytes) return s;
        int budget = maxBytes - 3; // "…" is three bytes
        int bytes = 0, end = 0;
        while (end < s.length()) {
            int cp = s.codePointAt(end);
            int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + len > budget) break;
            bytes += len;
            end += Character.charCount(cp);
        }
        return s.substring(0, end) + "…";
    }
}
