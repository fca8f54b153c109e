package dev.clickstream.cdk;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.sqs.Queue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * cdk-nag's AwsSolutions pack runs as a validation plugin on every synth: the deployment synthesizes (so it has no
 * unacknowledged finding, warnings included), and an unacknowledged finding does fail a synth.
 */
class NagTest {
    @Test
    void bothVariantsHaveNoUnacknowledgedFinding() throws Exception {
        for (Synth.Result r : new Synth.Result[] {Synth.defaults(), Synth.imported()}) {
            Path report = r.outdir().resolve("validation-report.json");
            assertThat(Files.readString(report)).contains("\"pluginReports\": []");
        }
    }

    @Test
    void anUnacknowledgedFindingFailsTheSynth(@org.junit.jupiter.api.io.TempDir Path dir) {
        App app = ClickstreamApp.testApp(dir.toString(), Map.of());
        Nag.checkAwsSolutions(app);
        Stack stack = new Stack(app, "Bad");
        Queue.Builder.create(stack, "Unencrypted").build();   // no dead-letter queue, no SSL enforcement: SQS3, SQS4
        assertThatThrownBy(app::synth).hasMessageContaining("Validation failed");
        assertThat(dir.resolve("validation-report.json")).content().contains("AwsSolutions-SQS3");
    }

    @Test
    void anAcknowledgementWithoutAReasonIsRefused(@org.junit.jupiter.api.io.TempDir Path dir) {
        Stack stack = new Stack(ClickstreamApp.testApp(dir.toString(), Map.of()), "Any");
        assertThatThrownBy(() -> Nag.acknowledge(stack, "AwsSolutions-SQS3", "ok")).hasMessageContaining("reason");
    }
}
