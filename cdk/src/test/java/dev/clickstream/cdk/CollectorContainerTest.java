package dev.clickstream.cdk;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.config.ConfigKey;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.clickstream.cdk.Synth.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The collector container is configured only through keys the collector declares (read from CollectorKeys, not
 * copied), with values those keys accept, and its write keys arrive only as a Secrets Manager secret.
 */
class CollectorContainerTest {
    private static final Synth.Result APP = Synth.defaults();
    private static final Map<String, ConfigKey<?>> BY_ENV = new HashMap<>();

    static {
        for (ConfigKey<?> k : CollectorKeys.ALL) BY_ENV.put(k.envVar(), k);
    }

    private static Map<String, Object> collectorContainer() {
        return containers().stream().filter(c -> CollectorService.CONTAINER.equals(c.get("Name"))).findFirst().orElseThrow();
    }

    private static List<Map<String, Object>> containers() {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Map<String, Object> task : APP.ofType("AWS::ECS::TaskDefinition").values()) {
            all.addAll(at(Synth.Result.props(task), "ContainerDefinitions"));
        }
        return all;
    }

    private static List<Map<String, Object>> environment(Map<String, Object> container) {
        List<Map<String, Object>> env = at(container, "Environment");
        return env == null ? List.of() : env;
    }

    @Test
    void everyEnvironmentVariableIsADeclaredCollectorKey() {
        List<Map<String, Object>> env = environment(collectorContainer());
        assertThat(env).isNotEmpty();
        for (Map<String, Object> e : env) {
            assertThat(BY_ENV).as("declared collector keys").containsKey((String) e.get("Name"));
        }
    }

    @Test
    void everyLiteralValueIsAcceptedByItsKey() {
        int literals = 0;
        for (Map<String, Object> e : environment(collectorContainer())) {
            if (e.get("Value") instanceof String value) {
                BY_ENV.get((String) e.get("Name")).parse(value, "cdk");   // throws ConfigException when refused
                literals++;
            }
        }
        assertThat(literals).isGreaterThanOrEqualTo(6);
    }

    @Test
    void writeKeysArriveOnlyAsASecret() {
        for (Map<String, Object> container : containers()) {
            for (Map<String, Object> e : environment(container)) {
                ConfigKey<?> key = BY_ENV.get((String) e.get("Name"));
                assertThat(key == null || !key.secret()).as("plain environment value of a secret key: " + e.get("Name")).isTrue();
            }
        }
        List<Map<String, Object>> secrets = at(collectorContainer(), "Secrets");
        assertThat(secrets).extracting(s -> s.get("Name")).containsExactly(CollectorKeys.SOURCES_WRITE_KEYS.envVar());
        assertThat(CollectorKeys.SOURCES_WRITE_KEYS.secret()).isTrue();
        assertThat(secrets.get(0).get("ValueFrom")).isEqualTo(Map.of("Ref", APP.logicalId(APP.stack().writeKeys().sources())));
    }

    @Test
    void runsTheCollectorAloneWithTheKinesisSinkAndNoDevelopmentKey() {
        Map<String, Object> container = collectorContainer();
        assertThat((List<Object>) at(container, "Command")).containsExactly("collector");
        Map<String, Object> env = new HashMap<>();
        for (Map<String, Object> e : environment(container)) env.put((String) e.get("Name"), e.get("Value"));
        assertThat(env).containsEntry(CollectorKeys.SINK_TYPE.envVar(), "kinesis")
                .containsEntry(CollectorKeys.SOURCES_DEV_KEY.envVar(), "false")
                .containsEntry(CollectorKeys.KINESIS_STREAM.envVar(), Map.of("Ref", APP.logicalId(APP.stack().stream().stream())))
                .containsEntry(CollectorKeys.HTTP_HOST.envVar(), "0.0.0.0");
        // the settings endpoint must hand mobile SDKs the API's host, not the load balancer's
        assertThat(env.get(CollectorKeys.HTTP_PUBLIC_HOST.envVar()).toString())
                .contains(APP.logicalId(APP.stack().frontDoor().api())).contains(".execute-api.");
    }

    @Test
    void operationsListenerServesTheHealthCheckAndTheVpcIsTheTrustedProxy() {
        Map<String, Object> container = collectorContainer();
        Map<String, Object> env = new HashMap<>();
        for (Map<String, Object> e : environment(container)) env.put((String) e.get("Name"), e.get("Value"));
        assertThat(env).containsEntry(CollectorKeys.HTTP_OPS_HOST.envVar(), "0.0.0.0")
                .containsEntry(CollectorKeys.HTTP_OPS_PORT.envVar(), String.valueOf(CollectorService.OPS_PORT))
                .containsEntry(CollectorKeys.HTTP_TRUSTED_PROXIES.envVar(),
                        Map.of("Fn::GetAtt", List.of(APP.logicalId(APP.stack().network().vpc()), "CidrBlock")));
        assertThat(CollectorService.OPS_PORT).isNotEqualTo(CollectorService.HTTP_PORT);
        assertThat((List<Map<String, Object>>) at(container, "PortMappings")).extracting(m -> m.get("ContainerPort"))
                .containsExactlyInAnyOrder(CollectorService.HTTP_PORT, CollectorService.OPS_PORT);
        // the load balancer may reach the health check port; no listener forwards to it
        String service = APP.logicalId(APP.stack().collector().service().getConnections().getSecurityGroups().get(0));
        List<Object> ports = APP.ofType("AWS::EC2::SecurityGroupIngress").values().stream().map(Synth.Result::props)
                .filter(p -> p.get("GroupId").equals(Map.of("Fn::GetAtt", List.of(service, "GroupId"))))
                .map(p -> p.get("FromPort")).toList();
        assertThat(ports).containsExactlyInAnyOrder(CollectorService.HTTP_PORT, CollectorService.OPS_PORT);
        assertThat(APP.ofType("AWS::ElasticLoadBalancingV2::Listener")).hasSize(1);
        assertThat(APP.single("AWS::ElasticLoadBalancingV2::TargetGroup")).containsEntry("Port", CollectorService.HTTP_PORT);
    }

    @Test
    void loadBalancerDrainsAtLeastAsLongAsTheCollectorsShutdown() {
        long deadlineMs = 0;
        for (Map<String, Object> e : environment(collectorContainer())) {
            if (CollectorKeys.SHUTDOWN_DEADLINE_MS.envVar().equals(e.get("Name"))) deadlineMs = Long.parseLong((String) e.get("Value"));
        }
        assertThat(deadlineMs).isPositive();
        List<Map<String, Object>> attributes = at(APP.single("AWS::ElasticLoadBalancingV2::TargetGroup"), "TargetGroupAttributes");
        String delay = attributes.stream().filter(a -> "deregistration_delay.timeout_seconds".equals(a.get("Key")))
                .map(a -> (String) a.get("Value")).findFirst().orElseThrow();
        assertThat(Long.parseLong(delay) * 1000).isGreaterThanOrEqualTo(deadlineMs);
        assertThat(((Number) collectorContainer().get("StopTimeout")).longValue() * 1000).isGreaterThan(deadlineMs);
    }
}
