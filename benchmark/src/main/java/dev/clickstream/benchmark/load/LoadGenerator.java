package dev.clickstream.benchmark.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives one target with one scenario, asynchronously over Jetty's HTTP client. Two models:
 * <ul>
 *   <li><b>closed</b> ({@link #closed}): N connections, each sending its next request when the previous answer came;
 *       finds the peak throughput;</li>
 *   <li><b>open</b> ({@link #open}): requests are due at a constant rate whatever the answers do, and latency is
 *       measured from when a request was due, not from when it could be sent, so a stalled server shows up in the
 *       tail instead of hiding behind fewer requests (coordinated omission).</li>
 * </ul>
 * Both warm up first and keep only the measured phase. Latencies go into HdrHistograms (microseconds, 3 digits).
 */
public final class LoadGenerator implements AutoCloseable {
    private static final long MAX_LATENCY_US = Duration.ofMinutes(2).toNanos() / 1000;
    private static final int OPEN_MAX_IN_FLIGHT = 16_384;
    /**
     * Connections the open model may open. Requests beyond them wait in the client's queue, their latency still
     * counted from when they were due. Like a load balancer's pool in front of a collector: without a cap, every
     * hiccup makes the generator open thousands more connections, and the test measures connection churn on a
     * 2-core machine instead of the collector.
     */
    public static final int OPEN_CONNECTIONS = 256;

    private final String target;
    private final URI base;
    private final String authorization;
    private final HttpClient http;

    public LoadGenerator(String target, URI base, String writeKey) {
        this.target = target;
        this.base = base;
        this.authorization = WriteKeys.basic(writeKey);
        this.http = new HttpClient();
        QueuedThreadPool pool = new QueuedThreadPool(16, 4);
        pool.setName("loadgen");
        http.setExecutor(pool);
        http.setMaxConnectionsPerDestination(OPEN_CONNECTIONS);
        http.setMaxRequestsQueuedPerDestination(OPEN_MAX_IN_FLIGHT);
        http.setFollowRedirects(false);
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client", e);
        }
        // a 401 is a status to count, not a challenge for the client to answer
        http.getProtocolHandlers().remove(org.eclipse.jetty.client.WWWAuthenticationProtocolHandler.NAME);
    }

    private Request request(Scenario.Body body) {
        Request r = http.newRequest(base.resolve(body.path())).method(HttpMethod.POST).timeout(30, TimeUnit.SECONDS)
                .headers(h -> {
                    h.put(HttpHeader.AUTHORIZATION, authorization);
                    if (body.gzip()) h.put(HttpHeader.CONTENT_ENCODING, "gzip");
                })
                .body(new BytesRequestContent("application/json", body.bytes()));
        return r;
    }

    /** Peak throughput: {@code connections} senders back to back, for warm-up then measure. */
    public LoadResult closed(Scenario scenario, int connections, Duration warmup, Duration measure) {
        List<Scenario.Body> bodies = scenario.bodies(1);
        Recorder recorder = new Recorder(MAX_LATENCY_US, 3);
        Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        CountDownLatch done = new CountDownLatch(connections);
        AtomicLong next = new AtomicLong();
        for (int c = 0; c < connections; c++) {
            new Runnable() {
                @Override
                public void run() {
                    long start = System.nanoTime();
                    if (start >= end) {
                        done.countDown();
                        return;
                    }
                    request(bodies.get((int) (next.getAndIncrement() % bodies.size()))).send(result -> {
                        if (start >= measureFrom) record(recorder, statuses, result, start);
                        run();
                    });
                }
            }.run();
        }
        await(done, measure.plus(warmup).plusSeconds(60));
        return result(scenario, "closed, " + connections + " connections", 0, measure, recorder.getIntervalHistogram(), statuses);
    }

    /** A constant arrival rate for warm-up then measure; latency counted from each request's due time. */
    public LoadResult open(Scenario scenario, double perSecond, Duration warmup, Duration measure) {
        List<Scenario.Body> bodies = scenario.bodies(2);
        Recorder recorder = new Recorder(MAX_LATENCY_US, 3);
        Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(OPEN_MAX_IN_FLIGHT);
        long interval = (long) (1e9 / perSecond);
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        for (long i = 0; ; i++) {
            long due = start + i * interval;
            if (due >= end) break;
            long wait = due - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            inFlight.acquireUninterruptibly();
            request(bodies.get((int) (i % bodies.size()))).send(result -> {
                if (due >= measureFrom) record(recorder, statuses, result, due);
                inFlight.release();
            });
        }
        try {
            inFlight.tryAcquire(OPEN_MAX_IN_FLIGHT, 60, TimeUnit.SECONDS); // every answer in, or give up on stragglers
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return result(scenario, "open", perSecond, measure, recorder.getIntervalHistogram(), statuses);
    }

    private static void record(Recorder recorder, Map<String, LongAdder> statuses, Result result, long from) {
        recorder.recordValue(Math.min(MAX_LATENCY_US, (System.nanoTime() - from) / 1000));
        String status = result.isFailed() ? result.getFailure().getClass().getSimpleName()
                : Integer.toString(result.getResponse().getStatus());
        statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
    }

    private LoadResult result(Scenario scenario, String model, double offered, Duration measure, Histogram h,
                              Map<String, LongAdder> statuses) {
        Map<String, Long> counts = new TreeMap<>();
        statuses.forEach((k, v) -> counts.put(k, v.sum()));
        long ok = counts.getOrDefault("200", 0L);
        double seconds = measure.toNanos() / 1e9;
        return new LoadResult(target, scenario.name().toLowerCase(java.util.Locale.ROOT), model, offered, seconds,
                h.getTotalCount(), ok, h.getTotalCount() / seconds, ok * scenario.eventsPerRequest / seconds,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0, counts);
    }

    private static void await(CountDownLatch latch, Duration timeout) {
        try {
            if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) throw new IllegalStateException("load phase did not finish");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception ignored) {
            // shutting down
        }
    }
}
