package dev.clickstream.collector.http;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a request body with bounded memory: at most {@code rawLimit} bytes from the wire, then, for
 * {@code Content-Encoding: gzip}, at most {@code inflatedLimit} bytes of inflated output. A gzip bomb
 * stops at the limit instead of filling the heap. Works for chunked uploads with no Content-Length.
 */
public final class BodyReader {
    private final int rawLimit;

    public BodyReader(int rawLimit) {
        this.rawLimit = rawLimit;
    }

    /**
     * @param inflatedLimit the size limit after decompression for this endpoint
     * @param tooLargeCode  error code when the inflated body exceeds that limit
     */
    public byte[] read(InputStream in, String contentEncoding, int inflatedLimit, String tooLargeCode) {
        byte[] raw;
        try {
            raw = readAtMost(in, rawLimit, "body_too_large", "The request body exceeds " + rawLimit + " bytes.");
        } catch (IOException e) {
            throw ApiError.badRequest("unreadable_body", "The request body could not be read.");
        }
        String encoding = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        switch (encoding) {
            case "":
            case "identity":
                if (raw.length > inflatedLimit) {
                    throw ApiError.badRequest(tooLargeCode, "The request body exceeds " + inflatedLimit + " bytes.");
                }
                return raw;
            case "gzip":
            case "x-gzip":
                return gunzip(raw, inflatedLimit, tooLargeCode);
            default:
                throw ApiError.badRequest("unsupported_encoding", "Content-Encoding '" + encoding + "' is not supported; use gzip or none.");
        }
    }

    private static byte[] gunzip(byte[] raw, int limit, String tooLargeCode) {
        try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            return readAtMost(gz, limit, tooLargeCode, "The request body exceeds " + limit + " bytes after decompression.");
        } catch (EOFException e) {
            throw ApiError.badRequest("invalid_gzip", "The gzip body is truncated.");
        } catch (ZipException e) {
            throw ApiError.badRequest("invalid_gzip", "The body is not valid gzip.");
        } catch (IOException e) {
            throw ApiError.badRequest("invalid_gzip", "The gzip body could not be read.");
        }
    }

    private static byte[] readAtMost(InputStream in, int limit, String code, String message) throws IOException {
        byte[] buf = new byte[Math.min(limit + 1, 16 * 1024)];
        int len = 0;
        while (true) {
            if (len == buf.length) {
                if (len > limit) throw ApiError.badRequest(code, message);
                buf = Arrays.copyOf(buf, Math.min(limit + 1, buf.length * 2));
            }
            int n = in.read(buf, len, buf.length - len);
            if (n < 0) break;
            len += n;
            if (len > limit) throw ApiError.badRequest(code, message);
        }
        return len == buf.length ? buf : Arrays.copyOf(buf, len);
    }
}
