package dev.clickstream.cdk;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
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
    /** Namespace of the metrics this stack derives from logs (model runs) and the collector publishes. */
    public static final String NAMESPACE = "Clickstream";
    static final String RUNS_FAILED = "ModelRunsFailed";
    static final String RUNS_SUCCEEDED = "ModelRunsSucceeded";

    private final Topic topic;
    private final List<Alarm> alarms = new ArrayList<>();
    private final int freshnessMinutes;

    public record Inputs(FrontDoor frontDoor, CollectorService collector, EventStream stream, Models models) {}

    public Monitoring(Construct scope, String id, DeploySettings s, Inputs in) {
        super(scope, id);
        freshnessMinutes = s.integer(Setting.FRESHNESS_MINUTES);
        Key key = Key.Builder.create(this, "TopicKey").description("clickstream: encrypts the alarm topic")
                .enableKeyRotation(true).build();
        key.grantEncryptDecrypt(new ServicePrincipal("cloudwatch.amazonaws.com"));
        topic = Topic.Builder.create(this, "Alerts").displayName("clickstream alarms").masterKey(key).enforceSsl(true).build();
        if (s.isSet(Setting.ALARM_EMAIL)) topic.addSubscription(new EmailSubscription(s.get(Setting.ALARM_EMAIL)));

        Duration five = Duration.minutes(5);
        IMetric api5xx = percent("api", in.frontDoor().api().metricServerError(sum(five)),
                in.frontDoor().api().metricCount(sum(five)), five);
        alarm(AlarmSpec.API_5XX_RATE, api5xx, 3, 2, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, TreatMissingData.NOT_BREACHING);

        var targets = in.collector().targetGroup().getMetrics();
        IMetric collector5xx = percent("collector", targets.httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, sum(five)),
                targets.requestCount(sum(five)), five);
        alarm(AlarmSpec.COLLECTOR_503_RATE, collector5xx, 3, 2, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, TreatMissingData.NOT_BREACHING);

        IMetric throttled = in.stream().stream().metricPutRecordsThrottledRecords(sum(five));
        alarm(AlarmSpec.KINESIS_THROTTLED, throttled, 3, 2, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, TreatMissingData.NOT_BREACHING);

        IMetric cpu = in.collector().service().metricCpuUtilization(MetricOptions.builder().period(five).statistic("Average").build());
        alarm(AlarmSpec.COLLECTOR_CPU, cpu, 3, 3, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, TreatMissingData.MISSING);

        Metric failed = runsMetric(in.models(), "Failed", RUNS_FAILED, "model_run_failed", five);
        alarm(AlarmSpec.MODEL_RUN_FAILED, failed, 1, 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, TreatMissingData.NOT_BREACHING);

        Duration window = Duration.minutes(Math.max(15, 3 * s.integer(Setting.MODEL_INTERVAL_MINUTES)));
        Metric succeeded = runsMetric(in.models(), "Succeeded", RUNS_SUCCEEDED, "model_run_succeeded", window);
        alarm(AlarmSpec.MODEL_RUNS_MISSING, succeeded, 1, 1, ComparisonOperator.LESS_THAN_THRESHOLD, TreatMissingData.BREACHING);

        IMetric iteratorAgeMinutes = MathExpression.Builder.create()
                .expression("age / 60000").label("oldest record Redshift read, minutes")
                .usingMetrics(Map.of("age", in.stream().stream().metricGetRecordsIteratorAgeMilliseconds(
                        MetricOptions.builder().period(five).statistic("Maximum").build())))
                .period(five).build();
        alarm(AlarmSpec.FRESHNESS, iteratorAgeMinutes, 3, 3, ComparisonOperator.GREATER_THAN_THRESHOLD,
                TreatMissingData.NOT_BREACHING);

        dashboard(in, api5xx, collector5xx, throttled, cpu, failed, succeeded, iteratorAgeMinutes);
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

    /** A metric counting the models log lines that carry the runner's structured event. */
    private static Metric runsMetric(Models models, String id, String name, String event, Duration period) {
        MetricFilter filter = MetricFilter.Builder.create(models, id + "Runs")
                .logGroup(models.logGroup())
                .filterPattern(FilterPattern.anyTerm(event))
                .metricNamespace(NAMESPACE).metricName(name).metricValue("1").defaultValue(0)
                .build();
        return filter.metric(MetricOptions.builder().period(period).statistic("Sum").build());
    }

    private Alarm alarm(AlarmSpec spec, IMetric metric, int periods, int datapoints, ComparisonOperator op, TreatMissingData missing) {
        Alarm alarm = Alarm.Builder.create(this, spec.id())
                .alarmDescription(spec.description())
                .metric(metric).threshold(spec == AlarmSpec.FRESHNESS ? freshnessMinutes : spec.threshold())
                .evaluationPeriods(periods).datapointsToAlarm(datapoints)
                .comparisonOperator(op).treatMissingData(missing)
                .build();
        SnsAction action = new SnsAction(topic);
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
        alarms.add(alarm);
        return alarm;
    }

    private void dashboard(Inputs in, IMetric api5xx, IMetric collector5xx, IMetric throttled, IMetric cpu, IMetric failed,
                           IMetric succeeded, IMetric iteratorAge) {
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
        d.addWidgets(graph("model runs", succeeded, failed));
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
