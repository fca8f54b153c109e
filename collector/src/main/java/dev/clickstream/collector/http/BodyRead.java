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
 */
final class BodyRead implements ReadListener {
    private final ServletInputStream in;
    private final BodyReader.Plan plan;
    private final BodyReader reader;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final AtomicBoolean done = new AtomicBoolean();
    private byte[] buf;
    private volatile int len;
    private volatile ScheduledFuture<?> deadline;

    private BodyRead(ServletInputStream in, long contentLength, BodyReader.Plan plan, BodyReader reader) {
        this.in = in;
        this.plan = plan;
        this.reader = reader;
        // small at first whatever the declared length, so headers alone never reserve a large buffer; grows with the body
        this.buf = new byte[(int) Math.min(Math.min(plan.wireLimit() + 1L, 16 * 1024), contentLength >= 0 ? contentLength + 1 : Long.MAX_VALUE)];
    }

    static CompletableFuture<byte[]> start(HttpServletRequest request, BodyReader.Plan plan, BodyReader reader) {
        ServletInputStream in;
        try {
            in = request.getInputStream();
        } catch (IOException | IllegalStateException e) {
            return CompletableFuture.failedFuture(unreadable());
        }
        BodyRead read = new BodyRead(in, request.getContentLengthLong(), plan, reader);
        read.schedule();
        try {
            in.setReadListener(read);
        } catch (IllegalStateException e) {
            read.fail(unreadable());
        }
        return read.result;
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (!done.get() && in.isReady()) {
            if (len == buf.length) {
                if (len > plan.wireLimit()) {
                    fail(BodyReader.tooLarge(plan));
                    return;
                }
                buf = Arrays.copyOf(buf, (int) Math.min(plan.wireLimit() + 1L, buf.length * 2L));
            }
            int n = in.read(buf, len, buf.length - len);
            if (n < 0) return; // onAllDataRead follows
            len += n;
            if (len > plan.wireLimit()) {
                fail(BodyReader.tooLarge(plan));
                return;
            }
        }
    }

    @Override
    public void onAllDataRead() {
        if (!done.compareAndSet(false, true)) return;
        cancelDeadline();
        result.complete(len == buf.length ? buf : Arrays.copyOf(buf, len));
    }

    @Override
    public void onError(Throwable t) {
        fail(unreadable());
    }

    private void schedule() {
        long delay = reader.deadlineNanos(startNanos, len) - System.nanoTime();
        deadline = reader.timer().schedule(this::checkDeadline, Math.max(0, delay), TimeUnit.NANOSECONDS);
    }

    private void checkDeadline() {
        if (done.get()) return;
        if (System.nanoTime() - reader.deadlineNanos(startNanos, len) >= 0) {
            fail(new ApiError(408, "body_timeout", "The request body did not arrive in time."));
        } else {
            schedule();
        }
    }

    private void fail(ApiError error) {
        if (!done.compareAndSet(false, true)) return;
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
