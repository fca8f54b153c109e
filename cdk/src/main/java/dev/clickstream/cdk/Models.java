package dev.clickstream.cdk;

import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.targets.EcsRunFargateTask;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * The warehouse's setup and its scheduled models, both the project's own runner ({@code clickstream models …}) in
 * the collector's image, talking to Redshift through the Data API only.
 * <ul>
 *   <li>Setup runs once per deploy that changes it, as a custom resource that starts the setup task and waits for it:
 *   a failed setup fails the deploy, and the schedule (which depends on it) only switches to a new image after the
 *   warehouse has been migrated for it. Setup is idempotent, so a repeated deploy does no harm.</li>
 *   <li>EventBridge Scheduler starts {@code models run} every modelIntervalMinutes. Two runs never overlap: the
 *   runner takes a lock in the warehouse, and a second run exits cleanly.</li>
 * </ul>
 */
public final class Models extends Construct {
    static final String CONTAINER = "models";
    /** What the task role may do with the Data API on this workgroup. */
    static final List<String> SUBMIT_ACTIONS = List.of("redshift-data:BatchExecuteStatement", "redshift-data:ExecuteStatement");
    /** Statement follow-ups: no resource-level permission, limited to statements this role submitted. */
    static final List<String> FOLLOW_UP_ACTIONS = List.of("redshift-data:CancelStatement", "redshift-data:DescribeStatement",
            "redshift-data:GetStatementResult");

    private final Role taskRole;
    private final LogGroup logGroup;
    private final FargateTaskDefinition runTask;
    private final FargateTaskDefinition setupTask;
    private final Schedule schedule;
    private final CustomResource setup;

    public record Inputs(Network network, Cluster cluster, ContainerImage image, Warehouse warehouse, Logs logs) {}

    public Models(Construct scope, String id, DeploySettings s, Inputs in) {
        super(scope, id);
        taskRole = Role.Builder.create(this, "TaskRole")
                .description("clickstream model runner: the Data API on one workgroup, with one secret")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com")).build();
        taskRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(SUBMIT_ACTIONS).resources(List.of(in.warehouse().workgroupArn())).build());
        taskRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(FOLLOW_UP_ACTIONS).resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("redshift-data:statement-owner-iam-userid", "${aws:userid}")))
                .build());
        taskRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:GetSecretValue")).resources(List.of(in.warehouse().adminSecret().getSecretArn()))
                .build());
        Nag.acknowledge(taskRole, "AwsSolutions-IAM5[Resource::*]", "DescribeStatement, GetStatementResult and "
                + "CancelStatement support no resource-level permission; the condition limits them to statements this "
                + "role submitted (redshift-data:statement-owner-iam-userid).");
        logGroup = in.logs().group(this, "Logs");

        List<String> target = List.of("--redshift-workgroup", in.warehouse().workgroupArn(),
                "--redshift-database", s.get(Setting.REDSHIFT_DATABASE),
                "--redshift-secret-arn", in.warehouse().adminSecret().getSecretArn());
        setupTask = task("SetupTask", in, concat(List.of("models", "setup"), target));
        runTask = task("RunTask", in, concat(List.of("models", "run"), target));

        SecurityGroup group = SecurityGroup.Builder.create(this, "SecurityGroup").vpc(in.network().vpc())
                .description("clickstream model tasks: no inbound; outbound to the Data API and the image registry")
                .allowAllOutbound(true).build();

        setup = setupResource(in, group);

        schedule = Schedule.Builder.create(this, "Schedule")
                .description("clickstream: run the warehouse models")
                .schedule(ScheduleExpression.rate(Duration.minutes(s.integer(Setting.MODEL_INTERVAL_MINUTES))))
                .target(EcsRunFargateTask.Builder.create(in.cluster())
                        .taskDefinition(runTask)
                        .vpcSubnets(in.network().privateSubnets())
                        .securityGroups(List.of(group))
                        .assignPublicIp(false)
                        // a run that could not start within one interval is dropped: the next one covers its work
                        .maxEventAge(Duration.minutes(Math.max(1, s.integer(Setting.MODEL_INTERVAL_MINUTES))))
                        .retryAttempts(2)
                        .build())
                .build();
        schedule.getNode().addDependency(setup);
    }

    private FargateTaskDefinition task(String id, Inputs in, List<String> command) {
        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, id)
                .cpu(256).memoryLimitMiB(1024).taskRole(taskRole)
                .runtimePlatform(RuntimePlatform.builder()
                        .cpuArchitecture(CpuArchitecture.X86_64).operatingSystemFamily(OperatingSystemFamily.LINUX).build())
                .build();
        Nag.acknowledgeImagePull(task);
        task.addContainer(CONTAINER, ContainerDefinitionOptions.builder()
                .image(in.image())
                .command(command)
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logGroup).streamPrefix(id).build()))
                .build());
        return task;
    }

    private CustomResource setupResource(Inputs in, SecurityGroup group) {
        String code = Resources.text("warehouse_setup.py");
        software.amazon.awscdk.services.lambda.Function onEvent = handler("SetupStart", code, "index.on_event");
        software.amazon.awscdk.services.lambda.Function isComplete = handler("SetupWait", code, "index.is_complete");
        onEvent.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("ecs:RunTask"))
                .resources(List.of(setupTask.getTaskDefinitionArn())).build());
        onEvent.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("iam:PassRole"))
                .resources(List.of(taskRole.getRoleArn(), setupTask.obtainExecutionRole().getRoleArn())).build());
        isComplete.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("ecs:DescribeTasks"))
                .resources(List.of(Stack.of(this).formatArn(software.amazon.awscdk.ArnComponents.builder()
                        .service("ecs").resource("task").resourceName(in.cluster().getClusterName() + "/*").build())))
                .build());
        Provider provider = Provider.Builder.create(this, "SetupProvider")
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
        return CustomResource.Builder.create(this, "Setup")
                .serviceToken(provider.getServiceToken())
                .resourceType("Custom::ClickstreamWarehouseSetup")
                .properties(Map.of(
                        "Cluster", in.cluster().getClusterArn(),
                        // a new revision (new image or command) re-runs the setup: once per deploy that changes it
                        "TaskDefinition", setupTask.getTaskDefinitionArn(),
                        "Subnets", in.network().vpc().selectSubnets(in.network().privateSubnets()).getSubnetIds(),
                        "SecurityGroups", List.of(group.getSecurityGroupId())))
                .build();
    }

    private software.amazon.awscdk.services.lambda.Function handler(String id, String code, String handler) {
        return software.amazon.awscdk.services.lambda.Function.Builder.create(this, id)
                .runtime(software.amazon.awscdk.services.lambda.Runtime.PYTHON_3_14)
                .code(software.amazon.awscdk.services.lambda.Code.fromInline(code))
                .handler(handler)
                .timeout(Duration.seconds(30))
                .build();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    public Role taskRole() {
        return taskRole;
    }

    public LogGroup logGroup() {
        return logGroup;
    }

    public FargateTaskDefinition runTask() {
        return runTask;
    }

    public Schedule schedule() {
        return schedule;
    }

    public CustomResource setup() {
        return setup;
    }
}
