package dev.clickstream.cdk;

/**
 * Every alarm: what it watches, its threshold and the one-line runbook an operator follows when it fires. The one
 * source of truth: the alarms are built from these values and docs/aws.md's alarm table is generated from them. A
 * threshold is either a number here or a deploy setting ({@link #setting()}), read by {@link Monitoring}.
 */
public enum AlarmSpec {
    API_5XX_RATE("Api5xxRate", "≥", 1, null, "% of API requests answered 5xx, over 5 min, in 2 of 3 periods",
            "API Gateway or the VPC link cannot reach the collector: check the service's running task count and the target group's healthy hosts, then the collector log for errors."),
    COLLECTOR_503_RATE("Collector503Rate", "≥", 1, null, "% of requests the collector answers 5xx (its 503s: sink overloaded, unavailable, shutting down), over 5 min, in 2 of 3 periods",
            "Kinesis is throttling or unreachable, or the tasks are saturated: read Kinesis throttling and the collector's sink metrics on the dashboard; raise collectorMaxCount or switch the stream to on-demand."),
    KINESIS_THROTTLED("KinesisThrottledRecords", "≥", 100, null, "records Kinesis throttled, summed over 5 min, in 2 of 3 periods",
            "Writes exceed the stream's capacity: on-demand streams adapt within minutes (a sustained alarm means a hot spike above twice the previous peak); on a provisioned stream raise streamShards."),
    COLLECTOR_CPU("CollectorCpu", "≥", 85, null, "% average CPU of the collector service, 3 periods of 5 min",
            "Autoscaling is at collectorMaxCount or too slow: raise collectorMaxCount, or collectorCpu for bigger tasks."),
    MODEL_RUN_FAILED("ModelRunFailed", "≥", 1, null, "failure line in the models log per 5 min: model_run_failed (a model, or the run itself, failed) or models_run with status=\"failed\"",
            "Read the models log group for the failed model and its error (the alert topic also carries a model_failed alert with it); fix the data or the SQL, then the next scheduled run retries the same window."),
    MODEL_RUNS_MISSING("ModelRunsMissing", "<", 1, null, "models run that did not fail (a models_run line with status succeeded, nothing_to_do or skipped_locked) in 3 model intervals (at least 15 min); nothing logged counts as none",
            "The schedule is not starting tasks, or every run fails or dies before its end: check the schedule is enabled, the models log group, and the ECS cluster's stopped tasks (stopped reason)."),
    FRESHNESS("Freshness", ">", Double.NaN, Setting.FRESHNESS_INTERVALS, "model intervals: age of the newest modeled event (NewestEventAgeSeconds, which every models run reports; maximum), in 1 of 2 periods of one model interval",
            "Nothing new was modeled for that long: if StreamReadLag is quiet and the collector's accepted events are zero, the site simply had no visitors; otherwise read the models log (ModelRunFailed) and the runner's freshness alert evidence (docs/alerts.md)."),
    STREAM_READ_LAG("StreamReadLag", ">", Double.NaN, Setting.STREAM_LAG_MINUTES, "minutes: age of the records Redshift's streaming ingestion reads (Kinesis GetRecords.IteratorAgeMilliseconds, maximum), 3 periods of 5 min",
            "Redshift is not keeping up with the stream (workgroup paused or at its RPU ceiling, or the streaming view failing): check SYS_STREAM_SCAN_ERRORS and SYS_MV_REFRESH_HISTORY in Query Editor v2, and redshiftMaxRpu. Records older than streamRetentionHours are lost.");

    private final String id;
    private final String comparison;
    private final double threshold;
    private final Setting setting;
    private final String measure;
    private final String runbook;

    AlarmSpec(String id, String comparison, double threshold, Setting setting, String measure, String runbook) {
        this.id = id;
        this.comparison = comparison;
        this.threshold = threshold;
        this.setting = setting;
        this.measure = measure;
        this.runbook = runbook;
    }

    public String id() {
        return id;
    }

    /** The fixed threshold; NaN when a deploy setting gives it. */
    public double threshold() {
        return threshold;
    }

    /** The deploy setting that gives the threshold, or null for a fixed one. */
    public Setting setting() {
        return setting;
    }

    public software.amazon.awscdk.services.cloudwatch.ComparisonOperator comparisonOperator() {
        return switch (comparison) {
            case "≥" -> software.amazon.awscdk.services.cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
            case ">" -> software.amazon.awscdk.services.cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
            case "<" -> software.amazon.awscdk.services.cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD;
            default -> throw new IllegalStateException(comparison);
        };
    }

    public String runbook() {
        return runbook;
    }

    /** The alarm's description in AWS: threshold, measure and runbook, so the notification carries what to do. */
    public String description() {
        return "threshold: " + comparison + " " + (setting == null ? fmt(threshold) : setting.key()) + " " + measure
                + ". Runbook: " + runbook;
    }

    public static String markdownTable() {
        StringBuilder b = new StringBuilder("| alarm | fires when | runbook |\n|---|---|---|\n");
        for (AlarmSpec a : values()) {
            b.append("| `").append(a.id).append("` | ").append(a.comparison).append(' ')
                    .append(a.setting == null ? fmt(a.threshold)
                            : "`" + a.setting.key() + "` (default " + a.setting.defaultValue() + ")")
                    .append(' ').append(a.measure).append(" | ").append(a.runbook).append(" |\n");
        }
        return b.toString();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
