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
        assertThat(setup.get("TaskDefinition")).isNotEqualTo(ecs.get("TaskDefinitionArn"));
        List<Object> setupCommand = null;
        List<Object> runCommand = null;
        for (Map<String, Object> task : APP.ofType("AWS::ECS::TaskDefinition").values()) {
            Map<String, Object> c = at(Synth.Result.props(task), "ContainerDefinitions", 0);
            List<Object> command = at(c, "Command");
            if (command.get(0).equals("models") && command.get(1).equals("setup")) setupCommand = command;
            if (command.get(0).equals("models") && command.get(1).equals("run")) runCommand = command;
        }
        assertThat(setupCommand).isNotNull().contains("--redshift-workgroup", "--redshift-database", "dev", "--redshift-secret-arn");
        assertThat(runCommand).isNotNull().hasSameSizeAs(setupCommand);
    }

    @Test
    void everyAlarmNotifiesTheTopicWithItsRunbook() {
        Map<String, Map<String, Object>> alarms = APP.ofType("AWS::CloudWatch::Alarm");
        assertThat(alarms).hasSize(AlarmSpec.values().length);
        String topic = APP.logicalId(APP.stack().monitoring().topic());
        for (AlarmSpec spec : AlarmSpec.values()) {
            Map<String, Object> alarm = alarms.values().stream().map(Synth.Result::props)
                    .filter(a -> spec.description().equals(a.get("AlarmDescription"))).findFirst().orElseThrow();
            double expected = spec == AlarmSpec.FRESHNESS ? 30 : spec.threshold();
            assertThat(((Number) alarm.get("Threshold")).doubleValue()).as(spec.id()).isEqualTo(expected);
            assertThat((List<Object>) alarm.get("AlarmActions")).containsExactly(Map.of("Ref", topic));
        }
        assertThat(APP.single("AWS::SNS::Topic")).containsKey("KmsMasterKeyId");
        assertThat(APP.ofType("AWS::CloudWatch::Dashboard")).hasSize(1);
    }

    @Test
    void modelRunOutcomesBecomeMetricsFromTheModelsLog() {
        Map<String, Map<String, Object>> filters = APP.ofType("AWS::Logs::MetricFilter");
        assertThat(filters.values().stream().map(f -> (String) Synth.Result.props(f).get("FilterPattern")).toList())
                .containsExactlyInAnyOrder("\"model_run_failed\"", "\"model_run_succeeded\"");
        for (Map<String, Object> f : filters.values()) {
            assertThat(Synth.Result.props(f).get("LogGroupName")).isEqualTo(Map.of("Ref", APP.logicalId(APP.stack().models().logGroup())));
        }
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
