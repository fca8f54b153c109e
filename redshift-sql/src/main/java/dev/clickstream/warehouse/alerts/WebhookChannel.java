package dev.clickstream.warehouse.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * POSTs each notification as JSON to a URL, signed ({@link WebhookSignature}). A connection error, a timeout, 408,
 * 429 or a 5xx is retried with exponential backoff (doubling from {@code initialBackoff} up to {@code maxBackoff},
 * each wait drawn between half and all of it), at most {@code maxAttempts} times; any other answer is final.
 */
public final class WebhookChannel implements AlertChannel {
    public static final String ALERT_ID_HEADER = "X-Clickstream-Alert-Id";

    private final URI url;
    private final String secret;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;

    public WebhookChannel(URI url, String secret, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                          Duration timeout, Clock clock) {
        if (secret == null || secret.isEmpty()) throw new IllegalArgumentException("a webhook needs a signing secret");
        this.url = url;
        this.secret = secret;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public void send(Notification n) throws DeliveryException {
        byte[] body = n.body().getBytes(StandardCharsets.UTF_8);
        String last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) pause(attempt - 1);
            HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header(WebhookSignature.HEADER, WebhookSignature.header(secret, clock.instant(), body))
                    .header(ALERT_ID_HEADER, n.id())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 200 && status < 300) return;
                last = "HTTP " + status;
                if (status != 408 && status != 429 && status < 500) break;
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeliveryException("interrupted", e);
            }
        }
        throw new DeliveryException("webhook " + url.getHost() + ": " + last, null);
    }

    private void pause(int retry) throws DeliveryException {
        long ceiling = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(retry - 1, 20));
        long wait = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted", e);
        }
    }
}
