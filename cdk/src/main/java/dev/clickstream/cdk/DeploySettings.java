package dev.clickstream.cdk;

import software.amazon.awscdk.RemovalPolicy;
import software.constructs.Node;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The settings of one deployment, read from the CDK context and checked once, before anything is built. */
public final class DeploySettings {
    private final Map<Setting, String> values = new EnumMap<>(Setting.class);

    private DeploySettings(Map<Setting, String> given) {
        for (Setting s : Setting.values()) {
            String v = given.get(s);
            values.put(s, v == null ? s.defaultValue() : v.trim());
        }
        check();
    }

    /** Reads every setting from the app's context (cdk.json, {@code -c key=value}); unknown keys are left to the CDK. */
    public static DeploySettings fromContext(Node node) {
        Map<Setting, String> given = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            Object v = node.tryGetContext(s.key());
            if (v != null) given.put(s, String.valueOf(v));
        }
        return new DeploySettings(given);
    }

    public static DeploySettings of(Map<Setting, String> given) {
        return new DeploySettings(given);
    }

    public String get(Setting s) {
        return values.get(s);
    }

    public int integer(Setting s) {
        try {
            return Integer.parseInt(get(s));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("context " + s.key() + ": '" + get(s) + "' is not a whole number");
        }
    }

    public boolean isSet(Setting s) {
        return !get(s).isEmpty();
    }

    public List<String> list(Setting s) {
        return isSet(s) ? Arrays.stream(get(s).split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList() : List.of();
    }

    public RemovalPolicy removalPolicy() {
        return "destroy".equals(get(Setting.REMOVAL_POLICY)) ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    }

    public boolean flag(Setting s) {
        return "true".equals(get(s));
    }

    public boolean onDemandStream() {
        return "on-demand".equals(get(Setting.STREAM_MODE));
    }

    private void check() {
        oneOf(Setting.REMOVAL_POLICY, "retain", "destroy");
        oneOf(Setting.STREAM_MODE, "on-demand", "provisioned");
        between(Setting.STREAM_RETENTION_HOURS, 24, 8760);
        between(Setting.STREAM_SHARDS, 1, 10_000);
        if (!Logs.ALLOWED_DAYS.contains(integer(Setting.LOG_RETENTION_DAYS))) fail(Setting.LOG_RETENTION_DAYS, "must be one of " + Logs.ALLOWED_DAYS);
        between(Setting.VPC_NAT_GATEWAYS, 1, 3);
        oneOf(Setting.COLLECTOR_CPU, "256", "512", "1024", "2048", "4096");
        between(Setting.COLLECTOR_MEMORY, 512, 30_720);
        between(Setting.COLLECTOR_MIN, 1, 1000);
        between(Setting.COLLECTOR_MAX, integer(Setting.COLLECTOR_MIN), 1000);
        between(Setting.COLLECTOR_DESIRED, integer(Setting.COLLECTOR_MIN), integer(Setting.COLLECTOR_MAX));
        between(Setting.COLLECTOR_CPU_TARGET, 10, 95);
        between(Setting.COLLECTOR_REQUESTS_TARGET, 1, 1_000_000);
        between(Setting.COLLECTOR_DRAIN_SECONDS, 1, 110);
        between(Setting.API_RATE, 1, 1_000_000);
        between(Setting.API_BURST, 1, 1_000_000);
        between(Setting.REDSHIFT_BASE_RPU, 8, 512);
        if (integer(Setting.REDSHIFT_BASE_RPU) % 8 != 0) fail(Setting.REDSHIFT_BASE_RPU, "must be a multiple of 8");
        between(Setting.REDSHIFT_MAX_RPU, integer(Setting.REDSHIFT_BASE_RPU), 1024);
        between(Setting.MODEL_INTERVAL_MINUTES, 1, 1440);
        between(Setting.FRESHNESS_INTERVALS, 0, 1000);
        between(Setting.STREAM_LAG_MINUTES, 1, 10_080);
        oneOf(Setting.CHECK_AFTER_SETUP, "true", "false");
        if (isSet(Setting.DOMAIN_NAME) != isSet(Setting.CERTIFICATE_ARN)) {
            fail(Setting.CERTIFICATE_ARN, "domainName and certificateArn go together");
        }
        if (isSet(Setting.VPC_ID)) {
            if (list(Setting.VPC_PRIVATE_SUBNETS).isEmpty()) fail(Setting.VPC_PRIVATE_SUBNETS, "is required with vpcId");
            if (list(Setting.VPC_AZS).size() != list(Setting.VPC_PRIVATE_SUBNETS).size()) {
                fail(Setting.VPC_AZS, "needs one availability zone per private subnet");
            }
        }
        if (isSet(Setting.REDSHIFT_WORKGROUP_ARN) && !get(Setting.REDSHIFT_WORKGROUP_ARN).matches("arn:aws[a-z-]*:redshift-serverless:[a-z0-9-]+:\\d{12}:workgroup/[0-9a-f-]{36}")) {
            fail(Setting.REDSHIFT_WORKGROUP_ARN, "must be a workgroup ARN, arn:aws:redshift-serverless:<region>:<account>:workgroup/<id>");
        }
        if (isSet(Setting.REDSHIFT_WORKGROUP_ARN) != isSet(Setting.REDSHIFT_ADMIN_SECRET_ARN)) {
            fail(Setting.REDSHIFT_ADMIN_SECRET_ARN, "redshiftWorkgroupArn and redshiftAdminSecretArn go together");
        }
        if (isSet(Setting.ALARM_EMAIL) && !get(Setting.ALARM_EMAIL).matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            fail(Setting.ALARM_EMAIL, "must be an e-mail address");
        }
    }

    private void oneOf(Setting s, String... allowed) {
        if (!Arrays.asList(allowed).contains(get(s))) fail(s, "must be one of " + String.join(", ", allowed));
    }

    private void between(Setting s, int min, int max) {
        int v = integer(s);
        if (v < min || v > max) fail(s, "must be between " + min + " and " + max);
    }

    private void fail(Setting s, String problem) {
        throw new IllegalArgumentException("context " + s.key() + " = '" + get(s) + "': " + problem);
    }
}
