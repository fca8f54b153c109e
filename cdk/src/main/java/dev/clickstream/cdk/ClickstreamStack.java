package dev.clickstream.cdk;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.constructs.Construct;

import java.nio.file.Path;
import java.util.List;

/**
 * The whole pipeline in one stack: API Gateway → collector on Fargate → Kinesis → Redshift Serverless streaming
 * ingestion → scheduled models, with alarms. Environment-agnostic: no account or region is looked up at synth.
 */
public final class ClickstreamStack extends Stack {
    private final Network network;
    private final EventStream stream;
    private final WriteKeys keys;
    private final FrontDoor frontDoor;
    private final CollectorService collector;
    private final Warehouse warehouse;
    private final Models models;
    private final Monitoring monitoring;

    public ClickstreamStack(Construct scope, String id, StackProps props, DeploySettings s, Path repoRoot) {
        super(scope, id, props);
        Logs logs = new Logs(this, "Logs", s);
        network = new Network(this, "Network", s, logs);
        stream = new EventStream(this, "Events", s);
        keys = new WriteKeys(this, "WriteKeys", s);
        ContainerImage image = CollectorImage.fromRepository(this, repoRoot);
        Cluster cluster = Cluster.Builder.create(this, "Cluster").vpc(network.vpc()).build();
        Nag.acknowledge(cluster, "AwsSolutions-ECS4", "The dashboard and alarms read the free AWS/ECS service metrics; "
                + "Container Insights adds per-task metrics at extra cost and can be switched on in the console.");

        frontDoor = new FrontDoor(this, "FrontDoor", s, logs);
        collector = new CollectorService(this, "Collector", s, new CollectorService.Inputs(network, cluster, image, stream,
                keys, logs, frontDoor.publicHost()));
        frontDoor.routeTo(collector, network);

        warehouse = new Warehouse(this, "Warehouse", s, network, stream);
        models = new Models(this, "Models", s, new Models.Inputs(network, cluster, image, warehouse, logs));
        monitoring = new Monitoring(this, "Monitoring", s, new Monitoring.Inputs(frontDoor, collector, stream, models));
        models.sendAlertsTo(monitoring.topic());
        outputs(s);
    }

    private void outputs(DeploySettings s) {
        output("CollectorUrl", Fn.join("", List.of("https://", frontDoor.publicHost())),
                "Point SDKs here (the host without https:// is their apiHost base)");
        output("WriteKeyCommand", Fn.join("", List.of("aws secretsmanager get-secret-value --region ", getRegion(),
                        " --secret-id ", keys.defaultKey().getSecretArn(), " --query SecretString --output text")),
                "Prints the write key of source 'default'");
        output("SourcesSecret", keys.sources().getSecretArn(), "The collector's sources.write-keys (name=key,...): edit it to add sources");
        output("WarehouseWorkgroup", warehouse.workgroupArn(), "Redshift Serverless workgroup (Query Editor v2)");
        output("WarehouseAdminSecret", warehouse.adminSecret().getSecretArn(), "Query Editor v2: 'AWS Secrets Manager' sign-in");
        output("AlarmTopic", monitoring.topic().getTopicArn(), "SNS topic every alarm notifies, and the model runs' alerts");
        if (frontDoor.domainTarget() != null) {
            output("DomainTarget", frontDoor.domainTarget(), "Point a CNAME (or alias) for " + s.get(Setting.DOMAIN_NAME) + " here");
        }
        if (warehouse.imported()) {
            output("StreamingRoleCommand", Fn.join("", List.of(
                            "aws redshift-serverless update-namespace --region ", getRegion(),
                            " --namespace-name <your namespace> --iam-roles ", warehouse.streamingRole().getRoleArn(),
                            " <its other roles> --default-iam-role-arn ", warehouse.streamingRole().getRoleArn())),
                    "Imported workgroup: attach the streaming role to its namespace (before the first model run)");
        }
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    public Network network() { return network; }
    public EventStream stream() { return stream; }
    public WriteKeys writeKeys() { return keys; }
    public FrontDoor frontDoor() { return frontDoor; }
    public CollectorService collector() { return collector; }
    public Warehouse warehouse() { return warehouse; }
    public Models models() { return models; }
    public Monitoring monitoring() { return monitoring; }
}
