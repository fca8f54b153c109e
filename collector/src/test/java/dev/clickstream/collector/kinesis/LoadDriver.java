package dev.clickstream.collector.kinesis;

import dev.clickstream.collector.testing.CollectorHarness;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.clickstream.collector.testing.CollectorHarness.KEY;
import static dev.clickstream.collector.testing.CollectorHarness.basic;

/** Client threads posting 10-event batches until stopped (or a request cap), recording every answer with its times. */
final class LoadDriver implements AutoCloseable {
    record Answer(long startedNanos, long endedNanos, int status, boolean retryAfter) {}

    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final List<Answer> answers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    LoadDriver(CollectorHarness c, int clients, int maxRequestsPerClient) {
        this(c, clients, maxRequestsPerClient, 0);
    }

    /** @param padBytes extra bytes of property text per event, to make requests heavy */
    LoadDriver(CollectorHarness c, int clients, int maxRequestsPerClient, int padBytes) {
        String pad = padBytes == 0 ? "" : ",\"properties\":{\"pad\":\"" + "p".repeat(padBytes) + "\"}";
        for (int t = 0; t < clients; t++) {
            int client = t;
            Thread th = new Thread(() -> {
                for (int i = 0; i < maxRequestsPerClient && !stop.get(); i++) {
                    List<String> ids = new ArrayList<>();
                    StringBuilder b = new StringBuilder("{\"batch\":[");
                    for (int k = 0; k < 10; k++) {
                        String id = "f-" + client + "-" + i + "-" + k;
                        ids.add(id);
                        b.append(k == 0 ? "" : ",").append("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"")
                                .append(id).append('"').append(pad).append('}');
                    }
                    long started = System.nanoTime();
                    HttpResponse<String> r = c.post("/v1/batch", b.append("]}").toString(), "Authorization", basic(KEY));
                    answers.add(new Answer(started, System.nanoTime(), r.statusCode(), r.headers().firstValue("Retry-After").isPresent()));
                    if (r.statusCode() == 200) acknowledged.addAll(ids);
                }
            }, "load-" + t);
            th.start();
            threads.add(th);
        }
    }

    long count(int status) {
        return answers.stream().filter(a -> a.status == status).count();
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) t.join();
    }
}
