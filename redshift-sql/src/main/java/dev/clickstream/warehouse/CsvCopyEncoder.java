package dev.clickstream.warehouse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes rows for {@code COPY … FROM STDIN (FORMAT csv)} into a plain growable buffer (no per-byte locking).
 * Text fields are quoted with doubled quotes, which is safe inside UTF-8 because no multi-byte sequence contains the
 * quote byte. Runs without quotes are copied in bulk.
 */
public final class CsvCopyEncoder {
    private static final byte QUOTE = '"';
    private static final byte[] REPLACEMENT = "ufffd".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;

    public CsvCopyEncoder(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    /** The part of a row that does not depend on the commit: {@code "partition_key",shard,"payload"\n}. */
    public static byte[] rowSuffix(String partitionKey, String shardId, byte[] jsonPayload) {
        CsvCopyEncoder e = new CsvCopyEncoder(jsonPayload.length + partitionKey.length() + 64);
        e.quoted(partitionKey.getBytes(StandardCharsets.UTF_8), false);
        e.put((byte) ',');
        e.put(shardId.getBytes(StandardCharsets.US_ASCII));
        e.put((byte) ',');
        e.quoted(jsonPayload, true);
        e.put((byte) '\n');
        return e.toBytes();
    }

    /** A quoted text field (an empty quoted string stays an empty string, not NULL). */
    public void text(String value) {
        quoted(value.getBytes(StandardCharsets.UTF_8), false);
    }

    /** A quoted JSON document for a jsonb column. */
    public void json(byte[] document) {
        quoted(document, true);
    }

    /** An unquoted empty field, which COPY's csv format reads as NULL. */
    public void nullField() {
        // nothing between the separators
    }

    public void ascii(String value) {
        put(value.getBytes(StandardCharsets.US_ASCII));
    }

    public void separator() {
        put((byte) ',');
    }

    public void endRow() {
        put((byte) '\n');
    }

    public void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    public void put(byte[] bytes) {
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

    public byte[] toBytes() {
        return Arrays.copyOf(buf, len);
    }

    public byte[] buffer() {
        return buf;
    }

    public int size() {
        return len;
    }
}
