package dev.clickstream.cdk;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.http.CollectorServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.clickstream.cdk.Synth.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Synth only stages the image's build context (Docker builds it at deploy time), and that context holds the
 * Dockerfile and the runnable jar, nothing else from the repository: no local data, no keys.
 */
class ImageAssetTest {
    private static final Synth.Result APP = Synth.defaults();

    @Test
    void buildContextHoldsOnlyTheDockerfileAndTheJar() throws Exception {
        Map<String, Object> assets = new tools.jackson.databind.ObjectMapper().readValue(
                Files.readString(APP.outdir().resolve("Clickstream.assets.json")), Map.class);
        Map<String, Object> images = at(assets, "dockerImages");
        assertThat(images).hasSize(1);
        String dir = at(images.values().iterator().next(), "source", "directory");
        Path context = APP.outdir().resolve(dir);
        List<String> files;
        try (Stream<Path> walk = Files.walk(context)) {
            files = walk.filter(Files::isRegularFile).map(p -> context.relativize(p).toString()).sorted().toList();
        }
        assertThat(files).containsExactly("Dockerfile", CollectorImage.JAR);
    }

    @Test
    void dockerfileRunsTheCollectorAsANonRootUserWithAHealthCheckAndASizedHeap() throws Exception {
        String dockerfile = Files.readString(Synth.REPO.resolve("Dockerfile"));
        assertThat(dockerfile).containsPattern("(?m)^FROM eclipse-temurin:17-jre")
                .containsPattern("(?m)^USER 10001:10001$")
                .containsPattern("(?m)^HEALTHCHECK .*CMD \\[\"/usr/local/bin/clickstream-healthcheck\"]$")
                .contains("-XX:MaxRAMPercentage=75")
                .contains("COPY " + CollectorImage.JAR + " ")
                .containsPattern("(?m)^CMD \\[\"collector\"\\]$");
        // the ECS health check calls the script the image defines
        Map<String, Object> container = APP.ofType("AWS::ECS::TaskDefinition").values().stream()
                .map(t -> (Map<String, Object>) at(Synth.Result.props(t), "ContainerDefinitions", 0))
                .filter(c -> CollectorService.CONTAINER.equals(c.get("Name"))).findFirst().orElseThrow();
        String script = ((List<String>) at(container, "HealthCheck", "Command")).get(1);
        assertThat(dockerfile).contains("> " + script);
        assertThat(container).containsEntry("ReadonlyRootFilesystem", true);
    }

    /** The image's ports are the collector's defaults; its health check is liveness, on the operations port. */
    @Test
    void dockerfilePortsAndLivenessCheckAreTheCollectorsDefaults() throws Exception {
        String dockerfile = Files.readString(Synth.REPO.resolve("Dockerfile"));
        assertThat(dockerfile).containsPattern("(?m)^EXPOSE " + CollectorKeys.HTTP_PORT.defaultValue() + " "
                + CollectorKeys.HTTP_OPS_PORT.defaultValue() + "$");
        // the script the HEALTHCHECK runs: the operations port (the key's default unless the variable says otherwise)
        // and the liveness path; readiness is the load balancer's (FrontDoorTest)
        assertThat(dockerfile).contains("/dev/tcp/127.0.0.1/${" + CollectorKeys.HTTP_OPS_PORT.envVar() + ":-"
                        + CollectorKeys.HTTP_OPS_PORT.defaultValue() + "}")
                .contains("GET " + CollectorServer.HEALTH_PATH + " HTTP/1.0")
                .doesNotContain("GET " + CollectorServer.READY_PATH);
        assertThat(CollectorService.OPS_PORT).isEqualTo(CollectorKeys.HTTP_OPS_PORT.defaultValue());
        assertThat(CollectorService.HTTP_PORT).isEqualTo(CollectorKeys.HTTP_PORT.defaultValue());
    }
}
