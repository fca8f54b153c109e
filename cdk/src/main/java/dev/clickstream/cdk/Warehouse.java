package dev.clickstream.cdk;

import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.iam.CompositePrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.redshiftserverless.CfnNamespace;
import software.amazon.awscdk.services.redshiftserverless.CfnWorkgroup;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

import java.util.List;

/**
 * Redshift Serverless: a namespace and a workgroup (not public, in private subnets, admin password generated into
 * Secrets Manager), or an imported workgroup; and the role Redshift assumes to read the stream, attached to the
 * namespace as its default IAM role so {@code CREATE EXTERNAL SCHEMA … IAM_ROLE default} uses it.
 */
public final class Warehouse extends Construct {
    public static final String NAME = "clickstream";
    static final String ADMIN_USER = "clickstream_admin";

    private final Role streamingRole;
    private final String workgroupArn;
    private final ISecret adminSecret;
    private final CfnWorkgroup workgroup;

    public Warehouse(Construct scope, String id, DeploySettings s, Network network, EventStream stream) {
        super(scope, id);
        streamingRole = Role.Builder.create(this, "StreamingRole")
                .description("Assumed by Redshift Serverless to read the clickstream event stream (streaming ingestion)")
                .assumedBy(new CompositePrincipal(new ServicePrincipal("redshift.amazonaws.com"),
                        new ServicePrincipal("redshift-serverless.amazonaws.com")))
                .build();
        stream.grantConsume(streamingRole);
        // ListStreams has no resource-level permission; Redshift lists streams when it resolves the external schema
        streamingRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("kinesis:ListStreams")).resources(List.of("*")).build());
        Nag.acknowledge(streamingRole, "AwsSolutions-IAM5[Resource::*]", "kinesis:ListStreams supports no resource-level "
                + "permission (it lists stream names only); every action that reads records is scoped to this stream.");

        if (s.isSet(Setting.REDSHIFT_WORKGROUP_ARN)) {
            workgroupArn = s.get(Setting.REDSHIFT_WORKGROUP_ARN);
            adminSecret = Secret.fromSecretCompleteArn(this, "AdminSecret", s.get(Setting.REDSHIFT_ADMIN_SECRET_ARN));
            workgroup = null;
            return;
        }
        Secret admin = Secret.Builder.create(this, "AdminSecret")
                .description("clickstream: Redshift Serverless admin user (Query Editor v2 'AWS Secrets Manager' sign-in, and the model runner)")
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate("{\"username\":\"" + ADMIN_USER + "\"}")
                        .generateStringKey("password")
                        .passwordLength(32)
                        .requireEachIncludedType(true)
                        .excludeCharacters("\"'\\/@ `")
                        .build())
                .removalPolicy(s.removalPolicy())
                .build();
        Nag.acknowledge(admin, "AwsSolutions-SMG4", "The namespace's admin password is set from this secret by "
                + "CloudFormation; rotating it needs a Redshift rotation function and a namespace update, which an "
                + "operator runs deliberately (docs/aws.md, Rotating the admin password).");
        adminSecret = admin;

        CfnNamespace namespace = CfnNamespace.Builder.create(this, "Namespace")
                .namespaceName(NAME)
                .dbName(s.get(Setting.REDSHIFT_DATABASE))
                .adminUsername(ADMIN_USER)
                .adminUserPassword(SecretValue.secretsManager(admin.getSecretArn(),
                        software.amazon.awscdk.SecretsManagerSecretOptions.builder().jsonField("password").build()).unsafeUnwrap())
                .iamRoles(List.of(streamingRole.getRoleArn()))
                .defaultIamRoleArn(streamingRole.getRoleArn())
                .logExports(List.of("userlog", "connectionlog", "useractivitylog"))
                .build();
        namespace.applyRemovalPolicy(s.removalPolicy());

        SecurityGroup group = SecurityGroup.Builder.create(this, "SecurityGroup").vpc(network.vpc())
                .description("clickstream Redshift Serverless workgroup: no inbound rule (the Data API needs none)")
                .allowAllOutbound(true).build();
        SubnetSelection subnets = network.privateSubnets();
        workgroup = CfnWorkgroup.Builder.create(this, "Workgroup")
                .workgroupName(NAME)
                .namespaceName(NAME)
                .baseCapacity(s.integer(Setting.REDSHIFT_BASE_RPU))
                .maxCapacity(s.integer(Setting.REDSHIFT_MAX_RPU))
                .publiclyAccessible(false)
                .subnetIds(network.vpc().selectSubnets(subnets).getSubnetIds())
                .securityGroupIds(List.of(group.getSecurityGroupId()))
                .configParameters(List.of(CfnWorkgroup.ConfigParameterProperty.builder()
                        .parameterKey("require_ssl").parameterValue("true").build()))
                .build();
        workgroup.addDependency(namespace);
        workgroup.applyRemovalPolicy(s.removalPolicy());
        workgroupArn = workgroup.getAttrWorkgroupWorkgroupArn();
    }

    public Role streamingRole() {
        return streamingRole;
    }

    /** The workgroup's ARN: the Data API takes it as WorkgroupName, and IAM policies name it. */
    public String workgroupArn() {
        return workgroupArn;
    }

    /** Credentials of a database user who may create and own the clickstream schema (the namespace's admin). */
    public ISecret adminSecret() {
        return adminSecret;
    }

    public boolean imported() {
        return workgroup == null;
    }

    public CfnWorkgroup workgroup() {
        return workgroup;
    }
}
