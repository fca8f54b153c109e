package dev.clickstream.cdk;

import dev.clickstream.collector.http.CollectorServer;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpAlbIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.DomainMappingOptions;
import software.amazon.awscdk.services.apigatewayv2.DomainName;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.SecurityPolicy;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.apigatewayv2.VpcLink;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.constructs.Construct;

import java.util.List;

/**
 * The public entry: an API Gateway HTTP API (HTTPS only) that sends {@code ANY /v1/{proxy+}} (the Tracking API, the
 * settings, CORS preflights), and {@code GET} on each other path the collector's API listener serves (the classic
 * snippet's analytics.js loader and its bundles, {@code CollectorServer.publicPaths()}), through a VPC link to the
 * collector's internal load balancer. Nothing in between rewrites a request: no API-level CORS (it would answer
 * preflights itself, with its own headers, before the collector's per-source origin checks), no parameter mapping,
 * payload format 1.0 as a plain HTTP proxy, so Authorization, Content-Encoding: gzip and text/plain bodies arrive as
 * sent. /health, /ready and /metrics have no route: they are on the collector's operations port, inside the VPC.
 */
public final class FrontDoor extends Construct {
    public static final String ROUTE_PATH = "/v1/{proxy+}";
    /** The collector's public paths outside /v1: analytics.js files, which it serves with GET only. */
    static final List<String> SCRIPT_PATHS = CollectorServer.publicPaths().stream().filter(p -> !p.startsWith("/v1/")).toList();

    private final HttpApi api;
    private final HttpStage stage;
    private final DomainName domain;
    private final String publicHost;

    public FrontDoor(Construct scope, String id, DeploySettings s, Logs logs) {
        super(scope, id);
        api = HttpApi.Builder.create(this, "Api")
                .apiName("clickstream")
                .description("Segment-compatible tracking API (clickstream collector)")
                .createDefaultStage(false)
                .disableExecuteApiEndpoint(s.isSet(Setting.DOMAIN_NAME))
                .build();
        Nag.acknowledge(api, "AwsSolutions-APIG4", "Segment's Tracking API authenticates with write keys (HTTP Basic or a "
                + "body field), which the collector checks in constant time; an API Gateway authorizer cannot read a key "
                + "from the body and would add a Lambda call to every request.");
        if (s.isSet(Setting.DOMAIN_NAME)) {
            domain = DomainName.Builder.create(this, "Domain")
                    .domainName(s.get(Setting.DOMAIN_NAME))
                    .certificate(Certificate.fromCertificateArn(this, "Certificate", s.get(Setting.CERTIFICATE_ARN)))
                    .securityPolicy(SecurityPolicy.TLS_1_2)
                    .build();
            publicHost = s.get(Setting.DOMAIN_NAME);
        } else {
            domain = null;
            publicHost = Fn.join("", List.of(api.getApiId(), ".execute-api.", Aws.REGION, ".", Aws.URL_SUFFIX));
        }
        HttpStage.Builder b = HttpStage.Builder.create(this, "Stage")
                .httpApi(api)
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder()
                        .rateLimit(s.integer(Setting.API_RATE)).burstLimit(s.integer(Setting.API_BURST)).build())
                .accessLogSettings(new software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings() {
                    @Override
                    public software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination getDestination() {
                        return new LogGroupLogDestination(logs.group(FrontDoor.this, "AccessLogs"));
                    }

                    @Override
                    public AccessLogFormat getFormat() {
                        return AccessLogFormat.custom("{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
                                + "\"requestTime\":\"$context.requestTime\",\"routeKey\":\"$context.routeKey\","
                                + "\"status\":\"$context.status\",\"responseLength\":\"$context.responseLength\","
                                + "\"latencyMs\":\"$context.responseLatency\",\"integrationLatencyMs\":\"$context.integrationLatency\","
                                + "\"integrationError\":\"$context.integrationErrorMessage\",\"userAgent\":\"$context.identity.userAgent\"}");
                    }
                });
        if (domain != null) b.domainMapping(DomainMappingOptions.builder().domainName(domain).build());
        stage = b.build();
    }

    /**
     * Sends {@code ANY /v1/*} (preflights included) and {@code GET} on the analytics.js paths through a VPC link to the
     * collector's load balancer: one integration, one route per path.
     */
    public void routeTo(CollectorService collector, Network network) {
        SecurityGroup linkGroup = SecurityGroup.Builder.create(this, "VpcLinkSecurityGroup").vpc(network.vpc())
                .description("clickstream API VPC link: may reach the collector load balancer only")
                .allowAllOutbound(false).build();
        VpcLink link = VpcLink.Builder.create(this, "VpcLink").vpc(network.vpc())
                .subnets(network.privateSubnets()).securityGroups(List.of(linkGroup)).build();
        linkGroup.getConnections().allowTo(collector.loadBalancerSecurityGroup(), Port.tcp(80), "VPC link to collector load balancer");
        HttpAlbIntegration integration = HttpAlbIntegration.Builder.create("Collector", collector.listener()).vpcLink(link).build();
        api.addRoutes(AddRoutesOptions.builder().path(ROUTE_PATH).methods(List.of(HttpMethod.ANY)).integration(integration).build());
        for (String path : SCRIPT_PATHS) {
            api.addRoutes(AddRoutesOptions.builder().path(path).methods(List.of(HttpMethod.GET)).integration(integration).build());
        }
    }

    public HttpApi api() {
        return api;
    }

    public HttpStage stage() {
        return stage;
    }

    /** host[:port] SDKs use: the custom domain, or the API's execute-api host. */
    public String publicHost() {
        return publicHost;
    }

    /** The regional host a custom domain's DNS record points at (CNAME or alias), or null without one. */
    public String domainTarget() {
        return domain == null ? null : domain.getRegionalDomainName();
    }
}
