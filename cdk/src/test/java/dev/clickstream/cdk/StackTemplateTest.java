package dev.clickstream.cdk;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.clickstream.cdk.Synth.at;
import static org.assertj.core.api.Assertions.assertThat;

/** The default deployment's resources and the properties that matter for data safety and privacy. */
class StackTemplateTest {
    private static final Synth.Result APP = Synth.defaults();

    @Test
    void streamIsOnDemandKmsEncryptedAndKeepsAWeek() {
        Map<String, Object> stream = APP.single("AWS::Kinesis::Stream");
        assertThat(stream).containsEntry("Name", EventStream.NAME).containsEntry("RetentionPeriodHours", 168);
        assertThat((Map<String, Object>) at(stream, "StreamModeDetails")).containsEntry("StreamMode", "ON_DEMAND");
        assertThat((Map<String, Object>) at(stream, "StreamEncryption")).containsEntry("EncryptionType", "KMS")
                .containsEntry("KeyId", Map.of("Fn::GetAtt", List.of(APP.logicalId(APP.stack().stream().stream().getEncryptionKey()), "Arn")));
        assertThat(APP.resources().get(APP.logicalId(APP.stack().stream().stream()))).containsEntry("DeletionPolicy", "Retain");
    }

    /** One name everywhere: the collector's kinesis.stream default, the stream, and the view that reads it. */
    @Test
    void streamingViewReadsTheStreamTheCollectorWritesByDefault() throws Exception {
        String sql = java.nio.file.Files.readString(Synth.REPO.resolve("redshift-sql/setup/redshift/02_streaming_mv.sql"));
        java.util.regex.Matcher from = java.util.regex.Pattern.compile("(?i)\\bFROM\\s+kds\\.\"([^\"]+)\"").matcher(sql);
        assertThat(from.find()).as("the view reads kds.\"<stream>\"").isTrue();
        assertThat(from.group(1)).isEqualTo(EventStream.NAME)
                .isEqualTo(dev.clickstream.collector.config.CollectorKeys.KINESIS_STREAM.defaultValue());
    }

    @Test
    void workgroupIsPrivateAndItsAdminPasswordLivesInSecretsManager() {
        Map<String, Object> workgroup = APP.single("AWS::RedshiftServerless::Workgroup");
        assertThat(workgroup).containsEntry("PubliclyAccessible", false).containsEntry("BaseCapacity", 8)
                .containsEntry("MaxCapacity", 32).containsEntry("NamespaceName", Warehouse.NAME);
        List<Object> subnets = at(workgroup, "SubnetIds");
        assertThat(subnets).hasSize(2).allSatisfy(s -> assertThat(s.toString()).contains("privateSubnet"));
        Map<String, Object> namespace = APP.single("AWS::RedshiftServerless::Namespace");
        assertThat(namespace.get("AdminUserPassword").toString()).startsWith("{Fn::Join=[, [{{resolve:secretsmanager:")
                .endsWith(":SecretString:password::}}]]}");
    }

    @Test
    void collectorRunsInPrivateSubnetsAndScalesOnCpuAndRequests() {
        Map<String, Object> service = APP.single("AWS::ECS::Service");
        assertThat((String) at(service, "NetworkConfiguration", "AwsvpcConfiguration", "AssignPublicIp")).isEqualTo("DISABLED");
        assertThat(at(service, "NetworkConfiguration", "AwsvpcConfiguration", "Subnets").toString()).contains("privateSubnet")
                .doesNotContain("publicSubnet");
        assertThat(APP.ofType("AWS::ApplicationAutoScaling::ScalingPolicy").values().stream()
                .map(p -> (String) at(Synth.Result.props(p), "TargetTrackingScalingPolicyConfiguration",
                        "PredefinedMetricSpecification", "PredefinedMetricType")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("ECSServiceAverageCPUUtilization", "ALBRequestCountPerTarget");
        Map<String, Object> target = APP.single("AWS::ApplicationAutoScaling::ScalableTarget");
        assertThat(target).containsEntry("MinCapacity", 2).containsEntry("MaxCapacity", 10);
    }

    @Test
    void modelsRunOnAScheduleAfterTheSetupTheDeployWaitsFor() {
        Map<String, Object> schedule = APP.single("AWS::Scheduler::Schedule");
        assertThat(schedule).containsEntry("ScheduleExpression", "rate(5 minutes)");
        Map<String, Object> ecs = at(schedule, "Target", "EcsParameters");
        assertThat(ecs).containsEntry("LaunchType", "FARGATE")
                .containsEntry("TaskDefinitionArn", Map.of("Ref", APP.logicalId(APP.stack().models().runTask())));
        assertThat((String) at(ecs, "NetworkConfiguration", "AwsvpcConfiguration", "AssignPublicIp")).isEqualTo("DISABLED");
        String scheduleId = APP.logicalId(APP.stack().models().schedule());
        String setupId = APP.logicalId(APP.stack().models().setup());
        assertThat((List<String>) APP.resources().get(scheduleId).get("DependsOn")).contains(setupId);
        Map<String, Object> setup = Synth.Result.props(APP.resources().get(setupId));
        assertThat(APP.resources().get(setupId)).containsEntry("Type", "Custom::ClickstreamWarehouseSetup");
        assertThat(setup).containsEntry("TaskDefinition", Map.of("Ref", APP.logicalId(APP.stack().models().setupTask())))
                .containsEntry("LogGroup", Map.of("Ref", APP.logicalId(APP.stack().models().setupLogGroup())));
        // the setup task runs setup, then the check, over the run's own connection flags
        Map<String, Object> setupContainer = ModelsContainerTest.container(APP.stack().models().setupTask());
        assertThat((List<Object>) setupContainer.get("EntryPoint")).containsExactly("/bin/bash", "-c", Models.SETUP_THEN_CHECK, "clickstream-setup");
        List<Object> runCommand = at(ModelsContainerTest.container(APP.stack().models().runTask()), "Command");
        assertThat(runCommand.subList(0, 2)).containsExactly("models", "run");
        assertThat((List<Object>) setupContainer.get("Command")).isEqualTo(runCommand.subList(2, runCommand.size()))
                .contains("--redshift-workgroup", "--redshift-database", "dev", "--redshift-secret-arn");
    }

    @Test
    void everyAlarmNotifiesTheTopicWithItsRunbook() {
        Map<String, Map<String, Object>> alarms = APP.ofType("AWS::CloudWatch::Alarm");
        assertThat(alarms).hasSize(AlarmSpec.values().length);
        String topic = APP.logicalId(APP.stack().monitoring().topic());
        Map<AlarmSpec, Double> fromSettings = Map.of(AlarmSpec.FRESHNESS, 6 * 5 * 60.0, AlarmSpec.STREAM_READ_LAG, 30.0);
        for (AlarmSpec spec : AlarmSpec.values()) {
            Map<String, Object> alarm = alarms.values().stream().map(Synth.Result::props)
                    .filter(a -> spec.description().equals(a.get("AlarmDescription"))).findFirst().orElseThrow();
            double expected = spec.setting() == null ? spec.threshold() : fromSettings.get(spec);
            assertThat(((Number) alarm.get("Threshold")).doubleValue()).as(spec.id()).isEqualTo(expected);
            assertThat((List<Object>) alarm.get("AlarmActions")).containsExactly(Map.of("Ref", topic));
        }
        assertThat(APP.single("AWS::SNS::Topic")).containsKey("KmsMasterKeyId");
        assertThat(APP.ofType("AWS::CloudWatch::Dashboard")).hasSize(1);
    }

    @Test
    void freshnessWatchesTheAgeEveryModelRunReports() {
        Map<String, Object> alarm = APP.ofType("AWS::CloudWatch::Alarm").values().stream().map(Synth.Result::props)
                .filter(a -> AlarmSpec.FRESHNESS.description().equals(a.get("AlarmDescription"))).findFirst().orElseThrow();
        assertThat(alarm).containsEntry("Threshold", 1800).containsEntry("EvaluationPeriods", 2).containsEntry("DatapointsToAlarm", 1)
                .containsEntry("ComparisonOperator", "GreaterThanThreshold").containsEntry("TreatMissingData", "notBreaching");
        Map<String, Object> stat = at(alarm, "Metrics", 0, "MetricStat");
        assertThat(stat).containsEntry("Stat", "Maximum").containsEntry("Period", 300);
        assertThat((Map<String, Object>) stat.get("Metric")).containsEntry("Namespace", Monitoring.NAMESPACE)
                .containsEntry("MetricName", ModelRunLog.FRESHNESS_METRIC)
                .containsEntry("Dimensions", List.of(Map.of("Name", "Table", "Value", "events")));
    }

    @Test
    void modelRunOutcomesBecomeMetricsFromTheRunsLogOnly() {
        Map<String, Map<String, Object>> filters = APP.ofType("AWS::Logs::MetricFilter");
        List<String> expected = new java.util.ArrayList<>(ModelRunLog.FAILED);
        expected.add(ModelRunLog.RUN_NOT_FAILED);
        assertThat(filters.values().stream().map(f -> (String) Synth.Result.props(f).get("FilterPattern")).toList())
                .containsExactlyInAnyOrderElementsOf(expected);
        for (Map<String, Object> f : filters.values()) {
            assertThat(Synth.Result.props(f).get("LogGroupName")).isEqualTo(Map.of("Ref", APP.logicalId(APP.stack().models().logGroup())));
        }
        // the setup task (whose check runs the models once, in a scratch schema) logs elsewhere
        assertThat(APP.logicalId(APP.stack().models().setupLogGroup())).isNotEqualTo(APP.logicalId(APP.stack().models().logGroup()));
    }

    @Test
    void everyLogGroupIsEncryptedAndExpires() {
        Map<String, Map<String, Object>> groups = APP.ofType("AWS::Logs::LogGroup");
        assertThat(groups).hasSizeGreaterThanOrEqualTo(4);
        for (Map<String, Object> g : groups.values()) {
            if (Synth.Result.props(g) == null) continue;
            assertThat(Synth.Result.props(g)).containsEntry("RetentionInDays", 30).containsKey("KmsKeyId");
        }
    }

    @Test
    void outputsTellHowToReadTheWriteKey() {
        Map<String, Object> outputs = (Map<String, Object>) APP.template().toJSON().get("Outputs");
        assertThat(at(outputs, "WriteKeyCommand", "Value").toString()).contains("aws secretsmanager get-secret-value --region ")
                .contains(APP.logicalId(APP.stack().writeKeys().defaultKey())).contains("--query SecretString --output text");
        assertThat(outputs).containsKeys("CollectorUrl", "WarehouseWorkgroup", "WarehouseAdminSecret", "AlarmTopic")
                .doesNotContainKey("StreamingRoleCommand");
    }
}
