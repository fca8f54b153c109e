package dev.clickstream.cdk;

import software.amazon.awscdk.Fn;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

import java.util.List;

/**
 * The collector's write keys, kept in Secrets Manager only. The deploy creates one source, {@code default}, with a
 * random key. Secrets Manager can generate a random string but not the collector's {@code name=key} form, so a
 * second secret holds the collector's sources.write-keys value, composed at deploy time by a dynamic reference: the
 * key never appears in the template, the cloud assembly or the task definition.
 */
public final class WriteKeys extends Construct {
    public static final String DEFAULT_SOURCE = "default";

    private final Secret generated;
    private final Secret sources;

    public WriteKeys(Construct scope, String id, DeploySettings s) {
        super(scope, id);
        generated = Secret.Builder.create(this, "DefaultSourceKey")
                .description("clickstream: the write key of source '" + DEFAULT_SOURCE + "', generated at the first deploy")
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(40).excludePunctuation(true).includeSpace(false).build())
                .removalPolicy(s.removalPolicy())
                .build();
        String composed = Fn.join("", List.of(DEFAULT_SOURCE + "=",
                SecretValue.secretsManager(generated.getSecretArn()).unsafeUnwrap()));
        sources = Secret.Builder.create(this, "Sources")
                .description("clickstream: the collector's sources.write-keys, name=key pairs separated by commas")
                // a dynamic reference, resolved by CloudFormation at deploy time: no key material in the template
                .secretStringValue(SecretValue.unsafePlainText(composed))
                .removalPolicy(s.removalPolicy())
                .build();
        for (Secret secret : List.of(generated, sources)) {
            Nag.acknowledge(secret, "AwsSolutions-SMG4", "Write keys are public by design (every browser that loads the "
                    + "SDK sees one); they are rotated by an operator per source (docs/aws.md, Adding and rotating "
                    + "sources), not on a timer that would break every deployed SDK.");
        }
    }

    /** The secret the collector reads sources.write-keys from. */
    public Secret sources() {
        return sources;
    }

    /** The secret holding only the generated key of source default: what `get-secret-value` prints for a user. */
    public Secret defaultKey() {
        return generated;
    }
}
