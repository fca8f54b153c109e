package dev.clickstream.snippets;

import com.segment.analytics.kotlin.core.Constants;
import dev.clickstream.collector.testing.CollectorHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * analytics-kotlin/…/SendEvents.kt (compiled by the module's Kotlin plugin) run on the JVM over HTTPS: the SDK fetches
 * its settings from cdnHost, takes the collector's apiHost from them, and uploads its batch there. Were the settings
 * not served, the SDK would fall back to Segment's own host and nothing would land.
 */
class TestKotlinSnippet {
    /** The SDK keeps its queue in /tmp/analytics-kotlin/{writeKey}: a key per run keeps runs apart. */
    private static final String KEY = "wk_kotlin_" + UUID.randomUUID().toString().substring(0, 8);
    @TempDir
    static Path tmp;
    static TlsFront front;
    static CollectorHarness c;

    @BeforeAll
    static void start() {
        front = TlsFront.start(tmp);
        c = front.startCollector("kotlin=" + KEY);
    }

    @AfterAll
    static void stop() throws IOException {
        c.close();
        front.close();
        Path queue = Path.of("/tmp/analytics-kotlin", KEY);
        if (Files.exists(queue)) {
            try (Stream<Path> files = Files.walk(queue)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void everyCallLandsOnceThroughTheServedSettings() throws IOException {
        Path dir = SnippetRun.folder("analytics-kotlin");
        Matcher onClasspath = Pattern.compile("/com/segment/analytics/kotlin/core/([^/]+)/core-").matcher(SnippetRun.classpath());
        assertThat(onClasspath.find()).isTrue();
        assertThat(Files.readString(dir.resolve("build.gradle.kts")))
                .as("build.gradle.kts names the SDK this test runs")
                .contains("com.segment.analytics.kotlin:core:" + onClasspath.group(1));

        SnippetRun.Result r = SnippetRun.run(dir, Map.of("COLLECTOR_URL", front.url(), "SEGMENT_WRITE_KEY", KEY),
                Duration.ofMinutes(2), SnippetRun.javaBin(),
                "-Djavax.net.ssl.trustStore=" + front.trustStore(), "-Djavax.net.ssl.trustStoreType=PKCS12",
                "-Djavax.net.ssl.trustStorePassword=" + front.trustStorePassword(),
                "-cp", SnippetRun.classpath(), "SendEventsKt").assertSucceeded();

        assertThat(r.stdout()).contains("Segment.io uploaded ");
        // the SDK reports the version constant it was built with (1.25.0 still says 1.24.1)
        Delivery.assertLandedOnce(c, "kotlin", r.sent(), Set.of("identify", "track", "screen", "group", "alias"),
                new Delivery.Library("analytics-kotlin", Constants.LIBRARY_VERSION));
    }
}
