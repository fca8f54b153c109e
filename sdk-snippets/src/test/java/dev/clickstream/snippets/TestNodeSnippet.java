package dev.clickstream.snippets;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.testing.CollectorHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** analytics-node/send-events.mjs, run by node with the packages its package-lock.json pins. */
class TestNodeSnippet {
    private static final String KEY = "wk_node_snippet";
    @RegisterExtension
    static final CollectorHarness c = CollectorHarness.perClass(CollectorKeys.SOURCES_WRITE_KEYS, "node=" + KEY);

    @Test
    void everyCallLandsOnce() {
        Path dir = SnippetRun.folder("analytics-node");
        SnippetRun.requireNpmPackages(dir);
        JsonNode manifest = CollectorHarness.JSON.readTree(dir.resolve("package.json").toFile());
        JsonNode installed = CollectorHarness.JSON.readTree(
                dir.resolve("node_modules/@segment/analytics-node/package.json").toFile());
        String version = installed.path("version").asString();
        assertThat(manifest.path("dependencies").path("@segment/analytics-node").asString()).isEqualTo(version);

        SnippetRun.Result r = SnippetRun.run(dir, Map.of("COLLECTOR_URL", c.baseUrl(), "SEGMENT_WRITE_KEY", KEY),
                Duration.ofMinutes(2), "node", "send-events.mjs").assertSucceeded();

        Delivery.assertLandedOnce(c, "node", r.sent(), Delivery.ALL_CALLS,
                new Delivery.Library("@segment/analytics-node", version));
    }
}
