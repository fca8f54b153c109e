package dev.clickstream.collector.sink.postgres;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes rows for {@code COPY … FROM STDIN (FORMAT csv)} into a plain growable buffer (no per-byte locking).
 * Text fields are quoted with doubled quotes, which is safe inside UTF-8 because no multi-byte sequence contains the
 * quote byte. Runs without quotes are copied in bulk.
 */
final class CopyEncoder {
    private static final byte QUOTE = '"';
    private static final byte[] REPLACEMENT = "ufffd".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;

    CopyEncoder(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    /** The part of a row that does not depend on the commit: {@code "partition_key",shard,"payload"\n}. */
    static byte[] rowSuffix(String partitionKey, String shardId, byte[] jsonPayload) {
        CopyEncoder e = new CopyEncoder(jsonPayload.length + partitionKey.length() + 64);
        e.quoted(partitionKey.getBytes(StandardCharsets.UTF_8), false);
        e.put((byte) ',');
        e.put(shardId.getBytes(StandardCharsets.US_ASCII));
        e.put((byte) ',');
        e.quoted(jsonPayload, true);
        e.put((byte) '\n');
        return e.toBytes();
    }

    void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    /**
     * A JSON document for a jsonb column additionally has {@code \u0000} replaced by {@code \ufffd}: PostgreSQL's jsonb
     * refuses that escape, which JSON allows, and one such event must not fail the whole group commit.
     */
    private void quoted(byte[] bytes, boolean json) {
        ensure(bytes.length + 2);
        buf[len++] = QUOTE;
        int runStart = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == QUOTE) {
                copy(bytes, runStart, i + 1);
                put(QUOTE);
                runStart = i + 1;
            } else if (json && b == '\\') {
                if (i + 1 < bytes.length && bytes[i + 1] == '\\') {
                    i++; // an escaped backslash: its second byte must not start an escape of its own
                } else if (isNulEscape(bytes, i)) {
                    copy(bytes, runStart, i + 1);
                    put(REPLACEMENT);
                    i += 5;
                    runStart = i + 1;
                }
            }
        }
        copy(bytes, runStart, bytes.length);
        put(QUOTE);
    }

    private void copy(byte[] src, int from, int to) {
        int n = to - from;
        if (n <= 0) return;
        ensure(n);
        System.arraycopy(src, from, buf, len, n);
        len += n;
    }

    private static boolean isNulEscape(byte[] b, int backslash) {
        return backslash + 5 < b.length && b[backslash + 1] == 'u' && b[backslash + 2] == '0' && b[backslash + 3] == '0'
                && b[backslash + 4] == '0' && b[backslash + 5] == '0';
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }

    byte[] toBytes() {
        return Arrays.copyOf(buf, len);
    }

    byte[] buffer() {
        return buf;
    }

    int size() {
        return len;
    }
}
