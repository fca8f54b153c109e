package dev.clickstream.cdk;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.StackProps;

import java.nio.file.Path;
import java.util.Map;

/** The CDK app: `cd cdk && npx aws-cdk@2.1148.1 synth` (cdk.json runs this class). */
public final class ClickstreamApp {
    private ClickstreamApp() {}

    /** Builds the app: every setting from the context, AwsSolutions checks as a validation plugin. */
    public static ClickstreamStack build(App app, Path repoRoot) {
        Nag.checkAwsSolutions(app);
        DeploySettings settings = DeploySettings.fromContext(app.getNode());
        return new ClickstreamStack(app, "Clickstream", StackProps.builder()
                .stackName(settings.get(Setting.STACK_NAME))
                .description("clickstream: Segment-compatible collector, Kinesis, Redshift Serverless, scheduled models")
                .build(), settings, repoRoot);
    }

    /** An app for tests: no CLI, the output in {@code outdir}, the given context. */
    public static App testApp(String outdir, Map<String, Object> context) {
        return new App(AppProps.builder().outdir(outdir).context(context).build());
    }

    public static void main(String[] args) {
        Path repoRoot = Path.of("..").toAbsolutePath().normalize();
        CollectorImage.requireJar(repoRoot);
        App app = new App();
        build(app, repoRoot);
        app.synth();
    }
}
