package dev.clickstream.benchmark.locust;

import com.github.myzhan.locust4j.AbstractTask;
import com.github.myzhan.locust4j.Locust;
import dev.clickstream.benchmark.load.Scenario;
import dev.clickstream.benchmark.load.WriteKeys;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One locust4j task per request shape: single track, batch of 20, batch of 100, gzipped batch of 100, and an
 * identify/page mix. Each execution sends one request and reports it to Locust under the scenario's name.
 */
public final class CollectorTask extends AbstractTask {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Scenario scenario;
    private final int weight;
    private final URI base;
    private final String authorization;
    private final List<Scenario.Body> bodies;
    private final AtomicLong next = new AtomicLong();

    public CollectorTask(Scenario scenario, int weight, URI base, String writeKey) {
        this.scenario = scenario;
        this.weight = weight;
        this.base = base;
        this.authorization = WriteKeys.basic(writeKey);
        this.bodies = scenario.bodies(scenario.ordinal());
    }

    public static List<AbstractTask> all(URI base, String writeKey) {
        return List.of(new CollectorTask(Scenario.SINGLE, 40, base, writeKey),
                new CollectorTask(Scenario.BATCH20, 20, base, writeKey),
                new CollectorTask(Scenario.BATCH100, 15, base, writeKey),
                new CollectorTask(Scenario.GZIP_BATCH100, 10, base, writeKey),
                new CollectorTask(Scenario.IDENTIFY_PAGE, 15, base, writeKey));
    }

    @Override
    public int getWeight() {
        return weight;
    }

    @Override
    public String getName() {
        return scenario.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void execute() {
        Scenario.Body body = bodies.get((int) (next.getAndIncrement() % bodies.size()));
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(body.path())).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
        if (body.gzip()) request.header("Content-Encoding", "gzip");
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (response.statusCode() == 200) {
                Locust.getInstance().recordSuccess("POST", getName(), millis, response.body().length);
            } else {
                Locust.getInstance().recordFailure("POST", getName(), millis, "HTTP " + response.statusCode());
            }
        } catch (java.io.IOException e) {
            Locust.getInstance().recordFailure("POST", getName(), (System.nanoTime() - start) / 1_000_000, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
