package dev.clickstream.cdk;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static dev.clickstream.cdk.Synth.at;
import static org.assertj.core.api.Assertions.assertThat;

/** Least privilege, exactly: each role's full list of actions, and what each action may touch. */
class IamTest {
    private static final Synth.Result APP = Synth.defaults();
    private static final ClickstreamStack STACK = APP.stack();

    /** action → the resource it is granted on (one resource per action in this stack). */
    private static Map<String, Object> grants(software.amazon.awscdk.services.iam.IRole role) {
        Map<String, Object> out = new TreeMap<>();
        for (Map<String, Object> st : APP.statementsOf(role)) {
            assertThat(st.get("Effect")).isEqualTo("Allow");
            for (String a : Synth.actions(st)) assertThat(out.put(a, st.get("Resource"))).as("granted twice: " + a).isNull();
        }
        return out;
    }

    private static Map<String, Object> getAtt(software.constructs.IConstruct c, String attribute) {
        return Map.of("Fn::GetAtt", List.of(APP.logicalId(c), attribute));
    }

    @Test
    void collectorTaskRoleMayOnlyPutRecordsOnItsStream() {
        Map<String, Object> grants = grants(STACK.collector().taskDefinition().getTaskRole());
        assertThat(grants.keySet()).containsExactly("kinesis:DescribeStreamSummary", "kinesis:PutRecords", "kms:GenerateDataKey");
        Object stream = getAtt(STACK.stream().stream(), "Arn");
        assertThat(grants.get("kinesis:PutRecords")).isEqualTo(stream);
        assertThat(grants.get("kinesis:DescribeStreamSummary")).isEqualTo(stream);
        assertThat(grants.get("kms:GenerateDataKey")).isEqualTo(getAtt(STACK.stream().stream().getEncryptionKey(), "Arn"));
    }

    @Test
    void streamingRoleOnlyReadsThisStreamAndDecryptsWithItsKey() {
        var role = STACK.warehouse().streamingRole();
        Map<String, Object> grants = grants(role);
        TreeSet<String> expected = new TreeSet<>(EventStream.READ_ACTIONS);
        expected.addAll(List.of("kinesis:ListStreams", "kms:Decrypt"));
        assertThat(grants.keySet()).containsExactlyElementsOf(expected);
        for (String read : EventStream.READ_ACTIONS) assertThat(grants.get(read)).isEqualTo(getAtt(STACK.stream().stream(), "Arn"));
        assertThat(grants.get("kinesis:ListStreams")).isEqualTo("*");
        assertThat(grants.get("kms:Decrypt")).isEqualTo(getAtt(STACK.stream().stream().getEncryptionKey(), "Arn"));
        Map<String, Object> namespace = APP.single("AWS::RedshiftServerless::Namespace");
        Object roleArn = getAtt(role, "Arn");
        assertThat((List<Object>) at(namespace, "IamRoles")).containsExactly(roleArn);
        assertThat(namespace.get("DefaultIamRoleArn")).isEqualTo(roleArn);
        List<Map<String, Object>> trust = at(Synth.Result.props(APP.resources().get(APP.logicalId(role))),
                "AssumeRolePolicyDocument", "Statement");
        assertThat(trust.stream().map(t -> at(t, "Principal", "Service")).toList()).containsExactlyInAnyOrder("redshift.amazonaws.com", "redshift-serverless.amazonaws.com");
    }

    /** Both model roles: the Data API on this workgroup (follow-ups only on their own statements) and the admin secret. */
    private static void usesTheDataApiOnItsWorkgroupOnly(software.amazon.awscdk.services.iam.IRole role, Map<String, Object> grants) {
        Object workgroup = getAtt(STACK.warehouse().workgroup(), "Workgroup.WorkgroupArn");
        for (String submit : Models.SUBMIT_ACTIONS) assertThat(grants.get(submit)).isEqualTo(workgroup);
        assertThat(grants.get("secretsmanager:GetSecretValue")).isEqualTo(Map.of("Ref", APP.logicalId(STACK.warehouse().adminSecret())));
        for (Map<String, Object> st : APP.statementsOf(role)) {
            if (Synth.actions(st).contains("redshift-data:DescribeStatement")) {
                assertThat(st.get("Condition")).isEqualTo(Map.of("StringEquals",
                        Map.of("redshift-data:statement-owner-iam-userid", "${aws:userid}")));
            }
        }
    }

    private static TreeSet<String> dataApiActions() {
        TreeSet<String> expected = new TreeSet<>(Models.SUBMIT_ACTIONS);
        expected.addAll(Models.FOLLOW_UP_ACTIONS);
        expected.add("secretsmanager:GetSecretValue");
        return expected;
    }

    @Test
    void modelRunRoleUsesTheDataApiAndPublishesToTheAlarmTopicOnly() {
        var role = STACK.models().runRole();
        Map<String, Object> grants = grants(role);
        TreeSet<String> expected = dataApiActions();
        expected.addAll(List.of("sns:Publish", "kms:Decrypt", "kms:GenerateDataKey*"));
        assertThat(grants.keySet()).containsExactlyElementsOf(expected);
        usesTheDataApiOnItsWorkgroupOnly(role, grants);
        assertThat(grants.get("sns:Publish")).isEqualTo(Map.of("Ref", APP.logicalId(STACK.monitoring().topic())));
        Object topicKey = getAtt(STACK.monitoring().topic().getMasterKey(), "Arn");
        assertThat(grants.get("kms:Decrypt")).isEqualTo(topicKey);
        assertThat(grants.get("kms:GenerateDataKey*")).isEqualTo(topicKey);
    }

    @Test
    void setupRoleOnlyUsesTheDataApiOnItsWorkgroup() {
        var role = STACK.models().setupRole();
        Map<String, Object> grants = grants(role);
        assertThat(grants.keySet()).containsExactlyElementsOf(dataApiActions());
        usesTheDataApiOnItsWorkgroupOnly(role, grants);
        // the setup custom resource may start the setup task with exactly that role and the task's execution role
        List<Object> passed = APP.ofType("AWS::IAM::Policy").values().stream()
                .flatMap(p -> ((List<Map<String, Object>>) at(Synth.Result.props(p), "PolicyDocument", "Statement")).stream())
                .filter(st -> Synth.actions(st).contains("iam:PassRole"))
                .map(st -> st.get("Resource") instanceof List<?> l ? List.<Object>copyOf(l) : List.of(st.get("Resource")))
                .filter(resources -> resources.contains(getAtt(role, "Arn"))).findFirst().orElseThrow();
        assertThat(passed).containsExactlyInAnyOrder(getAtt(role, "Arn"), getAtt(STACK.models().setupTask().getExecutionRole(), "Arn"));
    }
}
