package dev.clickstream.collector;

import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.AliasMessage;
import com.segment.analytics.messages.GroupMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.ScreenMessage;
import com.segment.analytics.messages.TrackMessage;
import dev.clickstream.collector.testing.CollectorHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The real analytics-java 3.5.4 SDK, unmodified except for its endpoint, sends all six calls. */
class TestSegmentJavaSdk {
    @RegisterExtension
    static final CollectorHarness c = CollectorHarness.perClass();

    @Test
    void everyCallLandsExactlyOnceWithCorrectEnvelopeFields() {
        List<String> ok = new CopyOnWriteArrayList<>();
        List<Throwable> failed = new CopyOnWriteArrayList<>();
        Analytics analytics = Analytics.builder("wk_java_test")
                .endpoint(c.baseUrl())
                .flushInterval(1, TimeUnit.SECONDS)
                .callback(new Callback() {
                    @Override public void success(Message message) { ok.add(message.messageId()); }
                    @Override public void failure(Message message, Throwable throwable) { failed.add(throwable); }
                })
                .build();
        Date historical = new Date(1_600_000_000_000L);
        analytics.enqueue(IdentifyMessage.builder().userId("user-1").messageId("sdk-identify")
                .traits(Map.of("email", "a@example.com")));
        analytics.enqueue(TrackMessage.builder("Order Completed").userId("user-1").messageId("sdk-track")
                .properties(Map.of("revenue", 14.99)));
        analytics.enqueue(PageMessage.builder("Home").userId("user-1").messageId("sdk-page")
                .properties(Map.of("url", "https://example.com/?utm_source=news")));
        analytics.enqueue(ScreenMessage.builder("Main").anonymousId("anon-1").messageId("sdk-screen"));
        analytics.enqueue(GroupMessage.builder("group-1").userId("user-1").messageId("sdk-group"));
        analytics.enqueue(AliasMessage.builder("anon-1").userId("user-1").messageId("sdk-alias"));
        analytics.enqueue(TrackMessage.builder("Historical Event").userId("user-1").messageId("sdk-historical")
                .timestamp(historical));
        analytics.flush();

        await().atMost(Duration.ofSeconds(30)).until(() -> ok.size() == 7);
        analytics.shutdown();
        assertThat(failed).isEmpty();

        assertThat(c.count("payload->>'message_id' LIKE 'sdk-%'")).isEqualTo(7);
        JsonNode track = c.event("sdk-track");
        assertThat(track.path("source").asString()).isEqualTo("java");
        assertThat(track.path("library_name").asString()).isEqualTo("analytics-java");
        assertThat(track.path("library_version").asString()).isEqualTo("3.5.4");
        assertThat(track.path("context").path("library").path("name").asString()).isEqualTo("analytics-java");
        assertThat(track.path("properties").path("revenue").asDouble()).isEqualTo(14.99);
        assertThat(track.path("sent_at").isString()).isTrue();

        assertThat(c.event("sdk-identify").path("traits").path("email").asString()).isEqualTo("a@example.com");
        assertThat(c.event("sdk-page").path("name").asString()).isEqualTo("Home");
        assertThat(c.event("sdk-page").path("page_url").asString()).isEqualTo("https://example.com/?utm_source=news");
        assertThat(c.event("sdk-page").path("utm_source").asString()).isEqualTo("news");
        assertThat(c.event("sdk-screen").path("anonymous_id").asString()).isEqualTo("anon-1");
        assertThat(c.event("sdk-group").path("group_id").asString()).isEqualTo("group-1");
        assertThat(c.event("sdk-alias").path("previous_id").asString()).isEqualTo("anon-1");
        JsonNode old = c.event("sdk-historical");
        assertThat(old.path("original_timestamp").asString()).isEqualTo("2020-09-13T12:26:40.000000Z");
        // skew correction keeps the event six years back, relative to the server clock
        assertThat(old.path("timestamp").asString()).startsWith("2020-09-13");
    }
}
