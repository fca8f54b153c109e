package dev.clickstream.cdk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The setup custom resource's handlers, run by a real Python against an ECS client stand-in that records the calls
 * and answers like ECS: start on create and update, nothing on delete, complete only on exit code 0.
 */
class WarehouseSetupHandlerTest {
    private static final String HARNESS = """
            import json, sys
            sys.path.insert(0, sys.argv[1])
            import warehouse_setup as h

            class Ecs:
                def __init__(self, status="STOPPED", codes=(0,), start=True):
                    self.calls, self.status, self.codes, self.start = [], status, codes, start
                def run_task(self, **kw):
                    self.calls.append(("run_task", kw))
                    return {"tasks": [{"taskArn": "arn:task/1"}], "failures": []} if self.start else {"tasks": [], "failures": [{"reason": "RESOURCE:ENI"}]}
                def describe_tasks(self, **kw):
                    self.calls.append(("describe_tasks", kw))
                    return {"tasks": [{"lastStatus": self.status, "stoppedReason": "Essential container exited",
                                       "containers": [{"exitCode": c} for c in self.codes]}]}

            props = {"Cluster": "c", "TaskDefinition": "td:7", "Subnets": ["s1", "s2"], "SecurityGroups": ["g"], "LogGroup": "setup-logs"}
            out = {}
            ecs = Ecs()
            r = h.on_event({"RequestType": "Create", "ResourceProperties": props}, None, ecs)
            out["create"] = r
            out["create_call"] = ecs.calls[0][1]
            out["update"] = h.on_event({"RequestType": "Update", "ResourceProperties": props, "PhysicalResourceId": "warehouse-setup"}, None, Ecs())["Data"]
            deleting = Ecs()
            out["delete"] = h.on_event({"RequestType": "Delete", "ResourceProperties": props, "PhysicalResourceId": "warehouse-setup"}, None, deleting)
            out["delete_calls"] = len(deleting.calls)
            done = {"RequestType": "Create", "ResourceProperties": props, "Data": {"TaskArn": "arn:task/1"}}
            out["running"] = h.is_complete(done, None, Ecs(status="RUNNING"))
            out["stopped_ok"] = h.is_complete(done, None, Ecs())
            try:
                h.is_complete(done, None, Ecs(codes=(1,)))
                out["stopped_failed"] = "no error"
            except RuntimeError as e:
                out["stopped_failed"] = str(e)
            try:
                h.on_event({"RequestType": "Create", "ResourceProperties": props}, None, Ecs(start=False))
                out["not_started"] = "no error"
            except RuntimeError as e:
                out["not_started"] = str(e)
            print(json.dumps(out, sort_keys=True))
            """;

    @Test
    void startsTheTaskOnCreateAndUpdateAndWaitsForExitCodeZero(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("warehouse_setup.py"), Resources.text("warehouse_setup.py"));
        Files.writeString(dir.resolve("harness.py"), HARNESS);
        Process p = new ProcessBuilder("python3", dir.resolve("harness.py").toString(), dir.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out)
                .contains("\"create\": {\"Data\": {\"TaskArn\": \"arn:task/1\"}, \"PhysicalResourceId\": \"warehouse-setup\"}")
                .contains("\"assignPublicIp\": \"DISABLED\"").contains("\"taskDefinition\": \"td:7\"").contains("\"launchType\": \"FARGATE\"")
                .contains("\"update\": {\"TaskArn\": \"arn:task/1\"}")
                .contains("\"delete\": {\"PhysicalResourceId\": \"warehouse-setup\"}").contains("\"delete_calls\": 0")
                .contains("\"running\": {\"IsComplete\": false}").contains("\"stopped_ok\": {\"IsComplete\": true}")
                .contains("warehouse setup failed (task arn:task/1, exit codes [1], Essential container exited); its output, "
                        + "with the check's FAIL lines, is in log group setup-logs")
                .contains("the setup task did not start");
    }
}
