package dev.clickstream.cdk;

import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Synthesizes each app variant once per test JVM (in-process, no CLI, no account, no Docker, no network) and hands the
 * template to every test class that asks: the module's tests cost two synths in all.
 */
final class Synth {
    private Synth() {}

    static final Path REPO = Path.of(System.getProperty("clickstream.repo", "..")).toAbsolutePath().normalize();
    private static final Path OUT = Path.of(System.getProperty("cdk.outdir", "target/test-cdk.out")).toAbsolutePath();
    /**
     * The image's build context for the tests: the real Dockerfile, a stand-in jar and a file that must stay out of
     * the context. Saves copying and hashing the 80 MB jar on every synth.
     */
    static final Path CONTEXT = stageBuildContext();

    private static Path stageBuildContext() {
        try {
            Path dir = OUT.resolve("build-context");
            deleteRecursively(dir);
            Files.createDirectories(dir.resolve("cli/target"));
            Files.createDirectories(dir.resolve("data"));
            Files.copy(REPO.resolve("Dockerfile"), dir.resolve("Dockerfile"));
            Files.writeString(dir.resolve(CollectorImage.JAR), "stand-in jar");
            Files.writeString(dir.resolve("data/dev-write-key"), "dev_must_not_reach_the_image");
            Files.writeString(dir.resolve("README.md"), "not part of the image");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Context of the imported variant: an existing VPC and an existing Redshift Serverless workgroup; and the switches
     * off (setup without the check, no freshness alarm).
     */
    static final Map<String, Object> IMPORTED = Map.of(
            "checkAfterSetup", "false",
            "freshnessAlarmIntervals", "0",
            "vpcId", "vpc-0123456789abcdef0",
            "vpcAvailabilityZones", "eu-west-1a,eu-west-1b",
            "vpcPrivateSubnetIds", "subnet-0aaaaaaaaaaaaaaa1,subnet-0bbbbbbbbbbbbbbb2",
            "redshiftWorkgroupArn", "arn:aws:redshift-serverless:eu-west-1:123456789012:workgroup/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
            "redshiftAdminSecretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:warehouse-admin-AbCdEf");

    private static final Map<String, Result> CACHE = new HashMap<>();

    record Result(ClickstreamStack stack, Template template, Path outdir) {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> resources() {
            return (Map<String, Map<String, Object>>) template.toJSON().get("Resources");
        }

        /** The resources of one CloudFormation type, by logical id. */
        Map<String, Map<String, Object>> ofType(String type) {
            Map<String, Map<String, Object>> out = new HashMap<>();
            resources().forEach((id, r) -> {
                if (type.equals(r.get("Type"))) out.put(id, r);
            });
            return out;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> props(Map<String, Object> resource) {
            return (Map<String, Object>) resource.get("Properties");
        }

        /** The one resource of a type (fails when there are none or several). */
        Map<String, Object> single(String type) {
            Map<String, Map<String, Object>> all = ofType(type);
            if (all.size() != 1) throw new AssertionError("expected one " + type + ", found " + all.keySet());
            return props(all.values().iterator().next());
        }

        String logicalId(software.constructs.IConstruct construct) {
            Object element = construct instanceof software.amazon.awscdk.CfnElement ? construct : construct.getNode().getDefaultChild();
            return stack.getLogicalId((software.amazon.awscdk.CfnElement) element);
        }

        /** Every statement of every IAM policy attached to this role, each as (actions, resources, condition). */
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> statementsOf(software.amazon.awscdk.services.iam.IRole role) {
            String id = logicalId(role);
            List<Map<String, Object>> out = new java.util.ArrayList<>();
            for (Map<String, Object> policy : ofType("AWS::IAM::Policy").values()) {
                List<Object> roles = (List<Object>) props(policy).get("Roles");
                if (!roles.contains(Map.of("Ref", id))) continue;
                out.addAll((List<Map<String, Object>>) at(props(policy), "PolicyDocument", "Statement"));
            }
            return out;
        }
    }

    static synchronized Result defaults() {
        return CACHE.computeIfAbsent("default", k -> synth(k, Map.of()));
    }

    static synchronized Result imported() {
        return CACHE.computeIfAbsent("imported", k -> synth(k, IMPORTED));
    }

    private static Result synth(String name, Map<String, Object> context) {
        Path outdir = OUT.resolve(name);
        deleteRecursively(outdir);
        App app = ClickstreamApp.testApp(outdir.toString(), context);
        ClickstreamStack stack = ClickstreamApp.build(app, CONTEXT);
        app.synth();
        try {
            String json = Files.readString(outdir.resolve(stack.getTemplateFile()));
            return new Result(stack, Template.fromString(json), outdir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A statement's actions as a list, whether the template holds one string or several. */
    @SuppressWarnings("unchecked")
    static List<String> actions(Map<String, Object> statement) {
        Object a = statement.get("Action");
        return a instanceof String s ? List.of(s) : (List<String>) a;
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Object node, Object... path) {
        Object cur = node;
        for (Object p : path) {
            cur = p instanceof Integer i ? ((List<Object>) cur).get(i) : ((Map<String, Object>) cur).get(p);
        }
        return (T) cur;
    }
}
