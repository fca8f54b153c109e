package dev.clickstream.collector.sink.postgres;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes rows for {@code COPY … FROM STDIN (FORMAT csv)}. Text fields are quoted with doubled quotes, which is
 * safe inside UTF-8 because no multi-byte sequence contains the quote byte.
 */
final class CopyEncoder {
    private static final byte QUOTE = '"';
    private static final byte[] REPLACEMENT_ESCAPE = "\\ufffd".getBytes(StandardCharsets.US_ASCII);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);

    void ascii(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    void separator() {
        out.write(',');
    }

    void endRow() {
        out.write('\n');
    }

    void quotedText(String s) {
        quoted(s.getBytes(StandardCharsets.UTF_8), false);
    }

    /**
     * A JSON document for a jsonb column. PostgreSQL's jsonb refuses the escape {@code \u0000}, which JSON allows,
     * so it becomes {@code \ufffd} (the replacement character) rather than failing every row of the commit.
     */
    void quotedJson(byte[] json) {
        quoted(json, true);
    }

    private void quoted(byte[] bytes, boolean json) {
        out.write(QUOTE);
        boolean escaped = false;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (json) {
                if (escaped) {
                    escaped = false;
                    if (b == 'u' && isNulEscape(bytes, i)) {
                        out.write(REPLACEMENT_ESCAPE, 1, REPLACEMENT_ESCAPE.length - 1);
                        i += 4;
                        continue;
                    }
                } else if (b == '\\') {
                    escaped = true;
                }
            }
            if (b == QUOTE) out.write(QUOTE);
            out.write(b);
        }
        out.write(QUOTE);
    }

    private static boolean isNulEscape(byte[] b, int u) {
        return u + 4 < b.length && b[u + 1] == '0' && b[u + 2] == '0' && b[u + 3] == '0' && b[u + 4] == '0';
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    int size() {
        return out.size();
    }
}
