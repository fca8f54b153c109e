package dev.clickstream.benchmark.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives one target with one scenario. Two models:
 * <ul>
 *   <li><b>closed</b> ({@link #closed}): N connections, each sending its next request when the previous answer came;
 *       finds the peak throughput;</li>
 *   <li><b>open</b> ({@link #open}): requests are due at a constant rate whatever the answers do, and latency is
 *       measured from when a request was due, not from when it could be sent, so a stalled server shows up in the
 *       tail instead of hiding behind fewer requests (coordinated omission).</li>
 * </ul>
 * Both warm up first and keep only the measured phase. Latencies go into HdrHistograms (microseconds, 3 digits).
 */
public final class LoadGenerator {
    private static final long MAX_LATENCY_US = Duration.ofMinutes(2).toNanos() / 1000;
    private static final int OPEN_MAX_IN_FLIGHT = 4096;

    private final String target;
    private final URI base;
    private final String authorization;
    private final HttpClient http;

    public LoadGenerator(String target, URI base, String writeKey) {
        this.target = target;
        this.base = base;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private HttpRequest request(Scenario.Body body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(body.path())).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
        if (body.gzip()) b.header("Content-Encoding", "gzip");
        return b.build();
    }

    /** Peak throughput: {@code connections} senders back to back, for warm-up then measure. */
    public LoadResult closed(Scenario scenario, int connections, Duration warmup, Duration measure) {
        List<Scenario.Body> bodies = scenario.bodies(1);
        Recorder recorder = new Recorder(MAX_LATENCY_US, 3);
        Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        Thread[] senders = new Thread[connections];
        for (int c = 0; c < connections; c++) {
            int offset = c;
            senders[c] = new Thread(() -> {
                long i = offset;
                while (true) {
                    long start = System.nanoTime();
                    if (start >= end) return;
                    String status = send(bodies.get((int) (i++ % bodies.size())));
                    long done = System.nanoTime();
                    if (start >= measureFrom) {
                        recorder.recordValue(Math.min(MAX_LATENCY_US, (done - start) / 1000));
                        statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
                    }
                }
            }, "closed-" + c);
            senders[c].start();
        }
        for (Thread t : senders) join(t);
        return result(scenario, "closed, " + connections + " connections", 0, measure, recorder.getIntervalHistogram(), statuses);
    }

    /** A constant arrival rate for warm-up then measure; latency counted from each request's due time. */
    public LoadResult open(Scenario scenario, double perSecond, Duration warmup, Duration measure) {
        List<Scenario.Body> bodies = scenario.bodies(2);
        Recorder recorder = new Recorder(MAX_LATENCY_US, 3);
        Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(OPEN_MAX_IN_FLIGHT);
        AtomicLong outstanding = new AtomicLong();
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
            outstanding.incrementAndGet();
            http.sendAsync(request(bodies.get((int) (i % bodies.size()))), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> {
                        if (due >= measureFrom) {
                            recorder.recordValue(Math.min(MAX_LATENCY_US, (System.nanoTime() - due) / 1000));
                            String status = error != null ? error.getClass().getSimpleName() : Integer.toString(response.statusCode());
                            statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
                        }
                        inFlight.release();
                        outstanding.decrementAndGet();
                    });
        }
        long drainUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (outstanding.get() > 0 && System.nanoTime() < drainUntil) LockSupport.parkNanos(1_000_000);
        return result(scenario, "open", perSecond, measure, recorder.getIntervalHistogram(), statuses);
    }

    private String send(Scenario.Body body) {
        try {
            return Integer.toString(http.send(request(body), HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (java.io.IOException e) {
            return e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
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

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
