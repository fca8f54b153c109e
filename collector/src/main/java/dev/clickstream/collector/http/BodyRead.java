package dev.clickstream.collector.http;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One body received through the servlet's non-blocking input: Jetty calls back when bytes arrive, so a client that
 * sends one byte a second holds a connection and an in-flight slot, but no thread. A timer checks the deadline
 * ({@link BodyReader#deadlineNanos}), moving it on while bytes keep coming at the minimum rate, and answers
 * {@code 408 body_timeout} when it passes; the connection is then closed with the rest of the body unread.
 * <p>
 * A body refused before it has all arrived (too large, or refused from its headers) is still read to its end and
 * dropped, up to {@code limits.raw-body-bytes}, before the answer goes out: closing a connection the client is still
 * writing to resets it, the client sees a network error instead of the 400, and an SDK retries a network error
 * forever. The drop has its own short deadline ({@link BodyReader#drainDeadlineNanos}), so a client that declares a
 * body and never sends it still gets its answer soon. Past either bound, and while shutting down, the answer says
 * {@code Connection: close} ({@link #UNREAD_ATTR}) with the body unread.
 */
final class BodyRead implements ReadListener {
    /** Request attribute set when the body was left unread: the connection cannot serve another request. */
    static final String UNREAD_ATTR = "clickstream.body-unread";

    private final HttpServletRequest request;
    private final ServletInputStream in;
    private final BodyReader.Plan plan;
    private final BodyReader reader;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final AtomicBoolean done = new AtomicBoolean();
    private byte[] buf;
    private int len;
    private volatile long received;
    private volatile ApiError refusal;
    private volatile long drainStartNanos;
    private volatile long dropped;
    private volatile ScheduledFuture<?> deadline;

    private BodyRead(HttpServletRequest request, ServletInputStream in, BodyReader.Plan plan, ApiError refusal,
                     BodyReader reader) {
        this.request = request;
        this.in = in;
        this.plan = plan;
        this.refusal = refusal;
        this.drainStartNanos = startNanos;
        this.reader = reader;
        long contentLength = request.getContentLengthLong();
        int first = plan == null ? 16 * 1024 : (int) Math.min(plan.wireLimit() + 1L, 16 * 1024);
        // small at first whatever the declared length, so headers alone never reserve a large buffer; grows with the body
        this.buf = new byte[(int) Math.min(first, contentLength >= 0 ? contentLength + 1 : Long.MAX_VALUE)];
    }

    static CompletableFuture<byte[]> start(HttpServletRequest request, BodyReader.Plan plan, BodyReader reader) {
        try {
            byte[] arrived = alreadyArrived(request, plan);
            if (arrived != null) return CompletableFuture.completedFuture(arrived);
        } catch (IOException | IllegalStateException e) {
            request.setAttribute(UNREAD_ATTR, Boolean.TRUE);
            return CompletableFuture.failedFuture(unreadable());
        }
        return listen(request, plan, null, reader);
    }

    /**
     * A small body usually arrives with its headers. When the whole declared length is already buffered, it is read at
     * once: a blocking read of buffered bytes does not wait, and the request skips the read listener and the deadline
     * timer, per-request work that showed in the benchmark's small-request mix (docs/benchmarks/2026-12-01-before-after.md).
     * Anything else returns null, having read nothing.
     */
    private static byte[] alreadyArrived(HttpServletRequest request, BodyReader.Plan plan) throws IOException {
        long length = request.getContentLengthLong();
        if (length <= 0 || length > plan.wireLimit()) return null;
        ServletInputStream in = request.getInputStream();
        if (in.available() < length) return null;
        byte[] body = new byte[(int) length];
        if (in.readNBytes(body, 0, body.length) < length) throw new IOException("the body ended before its Content-Length");
        return body;
    }

    /** Reads and drops the body of a request refused from its headers, then fails with {@code refusal}. */
    static CompletableFuture<byte[]> drain(HttpServletRequest request, ApiError refusal, boolean closing, BodyReader reader) {
        long contentLength = request.getContentLengthLong();
        if (contentLength == 0) return CompletableFuture.failedFuture(refusal);
        if (contentLength > reader.rawLimit() || closing) {
            request.setAttribute(UNREAD_ATTR, Boolean.TRUE);
            return CompletableFuture.failedFuture(refusal);
        }
        return listen(request, null, refusal, reader);
    }

    private static CompletableFuture<byte[]> listen(HttpServletRequest request, BodyReader.Plan plan, ApiError refusal,
                                                    BodyReader reader) {
        ServletInputStream in;
        try {
            in = request.getInputStream();
        } catch (IOException | IllegalStateException e) {
            request.setAttribute(UNREAD_ATTR, Boolean.TRUE);
            return CompletableFuture.failedFuture(refusal != null ? refusal : unreadable());
        }
        BodyRead read = new BodyRead(request, in, plan, refusal, reader);
        read.schedule();
        try {
            in.setReadListener(read);
        } catch (IllegalStateException e) {
            read.giveUp(refusal != null ? refusal : unreadable());
        }
        return read.result;
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (!done.get() && in.isReady()) {
            if (refusal != null) {
                int n = in.read(buf, 0, buf.length);
                if (n < 0) return; // onAllDataRead follows
                received += n;
                dropped += n;
                if (received > reader.rawLimit()) giveUp(refusal);
                continue;
            }
            if (len == buf.length) buf = Arrays.copyOf(buf, (int) Math.min(plan.wireLimit() + 1L, buf.length * 2L));
            int n = in.read(buf, len, buf.length - len);
            if (n < 0) return;
            len += n;
            received += n;
            if (len > plan.wireLimit()) refuse(BodyReader.tooLarge(plan));
        }
    }

    @Override
    public void onAllDataRead() {
        if (!done.compareAndSet(false, true)) return;
        cancelDeadline();
        if (refusal != null) {
            result.completeExceptionally(refusal);
        } else {
            result.complete(len == buf.length ? buf : Arrays.copyOf(buf, len));
        }
    }

    @Override
    public void onError(Throwable t) {
        giveUp(unreadable());
    }

    /** From now on the rest of the body is read and dropped, on the drain's own deadline. */
    private void refuse(ApiError error) {
        drainStartNanos = System.nanoTime();
        refusal = error;
        cancelDeadline();
        schedule();
    }

    private long deadlineNanos() {
        return refusal != null ? reader.drainDeadlineNanos(drainStartNanos, dropped) : reader.deadlineNanos(startNanos, received);
    }

    private void schedule() {
        long delay = deadlineNanos() - System.nanoTime();
        deadline = reader.timer().schedule(this::checkDeadline, Math.max(0, delay), TimeUnit.NANOSECONDS);
    }

    private void checkDeadline() {
        if (done.get()) return;
        if (System.nanoTime() - deadlineNanos() >= 0) {
            ApiError r = refusal;
            giveUp(r != null ? r : new ApiError(408, "body_timeout", "The request body did not arrive in time."));
        } else {
            schedule();
        }
    }

    /** Fails with the rest of the body unread, so the answer closes the connection. */
    private void giveUp(ApiError error) {
        if (!done.compareAndSet(false, true)) return;
        request.setAttribute(UNREAD_ATTR, Boolean.TRUE);
        cancelDeadline();
        result.completeExceptionally(error);
    }

    private void cancelDeadline() {
        ScheduledFuture<?> d = deadline;
        if (d != null) d.cancel(false);
    }

    private static ApiError unreadable() {
        return ApiError.badRequest("unreadable_body", "The request body could not be read.");
    }
}
