package dev.clickstream.collector.http;

import jakarta.servlet.http.HttpServletRequest;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads request bodies with bounded memory and bounded time, without holding a thread while the client sends.
 * <ul>
 *   <li>{@link #plan} decides from the headers alone what the body may be, and refuses at once what it cannot be: an
 *   unknown Content-Encoding, a Content-Length above the endpoint's wire limit.</li>
 *   <li>{@link #read} receives at most that many bytes from the wire, through the servlet's non-blocking input
 *   ({@link BodyRead}), within {@code body-timeout} plus one second per {@code min-rate} bytes received.</li>
 *   <li>{@link #decode} inflates {@code Content-Encoding: gzip} to at most the endpoint's limit, so a gzip bomb
 *   stops at the limit instead of filling the heap. Chunked uploads with no Content-Length work the same way.</li>
 * </ul>
 */
public final class BodyReader implements AutoCloseable {
    /** Deflate adds 5 bytes per 64 KiB stored block to incompressible data, gzip 18 bytes of framing; this covers both. */
    private static final int GZIP_OVERHEAD = 1024;

    private static final Duration DRAIN_GRACE = Duration.ofSeconds(1);

    private final int rawLimit;
    private final Duration baseTimeout;
    private final int minBytesPerSecond;
    private final ScheduledThreadPoolExecutor timer;

    /** What a request may send, decided from its headers before one byte of its body is read. */
    public record Plan(boolean gzip, int wireLimit, String wireCode, int inflatedLimit, String tooLargeCode) {}

    /**
     * @param rawLimit          largest body on the wire, for any endpoint ({@code limits.raw-body-bytes})
     * @param baseTimeout       time any body may take ({@code http.body-timeout-ms})
     * @param minBytesPerSecond bytes that earn one more second ({@code http.body-min-rate}); 0 for none
     */
    public BodyReader(int rawLimit, Duration baseTimeout, int minBytesPerSecond) {
        this.rawLimit = rawLimit;
        this.baseTimeout = baseTimeout;
        this.minBytesPerSecond = minBytesPerSecond;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "body-deadlines");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * @param contentLength  the request's Content-Length, or -1 when chunked
     * @param inflatedLimit  the endpoint's own limit, after decompression
     * @param tooLargeCode   the endpoint's error code for a body over that limit
     * @throws ApiError 400 {@code unsupported_encoding}, or the size code when Content-Length is already too large
     */
    public Plan plan(String contentEncoding, long contentLength, int inflatedLimit, String tooLargeCode) {
        String encoding = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        Plan plan = switch (encoding) {
            case "", "identity" -> new Plan(false, Math.min(rawLimit, inflatedLimit), tooLargeCode, inflatedLimit, tooLargeCode);
            case "gzip", "x-gzip" -> new Plan(true, (int) Math.min(rawLimit, (long) inflatedLimit + inflatedLimit / 1024 + GZIP_OVERHEAD),
                    "body_too_large", inflatedLimit, tooLargeCode);
            default -> throw ApiError.badRequest("unsupported_encoding",
                    "Content-Encoding '" + (encoding.length() > 40 ? encoding.substring(0, 40) + "…" : encoding)
                            + "' is not supported; use gzip or none.");
        };
        if (contentLength > plan.wireLimit()) throw tooLarge(plan);
        return plan;
    }

    /** The raw body, completed when it has arrived, or exceptionally with an {@link ApiError}. Needs async started. */
    public CompletableFuture<byte[]> read(HttpServletRequest request, Plan plan) {
        return BodyRead.start(request, plan, this);
    }

    /**
     * Reads and drops the body of a request refused before its body was read, then fails with {@code refusal}, so the
     * client, perhaps still sending, reads the answer rather than a reset. With {@code closing} (the collector is
     * shutting down) nothing is read: the answer goes out at once and the connection closes. Needs async started.
     */
    public CompletableFuture<byte[]> drain(HttpServletRequest request, ApiError refusal, boolean closing) {
        return BodyRead.drain(request, refusal, closing, this);
    }

    /** The body the endpoint parses: the raw bytes, or their inflated form. */
    public byte[] decode(byte[] raw, Plan plan) {
        if (!plan.gzip()) return raw;
        try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            return readAtMost(gz, plan.inflatedLimit(), plan.tooLargeCode(),
                    "The request body exceeds " + plan.inflatedLimit() + " bytes after decompression.");
        } catch (EOFException e) {
            throw ApiError.badRequest("invalid_gzip", "The gzip body is truncated.");
        } catch (ZipException e) {
            throw ApiError.badRequest("invalid_gzip", "The body is not valid gzip.");
        } catch (IOException e) {
            throw ApiError.badRequest("invalid_gzip", "The gzip body could not be read.");
        }
    }

    static ApiError tooLarge(Plan plan) {
        return ApiError.badRequest(plan.wireCode(), "The request body exceeds " + plan.wireLimit() + " bytes"
                + (plan.gzip() ? " on the wire." : "."));
    }

    /** When a body that has received {@code received} bytes since {@code startNanos} runs out of time. */
    long deadlineNanos(long startNanos, long received) {
        long earned = minBytesPerSecond == 0 ? 0 : received * 1_000_000_000L / minBytesPerSecond;
        return startNanos + baseTimeout.toNanos() + earned;
    }

    /**
     * When dropping a refused body, started at {@code startNanos}, runs out of time: one second (at most
     * {@code body-timeout}) plus the time {@code dropped} bytes earn at {@code min-rate}. A client with its body ready
     * sends it well within that; one that declared a body it is not sending gets its answer with the connection closed.
     */
    long drainDeadlineNanos(long startNanos, long dropped) {
        long earned = minBytesPerSecond == 0 ? 0 : dropped * 1_000_000_000L / minBytesPerSecond;
        return startNanos + Math.min(baseTimeout.toNanos(), DRAIN_GRACE.toNanos()) + earned;
    }

    int rawLimit() {
        return rawLimit;
    }

    ScheduledThreadPoolExecutor timer() {
        return timer;
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

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
