package dev.clickstream.cdk;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

import java.util.List;

/** Every log group of the stack: encrypted with one customer-managed key, kept for logRetentionDays. */
public final class Logs extends Construct {
    private final Key key;
    private final RetentionDays retention;
    private final DeploySettings settings;

    public Logs(Construct scope, String id, DeploySettings s) {
        super(scope, id);
        this.settings = s;
        this.retention = retention(s.integer(Setting.LOG_RETENTION_DAYS));
        key = Key.Builder.create(this, "Key")
                .description("clickstream: encrypts the stack's CloudWatch log groups")
                .enableKeyRotation(true)
                .removalPolicy(s.removalPolicy())
                .build();
        key.grantEncryptDecrypt(new ServicePrincipal("logs." + Stack.of(this).getRegion() + ".amazonaws.com"));
    }

    public LogGroup group(Construct scope, String id) {
        return LogGroup.Builder.create(scope, id)
                .encryptionKey(key)
                .retention(retention)
                .removalPolicy(settings.removalPolicy())
                .build();
    }

    /** The retention periods CloudWatch accepts, in days, in the order of {@link RetentionDays}. */
    static final List<Integer> ALLOWED_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
            1096, 1827, 2192, 2557, 2922, 3288, 3653);

    static RetentionDays retention(int days) {
        int i = ALLOWED_DAYS.indexOf(days);
        if (i < 0) throw new IllegalArgumentException("context logRetentionDays: must be one of " + ALLOWED_DAYS);
        return RetentionDays.values()[i];
    }
}
