package dev.clickstream.cdk;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.clickstream.cdk.Synth.at;
import static org.assertj.core.api.Assertions.assertThat;

/** A user with a VPC and a Redshift Serverless workgroup of their own: both are used, neither is created. */
class ImportedVariantTest {
    private static final Synth.Result APP = Synth.imported();

    @Test
    void createsNoNetworkAndNoWarehouse() {
        assertThat(APP.ofType("AWS::EC2::VPC")).isEmpty();
        assertThat(APP.ofType("AWS::EC2::NatGateway")).isEmpty();
        assertThat(APP.ofType("AWS::RedshiftServerless::Namespace")).isEmpty();
        assertThat(APP.ofType("AWS::RedshiftServerless::Workgroup")).isEmpty();
        assertThat(APP.ofType("AWS::Kinesis::Stream")).hasSize(1);
    }

    @Test
    void runsInTheGivenSubnets() {
        Map<String, Object> service = APP.single("AWS::ECS::Service");
        assertThat((List<Object>) at(service, "NetworkConfiguration", "AwsvpcConfiguration", "Subnets"))
                .containsExactly("subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2");
        assertThat(APP.single("AWS::ElasticLoadBalancingV2::LoadBalancer").get("Subnets"))
                .isEqualTo(List.of("subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"));
    }

    @Test
    void withoutItsCidrTheCollectorTrustsThePrivateRangesAsProxies() {
        String trusted = null;
        for (Map<String, Object> task : APP.ofType("AWS::ECS::TaskDefinition").values()) {
            List<Map<String, Object>> env = at(Synth.Result.props(task), "ContainerDefinitions", 0, "Environment");
            for (Map<String, Object> e : env == null ? List.<Map<String, Object>>of() : env) {
                if ("CLICKSTREAM_HTTP_TRUSTED_PROXIES".equals(e.get("Name"))) trusted = (String) e.get("Value");
            }
        }
        assertThat(trusted).isEqualTo(Network.PRIVATE_RANGES);
    }

    @Test
    void modelsUseTheGivenWorkgroupAndSecret() {
        String workgroup = (String) Synth.IMPORTED.get("redshiftWorkgroupArn");
        String secret = (String) Synth.IMPORTED.get("redshiftAdminSecretArn");
        boolean found = false;
        for (Map<String, Object> task : APP.ofType("AWS::ECS::TaskDefinition").values()) {
            List<Object> command = at(Synth.Result.props(task), "ContainerDefinitions", 0, "Command");
            if (!"models".equals(command.get(0))) continue;
            assertThat(command).containsSubsequence("--redshift-workgroup", workgroup).containsSubsequence("--redshift-secret-arn", secret);
            found = true;
        }
        assertThat(found).isTrue();
        // without the check, the setup task runs setup alone, with the image's own entry point
        Map<String, Object> setup = ModelsContainerTest.container(APP, APP.stack().models().setupTask());
        assertThat(setup).doesNotContainKey("EntryPoint");
        assertThat((List<Object>) setup.get("Command")).startsWith("models", "setup", "--redshift-workgroup", workgroup);
        boolean granted = APP.statementsOf(APP.stack().models().runRole()).stream()
                .anyMatch(st -> Synth.actions(st).contains("redshift-data:ExecuteStatement") && workgroup.equals(st.get("Resource")));
        assertThat(granted).isTrue();
    }

    @Test
    void freshnessAlarmIntervalsZeroMeansNoFreshnessAlarm() {
        List<Object> descriptions = APP.ofType("AWS::CloudWatch::Alarm").values().stream()
                .map(a -> Synth.Result.props(a).get("AlarmDescription")).toList();
        assertThat(descriptions).hasSize(AlarmSpec.values().length - 1).doesNotContain(AlarmSpec.FRESHNESS.description())
                .contains(AlarmSpec.STREAM_READ_LAG.description());
    }

    @Test
    void printsTheCommandThatAttachesTheStreamingRole() {
        Map<String, Object> outputs = (Map<String, Object>) APP.template().toJSON().get("Outputs");
        assertThat(at(outputs, "StreamingRoleCommand", "Value").toString()).contains("aws redshift-serverless update-namespace")
                .contains("--default-iam-role-arn").contains(APP.logicalId(APP.stack().warehouse().streamingRole()));
    }
}
