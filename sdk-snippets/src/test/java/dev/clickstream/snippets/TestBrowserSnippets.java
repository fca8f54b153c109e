package dev.clickstream.snippets;

import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.snippets.SnippetRun.Sent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The two browser forms in headless Chromium, each page on its own loopback origin and the collector behind TLS:
 * analytics-next bundled from npm (analytics-next/), and Segment's classic script tag with only its host changed
 * (analytics-js-classic/), which loads analytics.js, its settings and its chunks from the collector itself.
 * Every request must succeed and stay on those two origins, with no console error (a CORS failure is one).
 */
class TestBrowserSnippets {
    private static final String KEY = "wk_browser_snippet";
    private static final Path NPM_PACKAGE = Path.of("analytics-next/node_modules/@segment/analytics-next");
    @TempDir
    static Path tmp;
    static TlsFront front;
    static CollectorHarness c;
    static Chromium chromium;

    @BeforeAll
    static void start() {
        front = TlsFront.start(tmp);
        c = front.startCollector("browser=" + KEY);
        chromium = Chromium.start(tmp.resolve("chromium-profile"), front.spkiHash());
    }

    @AfterAll
    static void stop() throws IOException {
        chromium.close();
        c.close();
        front.close();
    }

    @Test
    void bundledAnalyticsNextDelivers() {
        Path dir = SnippetRun.folder("analytics-next");
        SnippetRun.requireNpmPackages(dir);
        String version = pinnedAnalyticsNext();
        SnippetRun.run(dir, Map.of("COLLECTOR_URL", front.url(), "SEGMENT_WRITE_KEY", KEY), Duration.ofMinutes(2),
                "npm", "run", "--silent", "build").assertSucceeded();

        try (StaticSite site = StaticSite.serve(Map.of(), dir)) {
            List<Sent> sent = loadPage(site.url("/analytics-next/index.html"));
            Delivery.assertLandedOnce(c, "browser", sent, Delivery.ALL_CALLS,
                    new Delivery.Library("analytics.js", "npm:next-" + version));
        }
    }

    @Test
    void classicSnippetWithOnlyTheHostChangedDelivers() {
        Path dir = SnippetRun.folder("analytics-js-classic");
        String version = pinnedAnalyticsNext();
        try (StaticSite site = StaticSite.serve(Map.of("collector.example.com", front.hostPort(), "YOUR_WRITE_KEY", KEY), dir)) {
            List<Sent> sent = loadPage(site.url("/analytics-js-classic/index.html"));
            // trackLink lives in a lazily loaded chunk, fetched from the same host as analytics.min.js
            chromium.runAsync("analytics.trackLink([], 'Never clicked').then(() => done(true))");
            assertThat(chromium.exchanges()).filteredOn(x -> x.status() == 200).extracting(Chromium.Exchange::url)
                    .contains(front.url() + "/analytics.js/v1/" + KEY + "/analytics.min.js",
                            front.url() + "/v1/projects/" + KEY + "/settings")
                    .anyMatch(u -> u.matches(java.util.regex.Pattern.quote(front.url())
                            + "/analytics-next/bundles/auto-track\\.bundle\\.[0-9a-f]+\\.js"));
            assertThat(chromium.consoleErrors()).as("console errors").isEmpty();
            Delivery.assertLandedOnce(c, "browser", sent, Delivery.ALL_CALLS,
                    new Delivery.Library("analytics.js", "next-" + version));
        }
    }

    /** The collector's copy (collector/src/main/resources/analytics-js, made by update-bundle.sh) is the npm package's. */
    @Test
    void collectorServesTheStandaloneBuildOfThePinnedPackage() throws IOException {
        SnippetRun.requireNpmPackages(SnippetRun.folder("analytics-next"));
        Path umd = Path.of("").toAbsolutePath().resolve(NPM_PACKAGE).resolve("dist/umd");
        List<String> expected = new ArrayList<>();
        try (Stream<Path> files = Files.list(umd)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.equals("standalone.js") || n.matches(".+\\.bundle\\.[0-9a-f]+\\.js"))
                    .sorted().forEach(expected::add);
        }
        List<String> committed = new String(resource("files.txt"), StandardCharsets.UTF_8).lines().toList();
        assertThat(committed).isEqualTo(expected);
        for (String name : committed) {
            assertThat(resource(name)).as(name).isEqualTo(Files.readAllBytes(umd.resolve(name)));
        }
        assertThat(resource("LICENSE.MD")).isEqualTo(Files.readAllBytes(umd.resolve("../../LICENSE.MD").normalize()));
    }

    /** Loads a page, waits for its six calls to be answered, and returns what it sent, read from the requests. */
    private List<Sent> loadPage(String url) {
        chromium.open(url);
        List<Chromium.Exchange> exchanges = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(chromium::exchanges, xs -> sent(xs).size() >= Delivery.ALL_CALLS.size());
        exchanges.forEach(x -> System.out.println(x.method() + " " + x.status() + " " + x.url() + " " + x.failure()));

        String site = url.substring(0, url.indexOf('/', "http://".length()));
        assertThat(chromium.consoleErrors()).as("console errors").isEmpty();
        assertThat(exchanges).allSatisfy(x -> {
            assertThat(x.failure()).as("%s %s failed", x.method(), x.url()).isNull();
            assertThat(x.url()).as("only the site and the collector").matches(u -> u.startsWith(site + "/")
                    || u.startsWith(front.url() + "/") || u.startsWith("data:"));
        });
        assertThat(exchanges).filteredOn(x -> x.method().equals("POST")).allSatisfy(x ->
                assertThat(x.status()).as("%s answered", x.url()).isEqualTo(200));
        List<Sent> sent = sent(exchanges);
        assertThat(sent).extracting(Sent::messageId).as("no message sent twice").doesNotHaveDuplicates();
        return sent;
    }

    /** Messages in the answered POSTs to the collector (single-event bodies, or batches). */
    private static List<Sent> sent(List<Chromium.Exchange> exchanges) {
        List<Sent> out = new ArrayList<>();
        for (Chromium.Exchange x : exchanges) {
            if (!x.method().equals("POST") || x.postData() == null || x.status() != 200 || !x.url().startsWith(front.url())) continue;
            JsonNode body = CollectorHarness.JSON.readTree(x.postData());
            for (JsonNode m : body.has("batch") ? body.path("batch") : List.of(body)) {
                out.add(new Sent(m.path("type").asString(), m.path("messageId").asString()));
            }
        }
        return out;
    }

    private static String pinnedAnalyticsNext() {
        Path dir = SnippetRun.folder("analytics-next");
        String installed = CollectorHarness.JSON.readTree(dir.resolve("node_modules/@segment/analytics-next/package.json").toFile())
                .path("version").asString();
        assertThat(CollectorHarness.JSON.readTree(dir.resolve("package.json").toFile())
                .path("dependencies").path("@segment/analytics-next").asString()).isEqualTo(installed);
        return installed;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = TestBrowserSnippets.class.getResourceAsStream("/analytics-js/" + name)) {
            assertThat(in).as("collector resource %s", name).isNotNull();
            return in.readAllBytes();
        }
    }
}
