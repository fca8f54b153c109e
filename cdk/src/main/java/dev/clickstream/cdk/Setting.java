package dev.clickstream.cdk;

/**
 * Every deploy-time setting: a CDK context value ({@code -c name=value} or {@code cdk.json}), its default and what it
 * does. The one source of truth: {@code docs/aws.md}'s settings table is generated from this list and a test keeps
 * the two equal.
 */
public enum Setting {
    STACK_NAME("stackName", "clickstream", "CloudFormation stack name."),
    REMOVAL_POLICY("removalPolicy", "retain",
            "retain or destroy: what `cdk destroy` does to the stream, the warehouse namespace, the secrets and the log groups. retain keeps the data."),
    LOG_RETENTION_DAYS("logRetentionDays", "30", "Days CloudWatch keeps the logs of the API, the collector, the models and the VPC flow log (one of the periods CloudWatch accepts: 1, 3, 5, 7, 14, 30, 60, 90, 180, 365, ...)."),

    VPC_ID("vpcId", "", "Import this VPC instead of creating one (then vpcAvailabilityZones and vpcPrivateSubnetIds are required). Empty: create a VPC with two AZs and one NAT gateway."),
    VPC_AZS("vpcAvailabilityZones", "", "Imported VPC: comma-separated availability zones of vpcPrivateSubnetIds, in the same order."),
    VPC_PRIVATE_SUBNETS("vpcPrivateSubnetIds", "", "Imported VPC: comma-separated private subnets with a route to the internet or to Kinesis and Redshift endpoints."),
    VPC_CIDR("vpcCidr", "", "Imported VPC: its CIDR blocks, comma-separated. The collector believes forwarding headers only from these addresses (the load balancer and the API's VPC link). Empty: the private ranges 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16."),
    VPC_NAT_GATEWAYS("natGateways", "1", "Created VPC: NAT gateways (1 is cheapest; one per AZ survives an AZ outage)."),

    STREAM_MODE("streamMode", "on-demand", "on-demand, or provisioned (then streamShards applies)."),
    STREAM_SHARDS("streamShards", "2", "Shards of a provisioned stream (1 MB/s or 1,000 records/s of writes each)."),
    STREAM_RETENTION_HOURS("streamRetentionHours", "168", "How long Kinesis keeps records (24-8760): the longest ingestion outage Redshift can catch up from."),

    COLLECTOR_CPU("collectorCpu", "512", "Fargate CPU units per collector task (256, 512, 1024, 2048, 4096)."),
    COLLECTOR_MEMORY("collectorMemoryMiB", "1024", "Memory per collector task, MiB; the JVM heap takes 75% of it."),
    COLLECTOR_DESIRED("collectorDesiredCount", "2", "Collector tasks at deploy time."),
    COLLECTOR_MIN("collectorMinCount", "2", "Autoscaling lower bound (2 keeps one task per AZ)."),
    COLLECTOR_MAX("collectorMaxCount", "10", "Autoscaling upper bound."),
    COLLECTOR_CPU_TARGET("collectorCpuTargetPercent", "60", "Autoscaling target for average CPU."),
    COLLECTOR_REQUESTS_TARGET("collectorRequestsPerTarget", "3000", "Autoscaling target for load balancer requests per task per minute."),
    COLLECTOR_DRAIN_SECONDS("collectorDrainSeconds", "20", "How long a stopping collector may drain in-flight requests (its shutdown.deadline-ms); the load balancer's deregistration delay and the task's stop timeout are 10 s longer."),

    API_RATE("apiThrottleRate", "1000", "Stage throttling: steady requests per second over the whole API (a batch of events is one request)."),
    API_BURST("apiThrottleBurst", "2000", "Stage throttling: burst requests."),
    DOMAIN_NAME("domainName", "", "Optional custom domain for the API, e.g. collector.example.com (then certificateArn is required)."),
    CERTIFICATE_ARN("certificateArn", "", "ACM certificate for domainName, in the stack's region."),

    REDSHIFT_WORKGROUP_ARN("redshiftWorkgroupArn", "", "Import this Redshift Serverless workgroup (its ARN) instead of creating a namespace and workgroup. Attach the streaming role to its namespace yourself: the stack output StreamingRoleCommand prints the command."),
    REDSHIFT_ADMIN_SECRET_ARN("redshiftAdminSecretArn", "", "Imported workgroup: complete ARN of a Secrets Manager secret with username and password of a database user who may create schemas (the setup and the model runs use it through the Data API)."),
    REDSHIFT_DATABASE("redshiftDatabase", "dev", "Database the models write to."),
    REDSHIFT_BASE_RPU("redshiftBaseRpu", "8", "Created workgroup: base capacity in RPUs (8-512, steps of 8)."),
    REDSHIFT_MAX_RPU("redshiftMaxRpu", "32", "Created workgroup: most RPUs it may scale to, a cost ceiling."),

    MODEL_INTERVAL_MINUTES("modelIntervalMinutes", "5", "Minutes between two scheduled model runs (also the interval the runner's freshness alert counts in)."),
    CHECK_AFTER_SETUP("checkAfterSetup", "true", "true: after the warehouse setup of a deploy, the same task runs `clickstream models check` (probes, then setup and one model run over a fixture in a scratch schema it drops); a failed check fails the deploy. false: setup only."),

    ALARM_EMAIL("alarmEmail", "", "E-mail address subscribed to the alarm topic (confirm the mail AWS sends). Empty: no subscription. The scheduled model runs publish their alerts (docs/alerts.md) to the same topic."),
    FRESHNESS_INTERVALS("freshnessAlarmIntervals", "6", "Freshness alarm: fires when the newest modeled event is older than this many model intervals (6 × 5 min = 30 min). A site with no visitors for that long trips it too: raise it for quiet nights, or 0 for no freshness alarm."),
    STREAM_LAG_MINUTES("streamLagAlarmMinutes", "30", "Stream lag alarm: fires when the records Redshift's streaming ingestion reads are older than this many minutes (it is behind, or stopped reading).");

    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The markdown table of docs/aws.md, generated. */
    public static String markdownTable() {
        StringBuilder b = new StringBuilder("| context key | default | what it does |\n|---|---|---|\n");
        for (Setting s : values()) {
            b.append("| `").append(s.key).append("` | ")
                    .append(s.defaultValue.isEmpty() ? "(empty)" : "`" + s.defaultValue + "`")
                    .append(" | ").append(s.description).append(" |\n");
        }
        return b.toString();
    }
}
