package dev.clickstream.cdk;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Validations;
import software.constructs.IConstruct;

/**
 * cdk-nag's AwsSolutions pack as a validation plugin: any finding that is not acknowledged fails the synth. Every
 * acknowledgement names its rule and says why, next to the resource it is about.
 */
public final class Nag {
    private Nag() {}

    public static void checkAwsSolutions(IConstruct app) {
        Validations.of(app).addPlugins(new AwsSolutionsChecks(app, NagPackProps.builder().build()));
    }

    /** Accepts one finding (e.g. {@code AwsSolutions-IAM5[Resource::*]}) on this construct and everything under it. */
    public static void acknowledge(IConstruct scope, String rule, String reason) {
        if (reason == null || reason.strip().length() < 30) {
            throw new IllegalArgumentException("acknowledging " + rule + " needs a real reason, not '" + reason + "'");
        }
        Validations.of(scope).acknowledge(Acknowledgment.builder().id(rule).reason(reason).build());
    }

    /** A task's execution role pulls the stack's image: ecr:GetAuthorizationToken only exists on resource "*". */
    public static void acknowledgeImagePull(IConstruct task) {
        acknowledge(task, "AwsSolutions-IAM5[Resource::*]", "The execution role's ecr:GetAuthorizationToken supports no "
                + "resource-level permission; image pulls themselves are limited to the stack's own repository.");
    }
}
