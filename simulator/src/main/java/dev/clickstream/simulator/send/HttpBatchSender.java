package dev.clickstream.simulator.send;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;

/**
 * Sends like the SDKs do: {@code POST /v1/batch} with Basic auth, {@code sentAt} stamped at send time on the
 * device's clock, optional gzip, and retries with exponential backoff on 429, 5xx and broken connections.
 * Several batches are in flight at once; within the list given to {@link #send}, their order is not guaranteed.
 *
 * <p>Each message comes from its device's public address the way it reaches a collector in production: through a
 * load balancer that appends the client's address to {@code X-Forwarded-For}. So a batch holds the messages of one
 * address only (as a browser's SDK batches only its own), and carries that address in the header; a collector that
 * trusts this machine as its proxy ({@code http.trusted-proxies}, e.g. 127.0.0.1/32) records it as
 * {@code request_ip}, any other ignores the header and records this machine's address.
 */
public final class HttpBatchSender implements Sender {
    static final int MAX_ATTEMPTS = 10;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI endpoint;
    private final String authorization;
    private final int batchSize;
    private final boolean gzip;
    private final Clock clock;
    private final HttpClient http;
    private final ExecutorService pool;
    private final SendStats stats = new SendStats();

    public HttpBatchSender(URI collector, String writeKey, int batchSize, int concurrency, boolean gzip, Clock clock) {
        this.endpoint = collector.resolve("/v1/batch");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
        this.batchSize = batchSize;
        this.gzip = gzip;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.pool = Executors.newFixedThreadPool(concurrency);
    }

    @Override
    public void send(List<Delivery.Item> items) {
        Map<String, List<Delivery.Item>> byAddress = new LinkedHashMap<>();
        for (Delivery.Item item : items) {
            byAddress.computeIfAbsent(item.address() == null ? "" : item.address(), a -> new ArrayList<>()).add(item);
        }
        List<Future<?>> inFlight = new ArrayList<>();
        for (Map.Entry<String, List<Delivery.Item>> from : byAddress.entrySet()) {
            List<Delivery.Item> sameAddress = from.getValue();
            for (int i = 0; i < sameAddress.size(); i += batchSize) {
                List<Delivery.Item> batch = sameAddress.subList(i, Math.min(sameAddress.size(), i + batchSize));
                inFlight.add(pool.submit(() -> post(batch, from.getKey())));
            }
        }
        for (Future<?> f : inFlight) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending");
            }
        }
    }

    private void post(List<Delivery.Item> batch, String address) {
        for (int attempt = 1; ; attempt++) {
            byte[] body = body(batch);
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                    .header("Authorization", authorization).header("Content-Type", "application/json");
            if (gzip) request.header("Content-Encoding", "gzip");
            if (!address.isEmpty()) request.header("X-Forwarded-For", address);
            String failure;
            try {
                stats.requests.incrementAndGet();
                HttpResponse<String> response = http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 200) {
                    stats.messages.addAndGet(batch.size());
                    return;
                }
                if (status != 429 && status < 500) {
                    throw new IllegalStateException("collector refused a batch: HTTP " + status + " " + response.body());
                }
                failure = "HTTP " + status;
            } catch (IOException e) {
                failure = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending");
            }
            if (attempt == MAX_ATTEMPTS) throw new IllegalStateException("batch not acknowledged after " + attempt + " attempts: " + failure);
            stats.retries.incrementAndGet();
            try {
                Thread.sleep(Math.min(5_000, 50L << attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while backing off");
            }
        }
    }

    /** A fresh body per attempt: like an SDK, sentAt is the device clock when this attempt leaves. */
    private byte[] body(List<Delivery.Item> batch) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode messages = root.putArray("batch");
        var now = clock.instant();
        for (Delivery.Item item : batch) {
            messages.add(item.message().deepCopy().put("sentAt", now.plus(item.clockSkew()).toString()));
        }
        byte[] json = JSON.writeValueAsBytes(root);
        if (!gzip) return json;
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 4);
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public SendStats stats() {
        return stats;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
