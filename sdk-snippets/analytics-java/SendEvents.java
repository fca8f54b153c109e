// analytics-java pointed at a clickstream collector: one of each call, then flush and wait for delivery.
// Run it: mvn -q compile exec:java (with the pom.xml beside it), or java -cp <the SDK's jars> SendEvents.java
import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.AliasMessage;
import com.segment.analytics.messages.GroupMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.ScreenMessage;
import com.segment.analytics.messages.TrackMessage;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

public class SendEvents {
    public static void main(String[] args) throws InterruptedException {
        String collectorUrl = requireEnv("COLLECTOR_URL");  // e.g. https://collector.example.com
        String writeKey = requireEnv("SEGMENT_WRITE_KEY");  // a source's write key on that collector

        CountDownLatch done = new CountDownLatch(6);
        AtomicInteger failed = new AtomicInteger();
        Analytics analytics = Analytics.builder(writeKey)
                .endpoint(collectorUrl) // the only change from Segment: batches go to {collectorUrl}/v1/import/
                .callback(new Callback() {
                    @Override
                    public void success(Message message) {
                        System.out.println("sent " + message.type() + " " + message.messageId());
                        done.countDown();
                    }

                    @Override
                    public void failure(Message message, Throwable error) {
                        System.err.println("failed " + message.type() + " " + message.messageId() + ": " + error);
                        failed.incrementAndGet();
                        done.countDown();
                    }
                })
                .build();

        analytics.enqueue(IdentifyMessage.builder().userId("user-123")
                .traits(Map.of("name", "Jane Doe", "email", "jane@example.com", "plan", "pro")));
        analytics.enqueue(TrackMessage.builder("Order Completed").userId("user-123")
                .properties(Map.of("order_id", "order-1001", "revenue", 99.5, "currency", "USD")));
        analytics.enqueue(PageMessage.builder("Pricing").userId("user-123")
                .properties(Map.of("url", "https://www.example.com/pricing")));
        analytics.enqueue(ScreenMessage.builder("Home").userId("user-123"));
        analytics.enqueue(GroupMessage.builder("company-42").userId("user-123")
                .traits(Map.of("name", "Example Inc", "employees", 42)));
        analytics.enqueue(AliasMessage.builder("anon-7f3e").userId("user-123"));

        analytics.flush(); // send now instead of at the next 10 s tick, then wait for the collector's answers
        boolean answered = done.await(2, TimeUnit.MINUTES); // the SDK retries failures after 15 s, 30 s and 60 s
        analytics.shutdown();
        if (!answered || failed.get() > 0) System.exit(1);
    }

    private static String requireEnv(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) throw new IllegalStateException("set " + name);
        return value;
    }
}
