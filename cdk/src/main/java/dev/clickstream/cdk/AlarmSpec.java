package dev.clickstream.cdk;

/**
 * Every alarm: what it watches, its threshold and the one-line runbook an operator follows when it fires. The one
 * source of truth: the alarms are built from these values and docs/aws.md's alarm table is generated from them.
 */
public enum AlarmSpec {
    API_5XX_RATE("Api5xxRate", 1, "% of API requests answered 5xx, over 5 min, in 2 of 3 periods",
            "API Gateway or the VPC link cannot reach the collector: check the service's running task count and the target group's healthy hosts, then the collector log for errors."),
    COLLECTOR_503_RATE("Collector503Rate", 1, "% of requests the collector answers 5xx (its 503s: sink overloaded, unavailable, shutting down), over 5 min, in 2 of 3 periods",
            "Kinesis is throttling or unreachable, or the tasks are saturated: read Kinesis throttling and the collector's sink metrics on the dashboard; raise collectorMaxCount or switch the stream to on-demand."),
    KINESIS_THROTTLED("KinesisThrottledRecords", 100, "records Kinesis throttled, summed over 5 min, in 2 of 3 periods",
            "Writes exceed the stream's capacity: on-demand streams adapt within minutes (a sustained alarm means a hot spike above twice the previous peak); on a provisioned stream raise streamShards."),
    COLLECTOR_CPU("CollectorCpu", 85, "% average CPU of the collector service, 3 periods of 5 min",
            "Autoscaling is at collectorMaxCount or too slow: raise collectorMaxCount, or collectorCpu for bigger tasks."),
    MODEL_RUN_FAILED("ModelRunFailed", 1, "failed model run(s) in the models log (event=model_run_failed), per 5 min",
            "Read the models log group for the failed model and its error; fix the data or the SQL, then the next scheduled run retries the same window."),
    MODEL_RUNS_MISSING("ModelRunsMissing", 1, "successful model run (event=model_run_succeeded) in 3 model intervals (at least 15 min), or nothing logged at all",
            "The schedule is not starting tasks or every run dies early: check the schedule is enabled, the models log group, and the ECS cluster's stopped tasks (stopped reason)."),
    FRESHNESS("Freshness", 0, "minutes: age of the records Redshift's streaming ingestion reads (Kinesis GetRecords.IteratorAgeMilliseconds, maximum) above freshnessAlarmMinutes, 3 periods of 5 min",
            "Redshift is not keeping up with the stream (workgroup paused or at its RPU ceiling, or the streaming view failing): check SYS_STREAM_SCAN_ERRORS and SYS_MV_REFRESH_HISTORY in Query Editor v2, and redshiftMaxRpu. Records older than streamRetentionHours are lost.");

    private final String id;
    private final double threshold;
    private final String measure;
    private final String runbook;

    AlarmSpec(String id, double threshold, String measure, String runbook) {
        this.id = id;
        this.threshold = threshold;
        this.measure = measure;
        this.runbook = runbook;
    }

    public String id() {
        return id;
    }

    public double threshold() {
        return threshold;
    }

    public String runbook() {
        return runbook;
    }

    /** The alarm's description in AWS: threshold, measure and runbook, so the notification carries what to do. */
    public String description() {
        return (this == FRESHNESS ? "threshold: freshnessAlarmMinutes " : "threshold: " + fmt(threshold) + " ")
                + measure + ". Runbook: " + runbook;
    }

    public static String markdownTable() {
        StringBuilder b = new StringBuilder("| alarm | fires when | runbook |\n|---|---|---|\n");
        for (AlarmSpec a : values()) {
            b.append("| `").append(a.id).append("` | ")
                    .append(a == FRESHNESS ? "above `freshnessAlarmMinutes` (default 30) "
                            : (a == MODEL_RUNS_MISSING ? "< " : "≥ ") + fmt(a.threshold) + " ")
                    .append(a.measure).append(" | ").append(a.runbook).append(" |\n");
        }
        return b.toString();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
