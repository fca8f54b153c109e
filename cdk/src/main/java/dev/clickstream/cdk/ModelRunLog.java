package dev.clickstream.cdk;

import java.util.List;
import java.util.Map;

/**
 * What the alarms read from the models task: its structured log lines (the runner's contract, docs/warehouse.md) as
 * CloudWatch Logs filter patterns, and the freshness metric every run writes as an embedded-metric-format line.
 *
 * <p>A line reads {@code ts=… level=INFO logger=RunRecorder msg="models_run" status="nothing_to_do" models="0" …}
 * (logfmt, values in double quotes). Filter patterns for such unstructured events are terms: a term with anything but
 * letters and digits goes in double quotes (a quote inside is escaped with a backslash, as CDK's FilterPattern does),
 * terms side by side must all appear, and {@code -"term"} excludes events that contain the term
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html). ModelRunLogTest runs the
 * real runner on PostgreSQL, formats its lines with the packaged logging configuration and matches these patterns
 * against them, so a change of the log format fails a test rather than an alarm.
 */
public final class ModelRunLog {
    private ModelRunLog() {}

    /**
     * Every {@code models run} that did not fail: its one {@code models_run} line, unless the status is failed. So a
     * run with nothing to do (a quiet site) or one that found the lock held counts as a run that happened.
     */
    public static final String RUN_NOT_FAILED = term("models_run") + " -" + term("status=\"failed\"");

    /**
     * A failure: a model's (or the run's own) {@code model_run_failed}, or a failed run's {@code models_run}. Two
     * patterns feeding one metric; a failing run shows up in both, so the metric counts failure lines.
     */
    public static final List<String> FAILED = List.of(term("model_run_failed"),
            term("models_run") + " " + term("status=\"failed\""));

    /** The freshness metric: what {@code models run} writes with metrics.cloudwatch-namespace set (cli FreshnessMetric). */
    public static final String FRESHNESS_METRIC = "NewestEventAgeSeconds";
    public static final Map<String, String> FRESHNESS_DIMENSIONS = Map.of("Table", "events");

    /** One quoted term: backslashes and double quotes escaped. */
    static String term(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
