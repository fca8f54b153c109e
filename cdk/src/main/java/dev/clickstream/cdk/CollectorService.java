package dev.clickstream.cdk;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.http.CollectorServer;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.HealthCheck;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.MountPoint;
import software.amazon.awscdk.services.ecs.Volume;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck.Builder;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.RequestCountScalingProps;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * The collector on Fargate, in private subnets, behind an internal Application Load Balancer that only the API's VPC
 * link may reach. The container runs {@code clickstream collector} with the Kinesis sink, configured by environment
 * variables the collector declares, and reads its write keys from Secrets Manager.
 */
public final class CollectorService extends Construct {
    /** The collector's API listener, on its default http.port. */
    public static final int HTTP_PORT = CollectorKeys.HTTP_PORT.defaultValue();
    /**
     * The collector's operations listener, on its default http.ops-port (/health, /ready, /metrics; the image's
     * EXPOSE and HEALTHCHECK use the same default). The load balancer's health check reaches it; no listener or route
     * forwards to it, so nothing from the internet does.
     */
    public static final int OPS_PORT = CollectorKeys.HTTP_OPS_PORT.defaultValue();
    /**
     * The load balancer checks readiness: a task that is draining or whose sink cannot store (Kinesis unreachable,
     * throttled on every call) leaves rotation, and ECS replaces it if it stays so. The container's own health check
     * (the image's HEALTHCHECK) checks liveness ({@code /health}) instead: a process that answers is alive, however
     * its sink fares. See docs/aws.md, "Health checks".
     */
    public static final String TARGET_HEALTH_PATH = CollectorServer.READY_PATH;
    static final String CONTAINER = "collector";

    private final FargateService service;
    private final ApplicationLoadBalancer alb;
    private final ApplicationListener listener;
    private final ApplicationTargetGroup targets;
    private final SecurityGroup albSecurityGroup;
    private final FargateTaskDefinition task;

    public record Inputs(Network network, Cluster cluster, ContainerImage image, EventStream stream, WriteKeys keys,
                         Logs logs, String publicHost) {}

    public CollectorService(Construct scope, String id, DeploySettings s, Inputs in) {
        super(scope, id);
        int drainSeconds = s.integer(Setting.COLLECTOR_DRAIN_SECONDS);
        task = FargateTaskDefinition.Builder.create(this, "Task")
                .cpu(s.integer(Setting.COLLECTOR_CPU))
                .memoryLimitMiB(s.integer(Setting.COLLECTOR_MEMORY))
                .runtimePlatform(RuntimePlatform.builder()
                        .cpuArchitecture(CpuArchitecture.X86_64).operatingSystemFamily(OperatingSystemFamily.LINUX).build())
                .build();
        in.stream().grantPut(task.getTaskRole());
        Nag.acknowledgeImagePull(task);
        Nag.acknowledge(task, "AwsSolutions-ECS2", "Only non-secret settings are plain environment variables; the write "
                + "keys reach the container as an ECS secret from Secrets Manager (CollectorContainerTest checks both).");

        ContainerDefinition container = task.addContainer(CONTAINER, ContainerDefinitionOptions.builder()
                .image(in.image())
                .command(List.of("collector"))
                .environment(environment(s, in))
                .secrets(Map.of(CollectorEnvironment.WRITE_KEYS, Secret.fromSecretsManager(in.keys().sources())))
                .portMappings(List.of(PortMapping.builder().containerPort(HTTP_PORT).build(),
                        PortMapping.builder().containerPort(OPS_PORT).build()))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                        .logGroup(in.logs().group(this, "Logs")).streamPrefix("collector").build()))
                .healthCheck(HealthCheck.builder()
                        .command(List.of("CMD", "/usr/local/bin/clickstream-healthcheck"))
                        .interval(Duration.seconds(15)).timeout(Duration.seconds(5)).retries(3)
                        .startPeriod(Duration.seconds(60)).build())
                // SIGKILL only after the collector had its whole drain: answered, flushed, exited 0
                .stopTimeout(Duration.seconds(drainSeconds + 10))
                .readonlyRootFilesystem(true)
                .build());
        // the root filesystem is read-only; the JVM's temporary files go to a task-local scratch volume
        task.addVolume(Volume.builder().name("tmp").build());
        container.addMountPoints(MountPoint.builder().sourceVolume("tmp").containerPath("/tmp").readOnly(false).build());

        albSecurityGroup = SecurityGroup.Builder.create(this, "AlbSecurityGroup").vpc(in.network().vpc())
                .description("clickstream collector load balancer: reachable from the API VPC link only")
                .allowAllOutbound(false).build();
        alb = ApplicationLoadBalancer.Builder.create(this, "Alb")
                .vpc(in.network().vpc()).internetFacing(false).vpcSubnets(in.network().privateSubnets())
                .securityGroup(albSecurityGroup).dropInvalidHeaderFields(true)
                .build();
        Nag.acknowledge(alb, "AwsSolutions-ELB2", "Internal load balancer reachable only through the API Gateway VPC "
                + "link; the API stage's access log already records every request (time, client IP, route, status, "
                + "latency), so a second access log in S3 would duplicate it.");
        // TLS ends at API Gateway; this hop stays inside the VPC, between the VPC link and the tasks
        listener = alb.addListener("Http", BaseApplicationListenerProps.builder()
                .port(80).protocol(ApplicationProtocol.HTTP).open(false).build());

        service = FargateService.Builder.create(this, "Service")
                .cluster(in.cluster()).taskDefinition(task)
                .desiredCount(s.integer(Setting.COLLECTOR_DESIRED))
                .vpcSubnets(in.network().privateSubnets()).assignPublicIp(false)
                .minHealthyPercent(100).maxHealthyPercent(200)
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .healthCheckGracePeriod(Duration.seconds(60))
                .build();
        targets = listener.addTargets("Collector", AddApplicationTargetsProps.builder()
                .port(HTTP_PORT).protocol(ApplicationProtocol.HTTP)
                .targets(List.of(service.loadBalancerTarget(
                        software.amazon.awscdk.services.ecs.LoadBalancerTargetOptions.builder()
                                .containerName(CONTAINER).containerPort(HTTP_PORT).build())))
                .healthCheck(new Builder().path(TARGET_HEALTH_PATH).port(String.valueOf(OPS_PORT))
                        .interval(Duration.seconds(10)).healthyThresholdCount(2).unhealthyThresholdCount(3)
                        .healthyHttpCodes("200").build())
                // at least the collector's drain: the balancer stops sending before SIGTERM, in-flight requests finish
                .deregistrationDelay(Duration.seconds(drainSeconds + 10))
                .build());
        service.getConnections().allowFrom(alb, Port.tcp(HTTP_PORT), "load balancer to collector");
        service.getConnections().allowFrom(alb, Port.tcp(OPS_PORT), "load balancer health checks");

        ScalableTaskCount scaling = service.autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(s.integer(Setting.COLLECTOR_MIN)).maxCapacity(s.integer(Setting.COLLECTOR_MAX)).build());
        scaling.scaleOnCpuUtilization("Cpu", CpuUtilizationScalingProps.builder()
                .targetUtilizationPercent(s.integer(Setting.COLLECTOR_CPU_TARGET))
                .scaleOutCooldown(Duration.seconds(60)).scaleInCooldown(Duration.seconds(300)).build());
        scaling.scaleOnRequestCount("Requests", RequestCountScalingProps.builder()
                .requestsPerTarget(s.integer(Setting.COLLECTOR_REQUESTS_TARGET)).targetGroup(targets)
                .scaleOutCooldown(Duration.seconds(60)).scaleInCooldown(Duration.seconds(300)).build());
    }

    private static Map<String, String> environment(DeploySettings s, Inputs in) {
        return CollectorEnvironment.values(s, in.stream().stream().getStreamName(), Stack.of(in.cluster()).getRegion(),
                in.publicHost(), in.network().cidrs(s));
    }

    public FargateService service() {
        return service;
    }

    public ApplicationLoadBalancer loadBalancer() {
        return alb;
    }

    public ApplicationListener listener() {
        return listener;
    }

    public ApplicationTargetGroup targetGroup() {
        return targets;
    }

    public SecurityGroup loadBalancerSecurityGroup() {
        return albSecurityGroup;
    }

    public FargateTaskDefinition taskDefinition() {
        return task;
    }
}
