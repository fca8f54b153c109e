package dev.clickstream.cdk;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The alert topic, the alarms of {@link AlarmSpec} and a dashboard with the same signals. */
public final class Monitoring extends Construct {
    /** Namespace of the metrics this stack derives from logs (model runs) and the models task writes (freshness). */
    public static final String NAMESPACE = "Clickstream";
    static final String RUNS_FAILED = "ModelRunFailures";
    static final String RUNS_NOT_FAILED = "ModelRunsNotFailed";

    private final Topic topic;
    private final List<Alarm> alarms = new ArrayList<>();
    private final DeploySettings settings;

    public record Inputs(FrontDoor frontDoor, CollectorService collector, EventStream stream, Models models) {}

    public Monitoring(Construct scope, String id, DeploySettings s, Inputs in) {
        super(scope, id);
        settings = s;
        Key key = Key.Builder.create(this, "TopicKey").description("clickstream: encrypts the alarm topic")
                .enableKeyRotation(true).build();
        key.grantEncryptDecrypt(new ServicePrincipal("cloudwatch.amazonaws.com"));
        topic = Topic.Builder.create(this, "Alerts").displayName("clickstream alarms").masterKey(key).enforceSsl(true).build();
        if (s.isSet(Setting.ALARM_EMAIL)) topic.addSubscription(new EmailSubscription(s.get(Setting.ALARM_EMAIL)));

        Duration five = Duration.minutes(5);
        IMetric api5xx = percent("api", in.frontDoor().api().metricServerError(sum(five)),
                in.frontDoor().api().metricCount(sum(five)), five);
        alarm(AlarmSpec.API_5XX_RATE, api5xx, 3, 2, TreatMissingData.NOT_BREACHING);

        var targets = in.collector().targetGroup().getMetrics();
        IMetric collector5xx = percent("collector", targets.httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, sum(five)),
                targets.requestCount(sum(five)), five);
        alarm(AlarmSpec.COLLECTOR_503_RATE, collector5xx, 3, 2, TreatMissingData.NOT_BREACHING);

        IMetric throttled = in.stream().stream().metricPutRecordsThrottledRecords(sum(five));
        alarm(AlarmSpec.KINESIS_THROTTLED, throttled, 3, 2, TreatMissingData.NOT_BREACHING);

        IMetric cpu = in.collector().service().metricCpuUtilization(MetricOptions.builder().period(five).statistic("Average").build());
        alarm(AlarmSpec.COLLECTOR_CPU, cpu, 3, 3, TreatMissingData.MISSING);

        Metric failed = runsMetric(in.models(), "Failed", RUNS_FAILED, ModelRunLog.FAILED, five);
        alarm(AlarmSpec.MODEL_RUN_FAILED, failed, 1, 1, TreatMissingData.NOT_BREACHING);

        int interval = s.integer(Setting.MODEL_INTERVAL_MINUTES);
        Duration window = Duration.minutes(Math.max(15, 3 * interval));
        Metric notFailed = runsMetric(in.models(), "NotFailed", RUNS_NOT_FAILED, List.of(ModelRunLog.RUN_NOT_FAILED), window);
        alarm(AlarmSpec.MODEL_RUNS_MISSING, notFailed, 1, 1, TreatMissingData.BREACHING);

        // one value per run: periods of one interval (CloudWatch evaluates at most a day: 2 periods of 12 h at most);
        // 1 of 2 periods keeps the alarm through a period the run's value fell just outside of
        Duration period = Duration.minutes(Math.min(interval, 720));
        IMetric newestEventAge = Metric.Builder.create().namespace(NAMESPACE).metricName(ModelRunLog.FRESHNESS_METRIC)
                .dimensionsMap(ModelRunLog.FRESHNESS_DIMENSIONS).statistic("Maximum").period(period)
                .label("newest modeled event, age in seconds").build();
        if (s.integer(Setting.FRESHNESS_INTERVALS) > 0) {
            alarm(AlarmSpec.FRESHNESS, newestEventAge, 2, 1, TreatMissingData.NOT_BREACHING);
        }

        IMetric iteratorAgeMinutes = MathExpression.Builder.create()
                .expression("age / 60000").label("oldest record Redshift read, minutes")
                .usingMetrics(Map.of("age", in.stream().stream().metricGetRecordsIteratorAgeMilliseconds(
                        MetricOptions.builder().period(five).statistic("Maximum").build())))
                .period(five).build();
        alarm(AlarmSpec.STREAM_READ_LAG, iteratorAgeMinutes, 3, 3, TreatMissingData.NOT_BREACHING);

        dashboard(in, api5xx, collector5xx, throttled, cpu, failed, notFailed, newestEventAge, iteratorAgeMinutes);
    }

    /** A fixed threshold, or the one its setting gives: Freshness in seconds (intervals × interval), the rest as set. */
    private double threshold(AlarmSpec spec) {
        if (spec.setting() == null) return spec.threshold();
        int value = settings.integer(spec.setting());
        return spec == AlarmSpec.FRESHNESS ? value * settings.integer(Setting.MODEL_INTERVAL_MINUTES) * 60.0 : value;
    }

    private static MetricOptions sum(Duration period) {
        return MetricOptions.builder().period(period).statistic("Sum").build();
    }

    private static IMetric percent(String label, IMetric errors, IMetric total, Duration period) {
        return MathExpression.Builder.create()
                .expression("IF(total > 0, 100 * errors / total, 0)")
                .label(label + " 5xx, % of requests")
                .usingMetrics(Map.of("errors", errors, "total", total))
                .period(period).build();
    }

    /** A metric counting the models log lines that match any of the patterns (one metric filter per pattern). */
    private static Metric runsMetric(Models models, String id, String name, List<String> patterns, Duration period) {
        MetricFilter first = null;
        for (int i = 0; i < patterns.size(); i++) {
            MetricFilter filter = MetricFilter.Builder.create(models, id + "Runs" + (i == 0 ? "" : String.valueOf(i + 1)))
                    .logGroup(models.logGroup())
                    .filterPattern(FilterPattern.literal(patterns.get(i)))
                    .metricNamespace(NAMESPACE).metricName(name).metricValue("1").defaultValue(0)
                    .build();
            if (first == null) first = filter;
        }
        return first.metric(MetricOptions.builder().period(period).statistic("Sum").build());
    }

    private Alarm alarm(AlarmSpec spec, IMetric metric, int periods, int datapoints, TreatMissingData missing) {
        Alarm alarm = Alarm.Builder.create(this, spec.id())
                .alarmDescription(spec.description())
                .metric(metric).threshold(threshold(spec))
                .evaluationPeriods(periods).datapointsToAlarm(datapoints)
                .comparisonOperator(spec.comparisonOperator()).treatMissingData(missing)
                .build();
        SnsAction action = new SnsAction(topic);
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
        alarms.add(alarm);
        return alarm;
    }

    private void dashboard(Inputs in, IMetric api5xx, IMetric collector5xx, IMetric throttled, IMetric cpu, IMetric failed,
                           IMetric notFailed, IMetric newestEventAge, IMetric iteratorAge) {
        Duration five = Duration.minutes(5);
        Dashboard d = Dashboard.Builder.create(this, "Dashboard").dashboardName("clickstream").build();
        d.addWidgets(AlarmStatusWidget.Builder.create().title("alarms").alarms(new ArrayList<IAlarm>(alarms)).width(24).build());
        d.addWidgets(
                graph("API requests", in.frontDoor().api().metricCount(sum(five))),
                graph("API 5xx %", api5xx),
                graph("API latency p99 (ms)", in.frontDoor().api().metricLatency(
                        MetricOptions.builder().period(five).statistic("p99").build())));
        d.addWidgets(
                graph("collector 5xx %", collector5xx),
                graph("collector CPU % / tasks", cpu, in.collector().targetGroup().getMetrics().healthyHostCount(
                        MetricOptions.builder().period(five).statistic("Minimum").build())),
                graph("events accepted and rejected (collector)", MathExpression.Builder.create()
                        .expression("SEARCH('{" + CollectorEnvironment.COLLECTOR_METRICS_NAMESPACE + ",endpoint,outcome,source} MetricName=\"collector.events\"', 'Sum', 300)")
                        .label("events").period(five).build()));
        d.addWidgets(
                graph("Kinesis records in", in.stream().stream().metricIncomingRecords(sum(five))),
                graph("Kinesis throttled records", throttled),
                graph("minutes behind (Redshift read age)", iteratorAge));
        d.addWidgets(
                graph("model runs (not failed) / failure lines", notFailed, failed),
                graph("newest modeled event, age (s)", newestEventAge));
    }

    private static GraphWidget graph(String title, IMetric... metrics) {
        return GraphWidget.Builder.create().title(title).left(List.of(metrics)).width(8).build();
    }

    public Topic topic() {
        return topic;
    }

    public List<Alarm> alarms() {
        return alarms;
    }
}
