package dev.clickstream.cdk;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.read.ListAppender;
import dev.clickstream.cli.Main;
import dev.clickstream.cli.alerts.ModelsRunAlerts;
import dev.clickstream.collector.config.ConfigKey;
import dev.clickstream.warehouse.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import software.amazon.awscdk.services.logs.FilterPattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The model-run alarms' filter patterns ({@link ModelRunLog}) against what the scheduled task really writes: the real
 * {@code clickstream models run}, with the run task's environment from the synthesized template, on an embedded
 * PostgreSQL, its log lines formatted by the packaged logging configuration (the collector's logback.xml, which the
 * runnable jar carries), plus its stdout. Each of the four outcomes of a run is produced once. A quiet site (nothing
 * to do) and a run that found the lock held count as runs; only a failed run counts as a failure.
 */
class ModelRunLogTest {
    private static final Synth.Result APP = Synth.defaults();
    private static final ListAppender<ILoggingEvent> CAPTURED = new ListAppender<>();
    private static LoggerContext packaged;
    private static Encoder<ILoggingEvent> packagedEncoder;
    private static String url;

    @BeforeAll
    static void packagedLoggingAndAWarehouse() throws Exception {
        List<URL> configs = Collections.list(ModelRunLogTest.class.getClassLoader().getResources("logback.xml"));
        assertThat(configs).as("the runnable jar's logging configuration").singleElement()
                .satisfies(u -> assertThat(u.toString()).contains("collector"));
        packaged = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(packaged);
        configurator.doConfigure(configs.get(0));
        packagedEncoder = ((OutputStreamAppender<ILoggingEvent>) packaged.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).getEncoder();

        CAPTURED.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        CAPTURED.start();
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).addAppender(CAPTURED);

        url = TestPostgres.newDatabase();
        run(0, "models", "setup", "--jdbc-url", url);
    }

    @AfterAll
    static void detach() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(CAPTURED);
        packaged.stop();
    }

    /** What one invocation left in its log group: the log lines the packaged configuration writes, and stdout. */
    record Invocation(List<String> lines, String stdout) {
        long count(String pattern) {
            return lines.stream().filter(l -> FilterPatternMatcher.matches(pattern, l)).count();
        }

        long failures() {
            return ModelRunLog.FAILED.stream().mapToLong(this::count).sum();
        }
    }

    private static Invocation run(int expectedExit, String... args) {
        CAPTURED.list.clear();
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter text = new StringWriter();
        int exit;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(text, true));
            cl.setErr(new PrintWriter(text, true));
            exit = cl.execute(args);
        } finally {
            System.setOut(stdout);
        }
        assertThat(exit).as(text.toString()).isEqualTo(expectedExit);
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : List.copyOf(CAPTURED.list)) {
            if (!packaged.getLogger(e.getLoggerName()).isEnabledFor(e.getLevel())) continue;
            lines.add(new String(packagedEncoder.encode(e), StandardCharsets.UTF_8).stripTrailing());
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        lines.addAll(printed.lines().toList());
        lines.addAll(text.toString().lines().toList());
        return new Invocation(lines, printed);
    }

    /** {@code models run} as the schedule starts it: the run task's literal variables as flags, PostgreSQL as target. */
    private static Invocation scheduledRun(int expectedExit) {
        List<String> args = new ArrayList<>(List.of("models", "run", "--jdbc-url", url));
        List<Map<String, Object>> env = Synth.at(ModelsContainerTest.container(APP.stack().models().runTask()), "Environment");
        for (Map<String, Object> e : env) {
            if (!(e.get("Value") instanceof String value)) continue;   // the topic's ARN: publishing needs AWS
            ConfigKey<?> key = ModelsRunAlerts.KEYS.stream().filter(k -> k.envVar().equals(e.get("Name"))).findFirst().orElseThrow();
            args.addAll(List.of(key.flag(), value));
        }
        return run(expectedExit, args.toArray(String[]::new));
    }

    private static void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            for (String statement : statements) s.execute(statement);
        }
    }

    private static void anEvent(String id) throws Exception {
        String now = Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
        String at = now.replace('T', ' ').replace("Z", "");
        sql("INSERT INTO clickstream.raw_events (approximate_arrival_timestamp, partition_key, shard_id, refresh_time, payload) "
                + "VALUES (CAST('" + at + "' AS TIMESTAMP), 'k', 'direct', CAST('" + at + "' AS TIMESTAMP), CAST('"
                + "{\"kind\":\"event\",\"message_id\":\"" + id + "\",\"type\":\"page\",\"anonymous_id\":\"a1\",\"timestamp\":\""
                + now + "\",\"received_at\":\"" + now + "\",\"source\":\"web\"}' AS JSONB))");
    }

    @Test
    void everyOutcomeCountsWhereTheAlarmsExpectIt() throws Exception {
        Invocation quiet = scheduledRun(0);
        assertThat(quiet.lines()).anyMatch(l -> l.contains("msg=\"models_run\" status=\"nothing_to_do\""));
        assertThat(quiet.count(ModelRunLog.RUN_NOT_FAILED)).as("a quiet site still runs").isEqualTo(1);
        assertThat(quiet.failures()).isZero();
        assertThat(metricLines(quiet)).as("no age before anything is modeled").isEmpty();

        anEvent("m1");
        Invocation succeeded = scheduledRun(0);
        assertThat(succeeded.lines()).anyMatch(l -> l.contains("msg=\"models_run\" status=\"succeeded\""))
                .anyMatch(l -> l.contains("msg=\"model_run_succeeded\""));
        assertThat(succeeded.count(ModelRunLog.RUN_NOT_FAILED)).as("one per run, not per model").isEqualTo(1);
        assertThat(succeeded.failures()).isZero();
        reportsTheAgeTheFreshnessAlarmWatches(succeeded);

        sql("INSERT INTO clickstream.run_lock (name, holder, acquired_at, expires_at) VALUES ('models', 'another run', "
                + "CAST('2020-01-01 00:00:00' AS TIMESTAMP), CAST('2999-01-01 00:00:00' AS TIMESTAMP))");
        Invocation locked = scheduledRun(0);
        sql("DELETE FROM clickstream.run_lock");
        assertThat(locked.lines()).anyMatch(l -> l.contains("msg=\"models_run\" status=\"skipped_locked\""));
        assertThat(locked.count(ModelRunLog.RUN_NOT_FAILED)).isEqualTo(1);
        assertThat(locked.failures()).isZero();

        anEvent("m2");
        sql("ALTER TABLE clickstream.daily_metrics RENAME TO daily_metrics_away");
        Invocation failed = scheduledRun(1);
        sql("ALTER TABLE clickstream.daily_metrics_away RENAME TO daily_metrics");
        assertThat(failed.lines()).anyMatch(l -> l.contains("level=ERROR") && l.contains("msg=\"models_run\" status=\"failed\""));
        assertThat(failed.count(ModelRunLog.RUN_NOT_FAILED)).as("a failed run is no run").isZero();
        assertThat(failed.count(ModelRunLog.FAILED.get(0))).as("model_run_failed").isEqualTo(1);
        assertThat(failed.count(ModelRunLog.FAILED.get(1))).as("models_run status=failed").isEqualTo(1);
    }

    private static List<JsonNode> metricLines(Invocation run) {
        return run.stdout().lines().filter(l -> l.contains("\"_aws\"")).map(new ObjectMapper()::readTree).toList();
    }

    /** The embedded-metric-format line the run wrote: the namespace, name and dimensions the Freshness alarm reads. */
    private static void reportsTheAgeTheFreshnessAlarmWatches(Invocation run) {
        List<JsonNode> metrics = metricLines(run);
        assertThat(metrics).hasSize(1);
        JsonNode line = metrics.get(0);
        JsonNode directive = line.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asString()).isEqualTo(Monitoring.NAMESPACE);
        assertThat(directive.get("Metrics").get(0).get("Name").asString()).isEqualTo(ModelRunLog.FRESHNESS_METRIC);
        List<String> dimensions = new ArrayList<>();
        directive.get("Dimensions").get(0).forEach(d -> dimensions.add(d.asString()));
        assertThat(dimensions).containsExactlyInAnyOrderElementsOf(ModelRunLog.FRESHNESS_DIMENSIONS.keySet());
        ModelRunLog.FRESHNESS_DIMENSIONS.forEach((k, v) -> assertThat(line.get(k).asString()).isEqualTo(v));
        assertThat(line.get(ModelRunLog.FRESHNESS_METRIC).asDouble()).isBetween(0.0, 600.0);
    }

    @Test
    void thePatternsAreQuotedAsCdkQuotesTermsAndMeanWhatThePageSays() {
        assertThat(ModelRunLog.FAILED.get(1)).isEqualTo(FilterPattern.allTerms("models_run", "status=\"failed\"").getLogPatternString());
        assertThat(ModelRunLog.FAILED.get(0)).isEqualTo(FilterPattern.anyTerm("model_run_failed").getLogPatternString());
        assertThat(FilterPatternMatcher.matches("ERROR", "[ERROR 400] BAD REQUEST")).isTrue();
        assertThat(FilterPatternMatcher.matches("ERROR -BAD", "[ERROR 400] BAD REQUEST")).isFalse();
        assertThat(FilterPatternMatcher.matches("?ERROR ?WARN", "[WARN] low disk")).isTrue();
        assertThat(FilterPatternMatcher.matches("\"status=\\\"failed\\\"\"", "status=\"failed\" x")).isTrue();
        assertThatThrownBy(() -> FilterPatternMatcher.matches("models_run", "x")).hasMessageContaining("needs quotes");
        assertThatThrownBy(() -> FilterPatternMatcher.matches("?ERROR WARN", "x")).hasMessageContaining("not documented");
        assertThatThrownBy(() -> FilterPatternMatcher.matches("\"run\"", "msg=rerun")).hasMessageContaining("longer word");
    }
}
