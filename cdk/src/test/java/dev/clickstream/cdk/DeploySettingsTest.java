package dev.clickstream.cdk;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings are checked before anything is built, and docs/aws.md's tables are the code's, generated. */
class DeploySettingsTest {
    @Test
    void defaultsAreValid() {
        DeploySettings s = DeploySettings.of(Map.of());
        assertThat(s.onDemandStream()).isTrue();
        assertThat(s.removalPolicy()).isEqualTo(software.amazon.awscdk.RemovalPolicy.RETAIN);
        assertThat(s.integer(Setting.MODEL_INTERVAL_MINUTES)).isEqualTo(5);
    }

    @Test
    void refusesWhatWouldFailAtDeployTime() {
        assertThatThrownBy(() -> DeploySettings.of(Map.of(Setting.REDSHIFT_BASE_RPU, "12"))).hasMessageContaining("redshiftBaseRpu");
        assertThatThrownBy(() -> DeploySettings.of(Map.of(Setting.STREAM_RETENTION_HOURS, "12"))).hasMessageContaining("between 24 and 8760");
        assertThatThrownBy(() -> DeploySettings.of(Map.of(Setting.DOMAIN_NAME, "c.example.com"))).hasMessageContaining("certificateArn");
        assertThatThrownBy(() -> DeploySettings.of(Map.of(Setting.VPC_ID, "vpc-1"))).hasMessageContaining("vpcPrivateSubnetIds");
        assertThatThrownBy(() -> DeploySettings.of(Map.of(Setting.LOG_RETENTION_DAYS, "10"))).hasMessageContaining("logRetentionDays");
        assertThatThrownBy(() -> DeploySettings.of(Map.of(Setting.COLLECTOR_MIN, "4", Setting.COLLECTOR_DESIRED, "2")))
                .hasMessageContaining("collectorDesiredCount");
        assertThatThrownBy(() -> DeploySettings.of(Map.of(Setting.REDSHIFT_WORKGROUP_ARN, "my-workgroup")))
                .hasMessageContaining("workgroup ARN");
        assertThatThrownBy(() -> DeploySettings.of(Map.of(Setting.MODEL_INTERVAL_MINUTES, "often"))).hasMessageContaining("whole number");
    }

    @Test
    void docsCarryTheGeneratedTables() throws Exception {
        String doc = Files.readString(Synth.REPO.resolve("docs/aws.md"));
        assertThat(section(doc, "settings")).isEqualTo(Setting.markdownTable());
        assertThat(section(doc, "alarms")).isEqualTo(AlarmSpec.markdownTable());
    }

    private static String section(String doc, String name) {
        String begin = "<!-- " + name + ":begin (generated; DeploySettingsTest checks it) -->\n";
        String end = "<!-- " + name + ":end -->";
        int b = doc.indexOf(begin);
        int e = doc.indexOf(end);
        assertThat(b).as("docs/aws.md has the " + name + " markers").isGreaterThanOrEqualTo(0);
        return doc.substring(b + begin.length(), e);
    }
}
