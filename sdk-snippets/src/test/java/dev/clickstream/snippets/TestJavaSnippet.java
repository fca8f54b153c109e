package dev.clickstream.snippets;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.testing.CollectorHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** analytics-java/SendEvents.java, compiled and run by the java launcher against the SDK its pom.xml names. */
class TestJavaSnippet {
    private static final String KEY = "wk_java_snippet";
    @RegisterExtension
    static final CollectorHarness c = CollectorHarness.perClass(CollectorKeys.SOURCES_WRITE_KEYS, "java=" + KEY);

    @Test
    void everyCallLandsOnce() throws IOException {
        Path dir = SnippetRun.folder("analytics-java");
        String version = sdkVersionInPom(dir);
        assertThat(SnippetRun.classpath()).as("the pom.xml beside the snippet names the SDK this test runs")
                .contains("analytics-" + version + ".jar");

        SnippetRun.Result r = SnippetRun.run(dir, Map.of("COLLECTOR_URL", c.baseUrl(), "SEGMENT_WRITE_KEY", KEY),
                Duration.ofMinutes(3), SnippetRun.javaBin(), "-cp", SnippetRun.classpath(), "SendEvents.java")
                .assertSucceeded();

        Delivery.assertLandedOnce(c, "java", r.sent(), Delivery.ALL_CALLS,
                new Delivery.Library("analytics-java", version));
    }

    private static String sdkVersionInPom(Path dir) throws IOException {
        Matcher m = Pattern.compile("<artifactId>analytics</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(dir.resolve("pom.xml")));
        assertThat(m.find()).as("pom.xml names com.segment.analytics.java:analytics").isTrue();
        return m.group(1);
    }
}
