package dev.clickstream.collector.ingest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 validation with the JDK's decoder set to REPORT: it refuses overlong forms ({@code C0 AF}), encoded
 * surrogates ({@code ED A0 80}) and lead bytes past U+10FFFF ({@code F5}–{@code F7}), which Jackson's own UTF-8
 * reader lets through. The decoded text goes to a small per-thread buffer that is overwritten: the body is not copied.
 */
final class StrictUtf8 {
    private static final int CHUNK_CHARS = 8 * 1024;

    private static final ThreadLocal<CharsetDecoder> DECODER = ThreadLocal.withInitial(() -> StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
    private static final ThreadLocal<CharBuffer> SCRATCH = ThreadLocal.withInitial(() -> CharBuffer.allocate(CHUNK_CHARS));

    private StrictUtf8() {}

    static boolean isValid(byte[] bytes, int offset, int length) {
        CharsetDecoder decoder = DECODER.get().reset();
        CharBuffer out = SCRATCH.get();
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        while (true) {
            out.clear();
            CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) return false;
            if (r.isUnderflow()) break;
        }
        out.clear();
        return !decoder.flush(out).isError();
    }
}
