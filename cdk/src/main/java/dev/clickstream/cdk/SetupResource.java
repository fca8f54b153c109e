package dev.clickstream.cdk;

import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * The custom resource that runs the setup task once per deploy that changes it and waits for it
 * ({@code warehouse_setup.py}: start on create and update, complete on exit code 0, fail with the exit codes, the
 * stopped reason and the log group otherwise). Built in the scope of {@link Models}.
 */
final class SetupResource {
    private SetupResource() {}

    static CustomResource create(Construct scope, Models.Inputs in, FargateTaskDefinition setupTask, List<IRole> passed,
                                 LogGroup logs, SecurityGroup group) {
        String code = Resources.text("warehouse_setup.py");
        Function onEvent = handler(scope, "SetupStart", code, "index.on_event");
        Function isComplete = handler(scope, "SetupWait", code, "index.is_complete");
        onEvent.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("ecs:RunTask"))
                .resources(List.of(setupTask.getTaskDefinitionArn())).build());
        onEvent.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("iam:PassRole"))
                .resources(passed.stream().map(IRole::getRoleArn).toList()).build());
        isComplete.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("ecs:DescribeTasks"))
                .resources(List.of(Stack.of(scope).formatArn(ArnComponents.builder()
                        .service("ecs").resource("task").resourceName(in.cluster().getClusterName() + "/*").build())))
                .build());
        Provider provider = Provider.Builder.create(scope, "SetupProvider")
                .onEventHandler(onEvent).isCompleteHandler(isComplete)
                .queryInterval(Duration.seconds(15)).totalTimeout(Duration.minutes(30))
                .build();
        Nag.acknowledge(isComplete, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:task/<ClusterEB0386A7>/*]",
                "ecs:DescribeTasks on the tasks of this cluster: the setup task's id is only known once it started.");
        for (Construct c : List.<Construct>of(onEvent, isComplete, provider)) {
            Nag.acknowledge(c, "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
                    "The setup handlers and CDK's provider framework only write their own logs, which is what this managed policy grants.");
        }
        for (String fn : List.of("ModelsSetupStart3715BFE3", "ModelsSetupWait0F81C578",
                "ModelsSetupProviderframeworkisComplete35312E97", "ModelsSetupProviderframeworkonTimeout67A9D4B2")) {
            Nag.acknowledge(provider, "AwsSolutions-IAM5[Resource::<" + fn + ".Arn>:*]",
                    "CDK's provider framework invokes any version of its own handler functions.");
        }
        Nag.acknowledge(provider, "AwsSolutions-L1", "CDK's provider framework picks its own Node.js runtime.");
        Nag.acknowledge(provider, "AwsSolutions-SF1", "The provider framework's waiter state machine: a failure surfaces as "
                + "the custom resource's CloudFormation error, with the handler's message.");
        Nag.acknowledge(provider, "AwsSolutions-SF2", "The provider framework's waiter state machine needs no X-Ray tracing.");
        return CustomResource.Builder.create(scope, "Setup")
                .serviceToken(provider.getServiceToken())
                .resourceType("Custom::ClickstreamWarehouseSetup")
                .properties(Map.of(
                        "Cluster", in.cluster().getClusterArn(),
                        // a new revision (new image or command) re-runs the setup: once per deploy that changes it
                        "TaskDefinition", setupTask.getTaskDefinitionArn(),
                        "Subnets", in.network().vpc().selectSubnets(in.network().privateSubnets()).getSubnetIds(),
                        "SecurityGroups", List.of(group.getSecurityGroupId()),
                        // named in a failure's message: where the setup's and the check's output is
                        "LogGroup", logs.getLogGroupName()))
                .build();
    }

    private static Function handler(Construct scope, String id, String code, String handler) {
        return Function.Builder.create(scope, id)
                .runtime(Runtime.PYTHON_3_14)
                .code(Code.fromInline(code))
                .handler(handler)
                .timeout(Duration.seconds(30))
                .build();
    }
}
