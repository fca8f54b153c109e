package dev.clickstream.warehouse.alerts;

import dev.clickstream.warehouse.RefreshClock;
import dev.clickstream.warehouse.testing.ModelHarness;
import dev.clickstream.warehouse.testing.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules over a real PostgreSQL warehouse, delivered to a real webhook endpoint that verifies every
 * signature: one alert per incident, a resolved notice, nothing twice across restarts, retries when refused.
 * The clock is the test's, so "quiet for 15 minutes" needs no waiting.
 */
class TestAlerts {
    static final String SECRET = "a-test-secret-of-some-length";
    static final Instant T = Instant.parse("2030-01-01T00:10:00Z");
    static final Duration QUIET = Duration.ofMinutes(15);

    final MutableClock clock = new MutableClock(T);
    ModelHarness warehouse;
    WebhookReceiver receiver;

    @BeforeEach
    void start() {
        warehouse = new ModelHarness();
        receiver = new WebhookReceiver(SECRET);
    }

    @AfterEach
    void stop() {
        receiver.close();
        warehouse.close();
    }

    /** Bot and model-failure rules on; the volume rules and freshness off unless a test turns them on. */
    static AlertSettings settings(long ipPerMinute, long rejectionsPerMinute, int freshnessIntervals, int maxNotifications) {
        return new AlertSettings(QUIET, ipPerMinute, rejectionsPerMinute, 20, freshnessIntervals, Duration.ofSeconds(60), maxNotifications);
    }

    Alerts alerts(AlertSettings settings) {
        // signatures carry the real time (the receiver refuses stale ones); the rules read the test's clock
        WebhookChannel webhook = new WebhookChannel(receiver.url(), SECRET, 3, Duration.ofMillis(5), Duration.ofMillis(20),
                Duration.ofSeconds(5), Clock.systemUTC());
        return new Alerts(warehouse.executor(), settings, List.of(webhook), clock);
    }

    /** Two bots (a crawler, and a script with a browser's user agent) and three people, 30 to 60 s before T. */
    void botsAndPeople() {
        Instant start = T.minusSeconds(60);
        warehouse.refreshAt(RefreshClock.format(T.minusSeconds(20)), Traffic.all(List.of(
                Traffic.bot("crawler-1", "192.0.2.1", Traffic.CRAWLER_UA, start, 40),
                Traffic.bot("scraper-2", "192.0.2.2", Traffic.BROWSER_UA, start, 40),
                Traffic.human("person-1", "198.51.100.1", start.minusSeconds(400)),
                Traffic.human("person-2", "198.51.100.2", start.minusSeconds(350)),
                Traffic.human("person-3", "198.51.100.3", start.minusSeconds(300)))));
        warehouse.run();
    }

    @Test
    void oneSignedAlertPerNewBotNoneForPeopleThenOneResolvedNoticeEach() {
        botsAndPeople();
        try (Alerts alerts = alerts(settings(0, 0, 0, 20))) {
            assertThat(alerts.evaluate().delivered()).isEqualTo(2);
            clock.set(T.plusSeconds(60));
            assertThat(alerts.evaluate().delivered()).isZero();

            List<JsonNode> firing = receiver.payloads("firing");
            assertThat(firing).extracting(p -> p.path("key").asString()).containsExactlyInAnyOrder("crawler-1", "scraper-2");
            assertThat(receiver.badSignatures()).isZero();
            JsonNode scraper = firing.stream().filter(p -> p.path("key").asString().equals("scraper-2")).findFirst().orElseThrow();
            assertThat(scraper.path("alert").asString()).isEqualTo("bot");
            assertThat(scraper.path("opened_at").asString()).isEqualTo("2030-01-01T00:10:00Z");
            assertThat(scraper.path("resolved_at").isNull()).isTrue();
            JsonNode evidence = scraper.path("evidence");
            assertThat(evidence.path("user_key").asString()).isEqualTo("scraper-2");
            assertThat(evidence.path("recent_events").asLong()).isEqualTo(40);
            assertThat(evidence.path("window").path("from").asString()).isEqualTo("2029-12-31T23:55:00Z");
            assertThat(evidence.path("window").path("to").asString()).isEqualTo("2030-01-01T00:10:00Z");
            Set<String> rules = rules(evidence);
            assertThat(rules).contains("rate").doesNotContain("crawler_ua");
            assertThat(rules(firing.stream().filter(p -> p.path("key").asString().equals("crawler-1")).findFirst().orElseThrow()
                    .path("evidence"))).contains("crawler_ua");
            assertThat(receiver.received()).allSatisfy(r -> assertThat(r.alertIdHeader()).isEqualTo(r.payload().path("id").asString()));

            clock.set(T.plus(QUIET).plusSeconds(60));
            Alerts.Result quiet = alerts.evaluate();
            assertThat(quiet.resolved()).isEqualTo(2);
            List<JsonNode> resolved = receiver.payloads("resolved");
            assertThat(resolved).extracting(p -> p.path("id").asString())
                    .containsExactlyInAnyOrderElementsOf(firing.stream().map(p -> p.path("id").asString()).toList());
            assertThat(resolved).allSatisfy(p -> assertThat(p.path("resolved_at").asString()).isEqualTo("2030-01-01T00:26:00Z"));
            assertThat(alerts.evaluate().delivered()).isZero();
        }
        assertThat(receiver.received()).hasSize(4);
        assertThat(warehouse.rows("SELECT status, COUNT(*) FROM clickstream.alert_incidents GROUP BY status"))
                .containsExactly(List.of("resolved", "2"));
    }

    @Test
    void aRefusedAlertIsRetriedAtTheNextRunAndARestartSendsNothingTwice() {
        botsAndPeople();
        receiver.refuseNext(100);
        try (Alerts alerts = alerts(settings(0, 0, 0, 20))) {
            assertThat(alerts.evaluate().delivered()).isZero();
        }
        // three attempts at the first alert, then the endpoint counts as down for the rest of the run
        assertThat(receiver.refused()).isEqualTo(3);
        assertThat(warehouse.rows("SELECT attempts, last_error FROM clickstream.alert_notifications ORDER BY attempts DESC"))
                .containsExactly(List.of("1", "webhook 127.0.0.1: HTTP 503"), java.util.Arrays.asList("0", null));

        receiver.refuseNext(1);
        clock.set(T.plusSeconds(60));
        try (Alerts restarted = alerts(settings(0, 0, 0, 20))) {
            assertThat(restarted.evaluate().delivered()).isEqualTo(2);
        }
        clock.set(T.plusSeconds(120));
        try (Alerts restartedAgain = alerts(settings(0, 0, 0, 20))) {
            assertThat(restartedAgain.evaluate()).isEqualTo(new Alerts.Result(0, 0, 0, 0));
        }
        assertThat(receiver.payloads("firing")).extracting(p -> p.path("key").asString())
                .containsExactlyInAnyOrder("crawler-1", "scraper-2");
        assertThat(receiver.badSignatures()).isZero();
    }

    @Test
    void pastTheLimitPerRunIncidentsAreRecordedWithoutNotifyingAndSayHowManyWereHeldBack() {
        botsAndPeople();
        try (Alerts alerts = alerts(settings(0, 0, 0, 1))) {
            assertThat(alerts.evaluate()).isEqualTo(new Alerts.Result(1, 1, 0, 1));
            assertThat(receiver.received()).singleElement()
                    .satisfies(r -> assertThat(r.payload().path("evidence").path("suppressed_in_this_run").asInt()).isEqualTo(1));
            assertThat(warehouse.rows("SELECT notified, COUNT(*) FROM clickstream.alert_incidents WHERE status = 'open' "
                    + "GROUP BY notified ORDER BY notified")).containsExactly(List.of("f", "1"), List.of("t", "1"));
            clock.set(T.plus(QUIET).plusSeconds(60));
            assertThat(alerts.evaluate().resolved()).isEqualTo(2);
        }
        assertThat(receiver.payloads("resolved")).hasSize(1);
    }

    @Test
    void ipRateRejectionRateAndFreshnessOpenAndResolve() {
        Instant minute = T.minusSeconds(120);
        List<String> burst = Traffic.bot("burst", "203.0.113.9", Traffic.BROWSER_UA, minute, 30);
        String[] rejections = new String[12];
        for (int i = 0; i < rejections.length; i++) rejections[i] = Traffic.rejection("web", minute.plusSeconds(i), i);
        warehouse.refreshAt(RefreshClock.format(T.minusSeconds(30)), Traffic.all(List.of(burst,
                Traffic.human("person-1", "198.51.100.1", minute.minusSeconds(300)), List.of(rejections))));
        warehouse.run();
        try (Alerts alerts = alerts(settings(25, 10, 1, 20))) {
            alerts.evaluate();
            JsonNode ip = only(receiver.payloads("firing"), "ip_rate");
            assertThat(ip.path("key").asString()).isEqualTo("203.0.113.9");
            assertThat(ip.path("evidence").path("peak_per_minute").asLong()).isEqualTo(30);
            assertThat(ip.path("evidence").path("limit_per_minute").asLong()).isEqualTo(25);
            assertThat(ip.path("evidence").path("first_minute").asString()).isEqualTo("2030-01-01T00:08:00Z");
            JsonNode rejected = only(receiver.payloads("firing"), "rejection_rate");
            assertThat(rejected.path("key").asString()).isEqualTo("web");
            assertThat(rejected.path("evidence").path("rejected").asLong()).isEqualTo(12);
            assertThat(rejected.path("evidence").path("accepted").asLong()).isEqualTo(31); // the burst and person-1's last view
            assertThat(receiver.payloads("firing")).noneMatch(p -> p.path("alert").asString().equals("freshness"));

            // two quiet minutes later nothing new has loaded: older than one 60 s interval
            clock.set(T.plusSeconds(150));
            alerts.evaluate();
            JsonNode stale = only(receiver.payloads("firing"), "freshness");
            assertThat(stale.path("evidence").path("newest_event_loaded_at").asString()).isEqualTo("2030-01-01T00:09:30Z");
            assertThat(stale.path("evidence").path("max_age_seconds").asLong()).isEqualTo(60);

            warehouse.refreshAt(RefreshClock.format(T.plusSeconds(140)),
                    Traffic.human("person-2", "198.51.100.2", T.plusSeconds(100)).get(0));
            warehouse.run();
            clock.set(T.plus(QUIET).plusSeconds(60));
            warehouse.refreshAt(RefreshClock.format(T.plus(QUIET).plusSeconds(50)),
                    Traffic.human("person-3", "198.51.100.3", T.plus(QUIET)).get(0));
            warehouse.run();
            alerts.evaluate();
        }
        // the burst is a script, so the bot rule speaks too
        assertThat(receiver.payloads("firing")).extracting(p -> p.path("alert").asString())
                .containsExactlyInAnyOrder("ip_rate", "rejection_rate", "freshness", "bot");
        assertThat(receiver.payloads("resolved")).extracting(p -> p.path("alert").asString())
                .containsExactlyInAnyOrder("ip_rate", "rejection_rate", "freshness", "bot");
    }

    private static JsonNode only(List<JsonNode> payloads, String alert) {
        List<JsonNode> of = payloads.stream().filter(p -> p.path("alert").asString().equals(alert)).toList();
        assertThat(of).as(alert).hasSize(1);
        return of.get(0);
    }

    private static Set<String> rules(JsonNode evidence) {
        return evidence.path("rules").valueStream().map(r -> r.path("rule").asString()).collect(Collectors.toSet());
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
