package dev.clickstream.dashboard;

import dev.clickstream.simulator.testing.SimulatedPipeline;
import dev.clickstream.simulator.traffic.Scenario;
import dev.clickstream.warehouse.queries.AnalystQueries;
import dev.clickstream.warehouse.queries.AnalystQuery;
import dev.clickstream.warehouse.runner.Dialect;
import dev.clickstream.warehouse.runner.JdbcExecutor;
import dev.clickstream.warehouse.runner.ModelRunner;
import dev.clickstream.warehouse.runner.SqlExecutor;
import dev.clickstream.warehouse.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in Debian's headless Chromium over simulated traffic, read through the same read-only JDBC path as
 * {@code clickstream dashboard --jdbc-url}: every panel draws a chart, nothing is logged to the console, changing
 * the date range changes the numbers, and an empty warehouse says what to do (and the page reloads on its own). Screenshots go to target/screenshots,
 * or to -Ddashboard.screenshots=DIR (docs/ when refreshing the README's pictures).
 */
class TestDashboardInChromium {
    /** A Friday, so the six simulated days span two weeks and the retention panel has a second week. */
    static final LocalDate FIRST = LocalDate.now(ZoneOffset.UTC).with(java.time.temporal.TemporalAdjusters.previous(java.time.DayOfWeek.MONDAY)).minusDays(10);
    static final Path SCREENSHOTS = Path.of(System.getProperty("dashboard.screenshots", "target/screenshots"));
    static SimulatedPipeline pipeline;
    static SqlExecutor warehouse;
    static DashboardServer server;
    static Chromium chromium;
    static final List<String> PANELS = AnalystQueries.load().all().stream().filter(q -> q.chart().isPanel())
            .map(AnalystQuery::name).toList();

    @BeforeAll
    static void start() {
        Scenario scenario = Scenario.of(20261201L, 80, 6).startingAt(FIRST.atStartOfDay(ZoneOffset.UTC).toInstant());
        pipeline = SimulatedPipeline.deliver(scenario);
        String rejected = "{\"batch\":[{\"type\":\"track\",\"userId\":\"u1\"},{\"type\":\"identify\"},{\"type\":\"track\",\"userId\":\"u2\"}]}";
        assertThat(pipeline.collector().post("/v1/batch", rejected, "Content-Type", "application/json", "Authorization",
                dev.clickstream.collector.testing.CollectorHarness.basic(dev.clickstream.collector.testing.CollectorHarness.KEY))
                .statusCode()).isEqualTo(200);
        pipeline.runModels();
        DashboardCommand command = CommandLine.populateCommand(new DashboardCommand(), "--jdbc-url", pipeline.jdbcUrl());
        warehouse = command.target.openReadOnly();
        server = DashboardServer.start(new DashboardServer.Options("127.0.0.1", 0, "", 60), warehouse, Clock.systemUTC());
        chromium = new Chromium(1400, 1000);
    }

    @AfterAll
    static void stop() {
        if (chromium != null) chromium.close();
        if (server != null) server.close();
        if (warehouse != null) warehouse.close();
        if (pipeline != null) pipeline.close();
    }

    static WebElement panel(String name) {
        return chromium.driver().findElement(By.id("panel-" + name));
    }

    static Map<String, String> settledPanels() {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> PANELS.stream()
                .noneMatch(p -> "loading".equals(panel(p).getAttribute("data-state"))));
        Map<String, String> states = new HashMap<>();
        for (String p : PANELS) states.put(p, panel(p).getAttribute("data-state"));
        return states;
    }

    static void setRange(LocalDate from, LocalDate to) {
        for (String p : PANELS) chromium.script("document.getElementById('panel-' + arguments[0]).dataset.state = 'loading'", p);
        chromium.script("document.getElementById('from').value = arguments[0]; document.getElementById('to').value = arguments[1];"
                + "document.getElementById('filters').dispatchEvent(new Event('change'))", from.toString(), to.toString());
    }

    @Test
    void everyPanelDrawsAChartAndTheRangeChangesTheNumbers() {
        chromium.consoleErrors(); // only this page's
        chromium.driver().get(server.url());
        assertThat(settledPanels()).as("default range: nothing fails").doesNotContainValue("error");
        assertThat(chromium.driver().findElement(By.id("to")).getAttribute("value")).as("opens on the latest day with data")
                .isEqualTo(pipeline.events.stream().map(e -> e.trueTime().atZone(ZoneOffset.UTC).toLocalDate())
                        .max(LocalDate::compareTo).orElseThrow().toString());

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        setRange(FIRST, today);
        assertThat(settledPanels()).as("every panel over the whole range").allSatisfy((name, state) -> assertThat(state).as(name).isEqualTo("chart"));
        Map<String, String> whole = new HashMap<>();
        for (String p : PANELS) {
            WebElement chart = panel(p).findElement(By.cssSelector(".chart canvas"));
            assertThat(chart.getSize().getWidth() * chart.getSize().getHeight()).as(p + " canvas").isPositive();
            whole.put(p, panel(p).getAttribute("data-summary"));
            assertThat(whole.get(p)).as(p).isNotEqualTo("[]");
        }
        assertThat(panel("bot_flags").findElements(By.cssSelector("table td"))).as("evidence table").isNotEmpty();
        assertThat(chromium.driver().findElement(By.id("status")).getText()).startsWith("models last ran ");
        assertThat(chromium.driver().findElements(By.cssSelector("#source option"))).extracting(WebElement::getText)
                .contains("all sources", SimulatedPipeline.SOURCE);
        chromium.screenshot(SCREENSHOTS.resolve("dashboard.png"), Long.MAX_VALUE);
        chromium.screenshot(SCREENSHOTS.resolve("dashboard-top.png"), 1000);

        LocalDate oneDay = FIRST.plusDays(2);
        setRange(oneDay, oneDay);
        settledPanels();
        for (String p : List.of("unique_visitors_daily", "sessions_daily", "funnel", "categories_by_hour_and_weekday", "acquisition")) {
            assertThat(panel(p).getAttribute("data-state")).as(p).isEqualTo("chart");
            assertThat(panel(p).getAttribute("data-summary")).as(p + " over one day").isNotEqualTo(whole.get(p));
        }
        String oneDayVisitors = panel("unique_visitors_daily").getAttribute("data-summary");
        assertThat(oneDayVisitors).startsWith("[[\"" + oneDay + "\",");

        for (String p : PANELS) chromium.script("document.getElementById('panel-' + arguments[0]).dataset.state = 'loading'", p);
        chromium.script("const s = document.getElementById('source'); s.value = arguments[0];"
                + "document.getElementById('filters').dispatchEvent(new Event('change'))", SimulatedPipeline.SOURCE);
        settledPanels();
        assertThat(chromium.script("return location.hash")).asString().contains("source=" + SimulatedPipeline.SOURCE);
        assertThat(panel("unique_visitors_daily").getAttribute("data-summary")).as("the only source").isEqualTo(oneDayVisitors);

        List<?> foreign = (List<?>) chromium.script("return performance.getEntriesByType('resource').map(e => e.name)"
                + ".filter(n => !n.startsWith(location.origin))");
        assertThat(foreign).as("everything comes from the dashboard itself").isEmpty();
        assertThat(chromium.consoleErrors()).isEmpty();
    }

    @Test
    void anEmptyWarehouseSaysWhatToDo() {
        String url = TestPostgres.newDatabase();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser("postgres");
        chromium.consoleErrors(); // only this page's
        try (SqlExecutor empty = new JdbcExecutor(ds, null)) {
            new ModelRunner(empty, Dialect.POSTGRES, Clock.systemUTC()).setup();
            try (DashboardServer emptyServer = DashboardServer.start(new DashboardServer.Options("127.0.0.1", 0, "", 5), empty, Clock.systemUTC())) {
                chromium.driver().get(emptyServer.url());
                assertThat(settledPanels()).allSatisfy((name, state) -> assertThat(state).as(name).isEqualTo("empty"));
                assertThat(chromium.driver().findElement(By.id("notice")).getText()).contains("clickstream simulate");
                assertThat(panel("unique_visitors_daily").findElement(By.cssSelector(".hint")).getText())
                        .contains("no events in this range yet: run clickstream simulate");
                String status = chromium.driver().findElement(By.id("status")).getText();
                assertThat(status).contains("the models have not run yet");
                chromium.screenshot(SCREENSHOTS.resolve("dashboard-empty.png"), 1000);
                await("the page reloads itself").atMost(Duration.ofSeconds(20))
                        .until(() -> !chromium.driver().findElement(By.id("status")).getText().equals(status));
                assertThat(chromium.consoleErrors()).isEmpty();
                chromium.driver().get("about:blank"); // its reload timer must not outlive this server
                chromium.consoleErrors();
            }
        }
    }
}
