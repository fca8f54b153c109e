package dev.clickstream.cdk;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.http.CollectorServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.clickstream.cdk.Synth.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the template can show about the front door: requests pass through untouched (API Gateway's HTTP proxy
 * forwards Authorization, Content-Encoding and any Content-Type as sent; without API-level CORS it forwards
 * preflights instead of answering them), every path the collector's API listener serves is routed and nothing else,
 * HTTPS only, throttled, logged.
 */
class FrontDoorTest {
    private static final Synth.Result APP = Synth.defaults();

    @Test
    void everyPathTheCollectorServesIsRoutedThroughTheVpcLink() {
        List<String> routeKeys = routeKeys();
        assertThat(routeKeys).contains("ANY " + FrontDoor.ROUTE_PATH)
                .contains("GET /analytics.js/v1/{writeKey}/analytics.min.js", "GET /analytics-next/bundles/{file}");
        // the collector's own list of what its API listener serves (TestOperations checks it against the live routes)
        for (String path : CollectorServer.publicPaths()) {
            String sample = path.replaceAll("\\{[^}]+}", "wk_Sample-1.js");
            assertThat(routeKeys).as(path).anySatisfy(key -> assertThat(routes(key, sample)).isTrue());
        }
        // the classic snippet's files are scripts: GET, with the key and file name as single path segments
        assertThat(routeKeys.stream().filter(k -> !k.endsWith(FrontDoor.ROUTE_PATH))).isNotEmpty().allSatisfy(k -> assertThat(k).startsWith("GET /"));
        // operations stay inside the VPC
        for (String ops : List.of(CollectorServer.HEALTH_PATH, CollectorServer.READY_PATH, CollectorServer.METRICS_PATH)) {
            assertThat(routeKeys).as(ops).noneSatisfy(key -> assertThat(routes(key, ops)).isTrue());
        }
        assertThat(routeKeys).noneSatisfy(key -> assertThat(routes(key, "/")).isTrue());

        Map<String, Map<String, Object>> routes = APP.ofType("AWS::ApiGatewayV2::Route");
        String integrationId = APP.ofType("AWS::ApiGatewayV2::Integration").keySet().iterator().next();
        assertThat(routes.values()).extracting(r -> Synth.Result.props(r).get("Target"))
                .containsOnly(Map.of("Fn::Join", List.of("", List.of("integrations/", Map.of("Ref", integrationId)))));
        Map<String, Object> integration = APP.single("AWS::ApiGatewayV2::Integration");
        assertThat(integration).containsEntry("IntegrationType", "HTTP_PROXY").containsEntry("ConnectionType", "VPC_LINK")
                .containsEntry("IntegrationMethod", "ANY").containsEntry("PayloadFormatVersion", "1.0")
                .containsEntry("ConnectionId", Map.of("Ref", APP.ofType("AWS::ApiGatewayV2::VpcLink").keySet().iterator().next()))
                .containsEntry("IntegrationUri", Map.of("Ref", APP.logicalId(APP.stack().collector().listener())));
        // no parameter mapping: nothing is added to, removed from or rewritten in a request or a response
        assertThat(integration).doesNotContainKeys("RequestParameters", "ResponseParameters", "RequestTemplates");
    }

    @Test
    void noApiLevelCorsSoPreflightsReachTheCollector() {
        Map<String, Object> api = APP.single("AWS::ApiGatewayV2::Api");
        assertThat(api).doesNotContainKey("CorsConfiguration").containsEntry("ProtocolType", "HTTP");
        assertThat(api.get("DisableExecuteApiEndpoint")).isEqualTo(false);
    }

    @Test
    void stageIsThrottledAndLogged() {
        Map<String, Object> stage = APP.single("AWS::ApiGatewayV2::Stage");
        assertThat(stage).containsEntry("StageName", "$default").containsEntry("AutoDeploy", true);
        assertThat((Map<String, Object>) at(stage, "DefaultRouteSettings"))
                .containsEntry("ThrottlingRateLimit", 1000).containsEntry("ThrottlingBurstLimit", 2000);
        assertThat((String) at(stage, "AccessLogSettings", "Format")).contains("$context.identity.sourceIp").contains("$context.status");
    }

    @Test
    void loadBalancerIsInternalAndOnlyTheVpcLinkMayReachIt() {
        Map<String, Object> alb = APP.single("AWS::ElasticLoadBalancingV2::LoadBalancer");
        assertThat(alb).containsEntry("Scheme", "internal");
        String albGroup = APP.logicalId(APP.stack().collector().loadBalancerSecurityGroup());
        List<Map<String, Object>> ingress = APP.ofType("AWS::EC2::SecurityGroupIngress").values().stream()
                .map(Synth.Result::props)
                .filter(p -> p.get("GroupId").equals(Map.of("Fn::GetAtt", List.of(albGroup, "GroupId")))).toList();
        assertThat(ingress).hasSize(1);
        assertThat(ingress.get(0)).containsEntry("FromPort", 80).containsEntry("ToPort", 80).doesNotContainKey("CidrIp");
        assertThat(Synth.Result.props(APP.resources().get(albGroup))).doesNotContainKey("SecurityGroupIngress");
    }

    /** Readiness decides rotation; liveness (the container's check, see ImageAssetTest) decides restarts. */
    @Test
    void loadBalancerChecksReadinessOnTheOperationsPort() {
        Map<String, Object> targets = APP.single("AWS::ElasticLoadBalancingV2::TargetGroup");
        assertThat(targets).containsEntry("HealthCheckPath", CollectorServer.READY_PATH)
                .containsEntry("HealthCheckPort", String.valueOf(CollectorKeys.HTTP_OPS_PORT.defaultValue()))
                .containsEntry("Matcher", Map.of("HttpCode", "200"));
        // the load balancer's security group lets it out to the operations port, and the service's lets it in
        String albGroup = APP.logicalId(APP.stack().collector().loadBalancerSecurityGroup());
        String serviceGroup = APP.logicalId(APP.stack().collector().service().getConnections().getSecurityGroups().get(0));
        Map<String, Object> albGroupRef = Map.of("Fn::GetAtt", List.of(albGroup, "GroupId"));
        Map<String, Object> serviceGroupRef = Map.of("Fn::GetAtt", List.of(serviceGroup, "GroupId"));
        int ops = CollectorService.OPS_PORT;
        assertThat(APP.ofType("AWS::EC2::SecurityGroupIngress").values()).map(Synth.Result::props).anySatisfy(p ->
                assertThat(p).containsEntry("GroupId", serviceGroupRef).containsEntry("SourceSecurityGroupId", albGroupRef)
                        .containsEntry("FromPort", ops).containsEntry("ToPort", ops).containsEntry("IpProtocol", "tcp"));
        assertThat(APP.ofType("AWS::EC2::SecurityGroupEgress").values()).map(Synth.Result::props).anySatisfy(p ->
                assertThat(p).containsEntry("GroupId", albGroupRef).containsEntry("DestinationSecurityGroupId", serviceGroupRef)
                        .containsEntry("FromPort", ops).containsEntry("ToPort", ops));
    }

    private static List<String> routeKeys() {
        return APP.ofType("AWS::ApiGatewayV2::Route").values().stream()
                .map(r -> (String) Synth.Result.props(r).get("RouteKey")).toList();
    }

    /**
     * Whether an HTTP API route key would take a request for {@code path}: literal segments match exactly,
     * {@code {name}} one segment, a trailing {@code {name+}} one or more.
     */
    private static boolean routes(String routeKey, String path) {
        String[] route = routeKey.substring(routeKey.indexOf(' ') + 1).substring(1).split("/", -1);
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < route.length; i++) {
            if (route[i].matches("\\{[^}]+\\+}")) return i == route.length - 1 && segments.length > i && !segments[i].isEmpty();
            if (i >= segments.length) return false;
            if (route[i].matches("\\{[^}]+}") ? segments[i].isEmpty() : !route[i].equals(segments[i])) return false;
        }
        return route.length == segments.length;
    }
}
