package dev.clickstream.snippets;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.testing.CollectorHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** curl/send-events.sh, run by bash: the HTTP Tracking API's single-call paths with Basic auth. */
class TestCurlSnippet {
    private static final String KEY = "wk_curl_snippet";
    @RegisterExtension
    static final CollectorHarness c = CollectorHarness.perClass(CollectorKeys.SOURCES_WRITE_KEYS, "curl=" + KEY);

    @Test
    void everyCallLandsOnce() {
        Path dir = SnippetRun.folder("curl");
        String curlVersion = SnippetRun.run(dir, Map.of(), Duration.ofSeconds(30), "curl", "--version")
                .assertSucceeded().stdout().split("\n")[0].split(" ")[1];

        SnippetRun.Result r = SnippetRun.run(dir, Map.of("COLLECTOR_URL", c.baseUrl(), "SEGMENT_WRITE_KEY", KEY),
                Duration.ofMinutes(1), "bash", "send-events.sh").assertSucceeded();

        Delivery.assertLandedOnce(c, "curl", r.sent(), Delivery.ALL_CALLS, new Delivery.Library("curl", curlVersion));
    }
}
