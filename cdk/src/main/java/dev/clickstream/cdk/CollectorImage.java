package dev.clickstream.cdk;

import software.amazon.awscdk.IgnoreMode;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AssetImageProps;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.constructs.Construct;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The one image of the deployment, built by `cdk deploy` (Docker needed then, and only then) from the repository's
 * Dockerfile and the runnable jar. The build context holds exactly those two files.
 */
public final class CollectorImage {
    public static final String JAR = "cli/target/clickstream.jar";

    private CollectorImage() {}

    public static ContainerImage fromRepository(Construct scope, Path repoRoot) {
        return ContainerImage.fromAsset(repoRoot.toAbsolutePath().normalize().toString(), AssetImageProps.builder()
                .file("Dockerfile")
                .platform(Platform.LINUX_AMD64)
                .ignoreMode(IgnoreMode.DOCKER)
                .exclude(List.of("*", "!Dockerfile", "!" + JAR))
                .build());
    }

    /** For the CLI: fail at synth, with the command to run, rather than at deploy with a Docker COPY error. */
    public static void requireJar(Path repoRoot) {
        if (!Files.isRegularFile(repoRoot.resolve(JAR))) {
            throw new IllegalStateException(JAR + " is missing: build it first with "
                    + "`mvn -B -q -pl cli,cdk -am package -DskipTests` from the repository root");
        }
    }
}
