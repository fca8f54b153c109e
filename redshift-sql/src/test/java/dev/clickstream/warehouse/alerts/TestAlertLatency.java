package dev.clickstream.warehouse.alerts;

import dev.clickstream.warehouse.RefreshClock;
import dev.clickstream.warehouse.runner.ModelRunner;
import dev.clickstream.warehouse.runner.ModelSchedule;
import dev.clickstream.warehouse.testing.ModelHarness;
import dev.clickstream.warehouse.testing.WebhookReceiver;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How long an alert takes, on the real schedule with a short interval: events committed to raw_events, the
 * schedule's runs, the webhook. The promise is structural (the alert leaves in the first run that sees its events,
 * and a fixed-rate schedule starts that run within one interval of their arrival); the measured latency is printed
 * for docs/alerts.md, not asserted against a number.
 */
class TestAlertLatency {
    static final Duration INTERVAL = Duration.ofSeconds(1);

    /** One run of the schedule: when the models finished, whether they loaded anything, when the alerts were done. */
    record Tick(long modelsDone, long rows, long alertsDone) {}

    @Test
    void anAlertLeavesInTheFirstRunThatSeesItsEvents() {
        String secret = "latency-secret";
        List<Tick> ticks = new CopyOnWriteArrayList<>();
        try (ModelHarness warehouse = new ModelHarness(); WebhookReceiver receiver = new WebhookReceiver(secret)) {
            // freshness off: a 1 s interval is shorter than one run of the models on this machine
            AlertSettings settings = new AlertSettings(Duration.ofMinutes(15), 0, 0, 20, 0, INTERVAL, 20);
            WebhookChannel webhook = new WebhookChannel(receiver.url(), secret, 3, Duration.ofMillis(50), Duration.ofSeconds(1),
                    Duration.ofSeconds(5), Clock.systemUTC());
            try (Alerts alerts = new Alerts(warehouse.executor(), settings, List.of(webhook), Clock.systemUTC());
                 ModelSchedule schedule = new ModelSchedule(warehouse.runner(), outcomes -> {
                     long modelsDone = System.nanoTime();
                     alerts.afterRun(outcomes);
                     ticks.add(new Tick(modelsDone, outcomes.stream().mapToLong(ModelRunner.Outcome::rows).sum(), System.nanoTime()));
                 }).start(INTERVAL)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> ticks.size() >= 2);

                Instant now = Instant.now();
                String refresh = RefreshClock.format(now);
                warehouse.refreshAt(refresh, Traffic.all(List.of(
                        Traffic.bot("latency-bot", "192.0.2.7", Traffic.BROWSER_UA, now.minusSeconds(12), 40),
                        Traffic.human("latency-person", "198.51.100.7", now.minusSeconds(400)))));
                long arrived = System.nanoTime();

                await().atMost(Duration.ofSeconds(60)).until(() -> !receiver.received().isEmpty());
                WebhookReceiver.Received alert = receiver.received().get(0);
                await().atMost(Duration.ofSeconds(30)).until(() -> ticks.stream().anyMatch(t -> t.alertsDone() >= alert.nanoTime()));

                List<Tick> after = ticks.stream().filter(t -> t.modelsDone() > arrived).toList();
                Tick sawThem = after.stream().filter(t -> t.rows() > 0).findFirst().orElseThrow();
                assertThat(alert.nanoTime()).as("sent during the run that loaded the events")
                        .isBetween(sawThem.modelsDone(), sawThem.alertsDone());
                assertThat(after.indexOf(sawThem)).as("at most one run was already under way when they arrived").isLessThanOrEqualTo(1);
                assertThat(alert.payload().path("key").asString()).isEqualTo("latency-bot");
                assertThat(receiver.received()).hasSize(1);
                // the run that loaded them, from model_runs (wall clock, microseconds)
                List<String> run = warehouse.rows("SELECT CAST(DATE_PART('epoch', MIN(started_at)) * 1000 AS BIGINT), "
                        + "CAST(DATE_PART('epoch', MAX(finished_at)) * 1000 AS BIGINT) FROM clickstream.model_runs "
                        + "WHERE run_upper = CAST('" + refresh + "' AS TIMESTAMP)").get(0);
                long started = Long.parseLong(run.get(0)), finished = Long.parseLong(run.get(1));
                long total = (alert.nanoTime() - arrived) / 1_000_000;
                System.out.printf("alert latency: %d ms from commit to webhook = %d ms until the next run began (interval %d ms)"
                                + " + %d ms of models + %d ms evaluating and sending%n",
                        total, started - now.toEpochMilli(), INTERVAL.toMillis(), finished - started,
                        total - (finished - now.toEpochMilli()));
            }
        }
    }
}
