# Custom resource handlers of the warehouse setup: on create and update, start the setup task (ECS RunTask, the
# project's own `clickstream models setup`, then `models check` unless switched off); then report complete when it
# stopped with exit code 0, fail otherwise.
# Deleting the resource deletes nothing: the warehouse keeps its tables.


def _ecs(client):
    if client is not None:
        return client
    import boto3
    return boto3.client("ecs")


def on_event(event, context=None, client=None):
    props = event["ResourceProperties"]
    if event["RequestType"] == "Delete":
        return {"PhysicalResourceId": event["PhysicalResourceId"]}
    answer = _ecs(client).run_task(
        cluster=props["Cluster"], taskDefinition=props["TaskDefinition"], launchType="FARGATE", count=1,
        networkConfiguration={"awsvpcConfiguration": {
            "subnets": props["Subnets"], "securityGroups": props["SecurityGroups"], "assignPublicIp": "DISABLED"}})
    if answer.get("failures") or not answer.get("tasks"):
        raise RuntimeError("the setup task did not start: %s" % answer.get("failures"))
    return {"PhysicalResourceId": "warehouse-setup", "Data": {"TaskArn": answer["tasks"][0]["taskArn"]}}


def is_complete(event, context=None, client=None):
    if event["RequestType"] == "Delete":
        return {"IsComplete": True}
    props = event["ResourceProperties"]
    arn = event["Data"]["TaskArn"]
    tasks = _ecs(client).describe_tasks(cluster=props["Cluster"], tasks=[arn]).get("tasks", [])
    if not tasks or tasks[0].get("lastStatus") != "STOPPED":
        return {"IsComplete": False}
    task = tasks[0]
    codes = [c.get("exitCode") for c in task.get("containers", [])]
    if codes and all(code == 0 for code in codes):
        return {"IsComplete": True}
    raise RuntimeError("warehouse setup failed (task %s, exit codes %s, %s); its output, with the check's FAIL lines, "
                       "is in log group %s" % (arn, codes, task.get("stoppedReason", "no reason given"),
                                               props.get("LogGroup", "(unknown)")))
