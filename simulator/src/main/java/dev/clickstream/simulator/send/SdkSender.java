package dev.clickstream.simulator.send;

import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.AliasMessage;
import com.segment.analytics.messages.GroupMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.MessageBuilder;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.TrackMessage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code --via-sdk}: the same traffic through the real analytics-java SDK, which batches, stamps {@code sentAt} and
 * retries on its own. The SDK stamps sentAt from this machine's clock, so device clock errors cannot be reproduced
 * here; messages keep their true timestamps instead.
 *
 * <p>The SDK sends every device's messages in shared batches from this one machine and sets no request headers per
 * message, so the collector observes one address (request_ip) for all of them: the traffic of a backend that
 * relays for its users. As such a backend should, each message carries its device's address in {@code context.ip}
 * (the collector's {@code ip}), which the bot rules do not trust. So the address rule (ip_farm) and the ip_rate
 * alert see one address here: what {@code verify} reports for them after {@code --via-sdk} is not a measurement.
 */
public final class SdkSender implements Sender {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Analytics analytics;
    private final Semaphore acknowledged = new Semaphore(0);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final SendStats stats = new SendStats();

    public SdkSender(String collector, String writeKey) {
        this.analytics = Analytics.builder(writeKey).endpoint(collector).flushQueueSize(100)
                .flushInterval(1, TimeUnit.SECONDS)
                .callback(new Callback() {
                    @Override
                    public void success(Message message) {
                        stats.messages.incrementAndGet();
                        acknowledged.release();
                    }

                    @Override
                    public void failure(Message message, Throwable throwable) {
                        failure.compareAndSet(null, throwable);
                        acknowledged.release();
                    }
                }).build();
    }

    @Override
    public void send(List<Delivery.Item> items) {
        for (Delivery.Item item : items) analytics.enqueue(builder(item.message(), item.clockSkew(), item.address()));
        analytics.flush();
        try {
            if (!acknowledged.tryAcquire(items.size(), 10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the SDK did not deliver every message within 10 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the SDK was sending");
        }
        if (failure.get() != null) throw new IllegalStateException("the SDK gave up on a message: " + failure.get());
    }

    @SuppressWarnings("unchecked")
    private static MessageBuilder<?, ?> builder(JsonNode m, java.time.Duration skew, String address) {
        Map<String, Object> props = JSON.convertValue(m.path("properties"), Map.class);
        Map<String, Object> traits = JSON.convertValue(m.path("traits"), Map.class);
        MessageBuilder<?, ?> b = switch (m.path("type").asString()) {
            case "track" -> TrackMessage.builder(m.path("event").asString()).properties(props == null ? Map.of() : props);
            case "page" -> PageMessage.builder(m.path("name").asString()).properties(props == null ? Map.of() : props);
            case "identify" -> IdentifyMessage.builder().traits(traits == null ? Map.of() : traits);
            case "alias" -> AliasMessage.builder(m.path("previousId").asString());
            case "group" -> GroupMessage.builder(m.path("groupId").asString()).traits(traits == null ? Map.of() : traits);
            default -> throw new IllegalArgumentException("no SDK call for type " + m.path("type").asString());
        };
        b.messageId(m.path("messageId").asString());
        if (m.hasNonNull("userId")) b.userId(m.path("userId").asString());
        if (m.hasNonNull("anonymousId")) b.anonymousId(m.path("anonymousId").asString());
        Instant device = Instant.parse(m.path("timestamp").asString());
        b.timestamp(Date.from(device.minus(skew)));
        Map<String, Object> context = JSON.convertValue(m.path("context"), Map.class);
        if (address != null && !context.containsKey("ip")) context.put("ip", address);
        b.context(context);
        return b;
    }

    @Override
    public SendStats stats() {
        return stats;
    }

    @Override
    public void close() {
        analytics.flush();
        analytics.shutdown();
    }
}
