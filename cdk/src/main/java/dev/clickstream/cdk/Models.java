package dev.clickstream.cdk;

import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
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
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * The warehouse's setup and its scheduled models, both the project's own runner ({@code clickstream models …}) in
 * the collector's image, talking to Redshift through the Data API only.
 * <ul>
 *   <li>Setup runs once per deploy that changes it, as a custom resource that starts the setup task and waits for it:
 *   a failed setup fails the deploy, and the schedule (which depends on it) only switches to a new image after the
 *   warehouse has been migrated for it. Setup is idempotent, so a repeated deploy does no harm. With checkAfterSetup
 *   the same task then runs {@code models check}, whose failure fails the deploy too.</li>
 *   <li>EventBridge Scheduler starts {@code models run} every modelIntervalMinutes. Two runs never overlap: the
 *   runner takes a lock in the warehouse, and a second run exits cleanly. Each run reports the newest modeled event's
 *   age and publishes its alerts to the alarm topic ({@link #sendAlertsTo}).</li>
 * </ul>
 * Setup and runs log to separate groups, so the check's own model run never counts as a scheduled one.
 */
public final class Models extends Construct {
    static final String CONTAINER = "models";
    /** What the task role may do with the Data API on this workgroup. */
    static final List<String> SUBMIT_ACTIONS = List.of("redshift-data:BatchExecuteStatement", "redshift-data:ExecuteStatement");
    /** Statement follow-ups: no resource-level permission, limited to statements this role submitted. */
    static final List<String> FOLLOW_UP_ACTIONS = List.of("redshift-data:CancelStatement", "redshift-data:DescribeStatement",
            "redshift-data:GetStatementResult");
    /** The image's ENTRYPOINT (the Dockerfile's; a test keeps the two equal). */
    static final List<String> ENTRYPOINT = List.of("java", "-jar", "/app/clickstream.jar");
    /** Setup, then the check against the same warehouse; the check only runs after a setup that succeeded. */
    static final String SETUP_THEN_CHECK = String.join(" ", ENTRYPOINT) + " models setup \"$@\" && exec "
            + String.join(" ", ENTRYPOINT) + " models check \"$@\"";

    private final Role setupRole;
    private final Role runRole;
    private final LogGroup logGroup;
    private final LogGroup setupLogGroup;
    private final FargateTaskDefinition runTask;
    private final FargateTaskDefinition setupTask;
    private final ContainerDefinition runContainer;
    private final Schedule schedule;
    private final CustomResource setup;

    public record Inputs(Network network, Cluster cluster, ContainerImage image, Warehouse warehouse, Logs logs) {}

    public Models(Construct scope, String id, DeploySettings s, Inputs in) {
        super(scope, id);
        runRole = dataApiRole("TaskRole", "clickstream scheduled model runs: the Data API on one workgroup with one "
                + "secret, and publishing alerts to the alarm topic", in.warehouse());
        setupRole = dataApiRole("SetupRole", "clickstream warehouse setup and check: the Data API on one workgroup, "
                + "with one secret", in.warehouse());
        logGroup = in.logs().group(this, "Logs");
        setupLogGroup = in.logs().group(this, "SetupLogs");

        List<String> target = List.of("--redshift-workgroup", in.warehouse().workgroupArn(),
                "--redshift-database", s.get(Setting.REDSHIFT_DATABASE),
                "--redshift-secret-arn", in.warehouse().adminSecret().getSecretArn());
        boolean check = s.flag(Setting.CHECK_AFTER_SETUP);
        setupTask = task("SetupTask", setupRole, setupLogGroup, in.image(),
                check ? List.of("/bin/bash", "-c", SETUP_THEN_CHECK, "clickstream-setup") : null,
                check ? target : concat(List.of("models", "setup"), target), Map.of());
        runTask = task("RunTask", runRole, logGroup, in.image(), null, concat(List.of("models", "run"), target),
                ModelsEnvironment.values(s));
        runContainer = runTask.getDefaultContainer();
        Nag.acknowledge(runTask, "AwsSolutions-ECS2", "The run task's variables are not secrets: the schedule's interval, "
                + "a metric namespace and the alarm topic's ARN; the database credentials come from Secrets Manager at run time.");

        SecurityGroup group = SecurityGroup.Builder.create(this, "SecurityGroup").vpc(in.network().vpc())
                .description("clickstream model tasks: no inbound; outbound to the Data API and the image registry")
                .allowAllOutbound(true).build();

        setup = SetupResource.create(this, in, setupTask, List.of(setupRole, setupTask.obtainExecutionRole()), setupLogGroup, group);

        int interval = s.integer(Setting.MODEL_INTERVAL_MINUTES);
        schedule = Schedule.Builder.create(this, "Schedule")
                .description("clickstream: run the warehouse models")
                .schedule(ScheduleExpression.rate(Duration.minutes(interval)))
                .target(EcsRunFargateTask.Builder.create(in.cluster())
                        .taskDefinition(runTask)
                        .vpcSubnets(in.network().privateSubnets())
                        .securityGroups(List.of(group))
                        .assignPublicIp(false)
                        // a run that could not start within one interval is dropped: the next one covers its work
                        .maxEventAge(Duration.minutes(Math.max(1, interval)))
                        .retryAttempts(2)
                        .build())
                .build();
        schedule.getNode().addDependency(setup);
    }

    /** A role for tasks that use the Data API on this workgroup with the admin secret, and nothing else (yet). */
    private Role dataApiRole(String id, String description, Warehouse warehouse) {
        Role role = Role.Builder.create(this, id).description(description)
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com")).build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(SUBMIT_ACTIONS).resources(List.of(warehouse.workgroupArn())).build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(FOLLOW_UP_ACTIONS).resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("redshift-data:statement-owner-iam-userid", "${aws:userid}")))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:GetSecretValue")).resources(List.of(warehouse.adminSecret().getSecretArn()))
                .build());
        Nag.acknowledge(role, "AwsSolutions-IAM5[Resource::*]", "DescribeStatement, GetStatementResult and "
                + "CancelStatement support no resource-level permission; the condition limits them to statements this "
                + "role submitted (redshift-data:statement-owner-iam-userid).");
        return role;
    }

    private FargateTaskDefinition task(String id, Role role, LogGroup logs, ContainerImage image, List<String> entryPoint,
                                       List<String> command, Map<String, String> environment) {
        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, id)
                .cpu(256).memoryLimitMiB(1024).taskRole(role)
                .runtimePlatform(RuntimePlatform.builder()
                        .cpuArchitecture(CpuArchitecture.X86_64).operatingSystemFamily(OperatingSystemFamily.LINUX).build())
                .build();
        Nag.acknowledgeImagePull(task);
        task.addContainer(CONTAINER, ContainerDefinitionOptions.builder()
                .image(image)
                .entryPoint(entryPoint)
                .command(command)
                .environment(environment)
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix(id).build()))
                .build());
        return task;
    }

    /**
     * The scheduled runs publish their alerts (docs/alerts.md) to this topic: its ARN in the run task's environment,
     * and {@code sns:Publish} on it with the use of its key ({@code kms:GenerateDataKey*} and {@code kms:Decrypt}, what
     * a publisher to an encrypted topic needs) for the run role only.
     */
    public void sendAlertsTo(Topic topic) {
        runContainer.addEnvironment(ModelsEnvironment.SNS_TOPIC_ARN, topic.getTopicArn());
        topic.grantPublish(runRole);
        Nag.acknowledge(runRole, "AwsSolutions-IAM5[Action::kms:GenerateDataKey*]", "Publishing to the KMS-encrypted "
                + "alarm topic needs kms:GenerateDataKey* and kms:Decrypt on its key (granted on that one key only).");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The scheduled runs' role. */
    public Role runRole() {
        return runRole;
    }

    /** The setup task's role (setup and check). */
    public Role setupRole() {
        return setupRole;
    }

    /** The scheduled runs' log group, which the model-run alarms read. */
    public LogGroup logGroup() {
        return logGroup;
    }

    public LogGroup setupLogGroup() {
        return setupLogGroup;
    }

    public FargateTaskDefinition runTask() {
        return runTask;
    }

    public FargateTaskDefinition setupTask() {
        return setupTask;
    }

    public Schedule schedule() {
        return schedule;
    }

    public CustomResource setup() {
        return setup;
    }
}
