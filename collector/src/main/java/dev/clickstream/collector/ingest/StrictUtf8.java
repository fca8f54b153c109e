package dev.clickstream.collector.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 validation, the well-formed byte sequences of the Unicode Standard (table 3-7): it refuses overlong
 * forms ({@code C0 AF}), encoded surrogates ({@code ED A0 80}) and lead bytes past U+10FFFF ({@code F5}–{@code FF}),
 * which Jackson's own UTF-8 reader lets through. It decides exactly what the JDK's decoder set to REPORT decides
 * (a test compares them), without decoding: ASCII is skipped eight bytes at a time and nothing is copied, which
 * matters on the request path (the JDK decoder runs byte by byte after the first non-ASCII character).
 */
final class StrictUtf8 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private StrictUtf8() {}

    static boolean isValid(byte[] b, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            while (i + 8 <= end && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) i += 8;
            if (i >= end) break;
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xff;
            int n = c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
            if (n == 0 || i + n > end) return false;
            int c1 = b[i + 1] & 0xff;
            int low = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
            int high = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
            if (c1 < low || c1 > high) return false;
            for (int k = 2; k < n; k++) {
                if ((b[i + k] & 0xC0) != 0x80) return false;
            }
            i += n;
        }
        return true;
    }
}
