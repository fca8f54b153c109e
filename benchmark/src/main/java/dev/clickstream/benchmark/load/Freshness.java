package dev.clickstream.benchmark.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Freshness on the embedded default: probe events are sent at a steady pace while the models run on their schedule;
 * an event is visible in a model's table once that model's run whose watermark covers the event's commit time has
 * committed (the watermark moves in the same transaction). The time from the HTTP 200 to that moment is observed by
 * polling model_state every 100 ms.
 */
public final class Freshness {
    public record Result(int probes, double sessionsP50, double sessionsP95, double funnelsP50, double funnelsP95) {}

    private record Observation(long nanos, LocalDateTime sessions, LocalDateTime funnels) {}

    private Freshness() {}

    public static Result measure(URI collector, String writeKey, String jdbcUrl, Duration window, Duration every, Duration settle) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String auth = WriteKeys.basic(writeKey);
        String run = Long.toString(System.currentTimeMillis(), 36);
        Map<String, Long> acknowledged = new HashMap<>();
        List<Observation> observations = new ArrayList<>();
        // no password given: the driver reads the embedded PostgreSQL's password file (PGPASSFILE / org.postgresql.pgpassfile)
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", null); Statement s = c.createStatement()) {
            long start = System.nanoTime();
            long nextProbe = start;
            int i = 0;
            LocalDateTime lastCommit = null;
            while (System.nanoTime() - start < window.plus(settle).toNanos()) {
                long now = System.nanoTime();
                if (now - start >= window.toNanos()) {
                    // probing is over: stop as soon as both models cover the last probe's commit
                    if (lastCommit == null) lastCommit = commitTimes(s, "fresh-" + run + "-%").values().stream()
                            .max(LocalDateTime::compareTo).orElse(null);
                    Observation o = observations.isEmpty() ? null : observations.get(observations.size() - 1);
                    if (lastCommit != null && o != null && o.sessions != null && o.funnels != null
                            && !o.sessions.isBefore(lastCommit) && !o.funnels.isBefore(lastCommit)) break;
                }
                if (now >= nextProbe && now - start < window.toNanos()) {
                    String id = "fresh-" + run + "-" + i++;
                    String body = "{\"anonymousId\":\"" + id + "\",\"event\":\"Product Viewed\",\"messageId\":\"" + id
                            + "\",\"properties\":{\"product_id\":\"p-1\"}}";
                    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(collector.resolve("/v1/track")).header("Authorization", auth)
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) acknowledged.put(id, System.nanoTime());
                    nextProbe += every.toNanos();
                }
                observations.add(observe(s));
                ServerProcess.sleep(100);
            }
            Map<String, LocalDateTime> committed = commitTimes(s, "fresh-" + run + "-%");
            List<Double> sessions = new ArrayList<>();
            List<Double> funnels = new ArrayList<>();
            for (Map.Entry<String, Long> probe : acknowledged.entrySet()) {
                LocalDateTime at = committed.get(probe.getKey());
                if (at == null) continue;
                secondsUntil(observations, probe.getValue(), at, Observation::sessions).ifPresent(sessions::add);
                secondsUntil(observations, probe.getValue(), at, Observation::funnels).ifPresent(funnels::add);
            }
            if (sessions.size() < acknowledged.size() || funnels.size() < acknowledged.size()) {
                throw new IllegalStateException("only " + sessions.size() + " / " + funnels.size() + " of " + acknowledged.size()
                        + " probes became visible within the settle time; lengthen it");
            }
            return new Result(acknowledged.size(), percentile(sessions, 50), percentile(sessions, 95),
                    percentile(funnels, 50), percentile(funnels, 95));
        }
    }

    /** Seconds from the acknowledgement to the first observation whose watermark covers the commit time. */
    private static java.util.Optional<Double> secondsUntil(List<Observation> observations, long acknowledgedNanos,
                                                           LocalDateTime committed,
                                                           java.util.function.Function<Observation, LocalDateTime> watermark) {
        for (Observation o : observations) {
            LocalDateTime w = watermark.apply(o);
            if (o.nanos >= acknowledgedNanos && w != null && !w.isBefore(committed)) {
                return java.util.Optional.of((o.nanos - acknowledgedNanos) / 1e9);
            }
        }
        return java.util.Optional.empty();
    }

    private static Observation observe(Statement s) throws SQLException {
        LocalDateTime sessions = null, funnels = null;
        try (ResultSet r = s.executeQuery("SELECT model, high_watermark FROM clickstream.model_state WHERE model IN ('sessions', 'funnels')")) {
            while (r.next()) {
                if (r.getString(1).equals("sessions")) sessions = r.getObject(2, LocalDateTime.class);
                else funnels = r.getObject(2, LocalDateTime.class);
            }
        } catch (SQLException e) {
            if (!"42P01".equals(e.getSQLState())) throw e; // model tables not created yet
        }
        return new Observation(System.nanoTime(), sessions, funnels);
    }

    private static Map<String, LocalDateTime> commitTimes(Statement s, String pattern) throws SQLException {
        Map<String, LocalDateTime> out = new HashMap<>();
        try (ResultSet r = s.executeQuery("SELECT payload->>'message_id', refresh_time FROM clickstream.raw_events"
                + " WHERE payload->>'message_id' LIKE '" + pattern + "'")) {
            while (r.next()) out.put(r.getString(1), r.getObject(2, LocalDateTime.class));
        }
        return out;
    }

    static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
