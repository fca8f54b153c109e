package dev.clickstream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's quick start, run as written: {@code ./clickstream up} (the packaged jar, embedded PostgreSQL),
 * then {@code curl} with the printed write key, then the event is in {@code clickstream.raw_events}.
 */
class QuickStartIT {
    private static final Pattern PORT = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern KEY = Pattern.compile("development write key \\(source 'dev'\\): (\\S+)");
    private static final Pattern JDBC = Pattern.compile("warehouse JDBC URL: (\\S+)");

    @Test
    void upThenCurlStoresATrackEvent(@TempDir Path data) throws Exception {
        Process up = new ProcessBuilder("bash", "../clickstream", "up", "--data-dir", data.toString(),
                "--http-port", "0", "--postgres-embedded-port", "0")
                .redirectError(data.resolve("up.log").toFile()).start();
        try {
            List<String> banner = CompletableFuture.supplyAsync(() -> readBanner(up)).get(180, TimeUnit.SECONDS);
            String port = find(PORT, banner), key = find(KEY, banner), jdbc = find(JDBC, banner);
            assertThat(banner).anyMatch(l -> l.startsWith("query it with:") && l.contains("psql -h 127.0.0.1"));

            Process curl = new ProcessBuilder("curl", "-s", "-u", key + ":", "-H", "Content-Type: application/json",
                    "-d", "{\"userId\":\"u1\",\"event\":\"Signed Up\",\"properties\":{\"plan\":\"free\"}}",
                    "http://127.0.0.1:" + port + "/v1/track").start();
            String answer = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(answer).isEqualTo("{\"success\":true}");

            try (Connection c = DriverManager.getConnection(jdbc, "postgres", ""); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT payload->>'event', payload->>'source' FROM clickstream.raw_events")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("Signed Up");
                assertThat(rs.getString(2)).isEqualTo("dev");
                assertThat(rs.next()).isFalse();
            }
        } finally {
            up.destroy();
            assertThat(up.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
        assertThat(up.exitValue()).isZero();
    }

    private static List<String> readBanner(Process p) {
        List<String> lines = new ArrayList<>();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
                if (line.startsWith("query it with:")) return lines;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError("clickstream up exited early: " + lines);
    }

    private static String find(Pattern p, List<String> lines) {
        for (String l : lines) {
            Matcher m = p.matcher(l);
            if (m.find()) return m.group(1);
        }
        throw new AssertionError("not in banner: " + p + " / " + lines);
    }
}
