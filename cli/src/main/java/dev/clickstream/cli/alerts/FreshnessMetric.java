package dev.clickstream.cli.alerts;

import dev.clickstream.collector.metrics.CloudWatchEmf;
import dev.clickstream.warehouse.runner.ModeledFreshness;
import dev.clickstream.warehouse.runner.RunFailure;
import dev.clickstream.warehouse.runner.SqlExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.model.Unit;

import java.time.Clock;
import java.util.Map;

/**
 * After each {@code models run}, the newest modeled event's age ({@link ModeledFreshness}) as one CloudWatch
 * embedded-metric-format line on stdout, when metrics.cloudwatch-namespace is set: in AWS the task's log driver
 * carries it and CloudWatch turns it into the metric the freshness alarm watches. Nothing is written while no event
 * has been modeled; a failed query is logged and the run goes on.
 */
public final class FreshnessMetric {
    private static final Logger LOG = LoggerFactory.getLogger(FreshnessMetric.class);
    /** The metric's name and its one dimension: what the AWS deployment's alarm reads (a cdk test holds it to this). */
    public static final String METRIC = "NewestEventAgeSeconds";
    public static final Map<String, String> DIMENSIONS = Map.of("Table", "events");

    private FreshnessMetric() {}

    static void publish(SqlExecutor sql, String namespace, Clock clock) {
        if (namespace.isEmpty()) return;
        try {
            ModeledFreshness.newestEventAge(sql, clock).ifPresent(age ->
                    CloudWatchEmf.emit(namespace, METRIC, age.toMillis() / 1000.0, Unit.SECONDS, DIMENSIONS));
        } catch (RuntimeException e) {
            LOG.atWarn().setMessage("freshness_not_published").addKeyValue("error_class", RunFailure.of(e).errorClass()).log();
        }
    }
}
