package dev.clickstream.cdk;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.clickstream.cdk.Synth.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the template can show about the front door: requests pass through untouched (API Gateway's HTTP proxy
 * forwards Authorization, Content-Encoding and any Content-Type as sent; without API-level CORS it forwards
 * preflights instead of answering them), only /v1 is routed, HTTPS only, throttled, logged.
 */
class FrontDoorTest {
    private static final Synth.Result APP = Synth.defaults();

    @Test
    void oneRouteForwardsEveryMethodUnderV1ThroughTheVpcLink() {
        Map<String, Map<String, Object>> routes = APP.ofType("AWS::ApiGatewayV2::Route");
        assertThat(routes.values()).extracting(r -> Synth.Result.props(r).get("RouteKey")).containsExactly("ANY " + FrontDoor.ROUTE_PATH);
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

    @Test
    void healthChecksUseTheCollectorsLivenessEndpoint() {
        Map<String, Object> targets = APP.single("AWS::ElasticLoadBalancingV2::TargetGroup");
        assertThat(targets).containsEntry("HealthCheckPath", CollectorService.HEALTH_PATH)
                .containsEntry("HealthCheckPort", String.valueOf(CollectorService.HEALTH_PORT));
    }
}
