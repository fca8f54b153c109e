package dev.clickstream.cdk;

import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * The VPC: created (two AZs, public subnets for the NAT gateway only, private subnets for everything this stack runs,
 * a flow log), or imported by id with its private subnets, so the stack stays environment-agnostic (no lookups).
 */
public final class Network extends Construct {
    private final IVpc vpc;
    private final boolean imported;

    public Network(Construct scope, String id, DeploySettings s, Logs logs) {
        super(scope, id);
        imported = s.isSet(Setting.VPC_ID);
        if (imported) {
            vpc = Vpc.fromVpcAttributes(this, "Vpc", VpcAttributes.builder()
                    .vpcId(s.get(Setting.VPC_ID))
                    .availabilityZones(s.list(Setting.VPC_AZS))
                    .privateSubnetIds(s.list(Setting.VPC_PRIVATE_SUBNETS))
                    .build());
            return;
        }
        LogGroup flowLogs = logs.group(this, "FlowLogs");
        vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                .natGateways(s.integer(Setting.VPC_NAT_GATEWAYS))
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
                        SubnetConfiguration.builder().name("private").subnetType(SubnetType.PRIVATE_WITH_EGRESS).cidrMask(20).build()))
                .flowLogs(Map.of("all", FlowLogOptions.builder()
                        .destination(FlowLogDestination.toCloudWatchLogs(flowLogs)).build()))
                .build();
    }

    public IVpc vpc() {
        return vpc;
    }

    public boolean imported() {
        return imported;
    }

    /** Where the collector, the model tasks and the workgroup run: never a public subnet. */
    public SubnetSelection privateSubnets() {
        return imported ? SubnetSelection.builder().subnets(vpc.getPrivateSubnets()).build()
                : SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
    }
}
