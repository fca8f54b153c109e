package dev.clickstream.snippets;

import dev.clickstream.collector.testing.CollectorHarness;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import tools.jackson.databind.JsonNode;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

/**
 * Debian's headless Chromium driven by Selenium through Debian's chromedriver (no driver or browser download). It
 * resolves no host names, so only loopback addresses are reachable, and it trusts exactly one certificate: the TLS
 * front's. What a page did is read from Chromium's own logs: the DevTools network events (every request, its body,
 * its status, any failure including CORS) and the console.
 */
final class Chromium implements AutoCloseable {
    /** One request as Chromium saw it; {@code failure} holds the error text, blocked or CORS reason of a failed load. */
    record Exchange(String method, String url, String postData, int status, String failure) {}

    private final ChromeDriver driver;
    private final Map<String, Exchange> exchanges = new LinkedHashMap<>();
    private final List<LogEntry> console = new ArrayList<>();

    private Chromium(ChromeDriver driver) {
        this.driver = driver;
    }

    static Chromium start(Path profile, String trustedSpkiHash) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--ignore-certificate-errors-spki-list=" + trustedSpkiHash);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL", LogType.PERFORMANCE, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new Chromium(new ChromeDriver(service, options));
    }

    /**
     * Opens a page as a new visitor: cookies are dropped (they are shared by every port of 127.0.0.1; storage is per
     * origin, and each page has an origin of its own), and so is what earlier pages did.
     */
    void open(String url) {
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        collect();
        exchanges.clear();
        console.clear();
        driver.get(url);
    }

    /** Runs a script in the page that calls {@code done(value)} when finished; returns that value. */
    Object runAsync(String script) {
        return driver.executeAsyncScript("const done = arguments[arguments.length - 1];\n" + script);
    }

    List<Exchange> exchanges() {
        collect();
        return List.copyOf(exchanges.values());
    }

    List<LogEntry> consoleErrors() {
        collect();
        return console.stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }

    private void collect() {
        console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = CollectorHarness.JSON.readTree(entry.getMessage()).path("message");
            JsonNode p = message.path("params");
            String id = p.path("requestId").asString("");
            switch (message.path("method").asString("")) {
                case "Network.requestWillBeSent" -> exchanges.put(id, new Exchange(p.path("request").path("method").asString(),
                        p.path("request").path("url").asString(), p.path("request").path("postData").asString(null), 0, null));
                case "Network.responseReceived" -> exchanges.computeIfPresent(id, (k, x) ->
                        new Exchange(x.method(), x.url(), x.postData(), p.path("response").path("status").asInt(), x.failure()));
                case "Network.loadingFailed" -> exchanges.computeIfPresent(id, (k, x) -> new Exchange(x.method(), x.url(),
                        x.postData(), x.status(), p.path("errorText").asString("") + " " + p.path("blockedReason").asString("")
                        + " " + p.path("corsErrorStatus").toString()));
                default -> { }
            }
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
