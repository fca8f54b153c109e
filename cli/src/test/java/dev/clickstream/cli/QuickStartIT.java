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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's quick start, run as written: {@code ./clickstream up} (the packaged jar, embedded PostgreSQL),
 * then {@code curl} with the printed write key, then the event is in {@code clickstream.raw_events}, and the printed
 * dashboard answers.
 */
class QuickStartIT {
    private static final Pattern PORT = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern KEY = Pattern.compile("development write key \\(source 'dev'\\): (\\S+)");
    private static final Pattern JDBC = Pattern.compile("warehouse JDBC URL: (\\S+)");
    private static final Pattern DASHBOARD = Pattern.compile("dashboard: +(http://127\\.0\\.0\\.1:\\d+/)");

    @Test
    void upThenCurlStoresATrackEventAndTheDataSurvivesAKillAndRestart(@TempDir Path data) throws Exception {
        Process first = up(data);
        String key;
        try {
            List<String> banner = banner(first);
            key = find(KEY, banner);
            assertThat(banner).anyMatch(l -> l.startsWith("query it with:") && l.contains("psql -h 127.0.0.1"));
            assertThat(curlTrack(find(PORT, banner), key, "Signed Up")).isEqualTo("{\"success\":true}");
            assertThat(events(find(JDBC, banner))).containsExactly("Signed Up");
            assertThat(curl(find(DASHBOARD, banner) + "api/queries/data_extent")).startsWith("{\"query\":\"data_extent\"");
        } finally {
            first.destroyForcibly(); // kill -9: the embedded PostgreSQL is left orphaned on the data directory
            first.waitFor(30, TimeUnit.SECONDS);
        }

        Process second = up(data);
        try {
            List<String> banner = banner(second);
            assertThat(find(KEY, banner)).as("the development key is kept in data.dir").isEqualTo(key);
            assertThat(curlTrack(find(PORT, banner), key, "Came Back")).isEqualTo("{\"success\":true}");
            assertThat(events(find(JDBC, banner))).containsExactly("Signed Up", "Came Back");
        } finally {
            second.destroy(); // SIGTERM: drains and exits 0
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(second.exitValue()).isZero();
    }

    private static Process up(Path data) throws Exception {
        return new ProcessBuilder("bash", "../clickstream", "up", "--data-dir", data.toString(),
                "--http-port", "0", "--postgres-embedded-port", "0", "--dashboard-port", "0")
                .redirectError(ProcessBuilder.Redirect.appendTo(data.resolve("up.log").toFile())).start();
    }

    private static List<String> banner(Process p) throws Exception {
        return CompletableFuture.supplyAsync(() -> readBanner(p)).get(180, TimeUnit.SECONDS);
    }

    private static String curlTrack(String port, String key, String event) throws Exception {
        Process curl = new ProcessBuilder("curl", "-s", "-u", key + ":", "-H", "Content-Type: application/json",
                "-d", "{\"userId\":\"u1\",\"event\":\"" + event + "\",\"properties\":{\"plan\":\"free\"}}",
                "http://127.0.0.1:" + port + "/v1/track").start();
        String answer = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return answer;
    }

    private static String curl(String url) throws Exception {
        Process curl = new ProcessBuilder("curl", "-s", url).start();
        String answer = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return answer;
    }

    private static List<String> events(String jdbc) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT payload->>'event' FROM clickstream.raw_events ORDER BY sequence_number")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
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
