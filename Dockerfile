# The image the AWS deployment runs: the collector (`clickstream collector`) and the scheduled model runner
# (`clickstream models …`), both from the project's own runnable jar. Build the jar first:
#   mvn -B -q -pl cli -am package -DskipTests        # writes cli/target/clickstream.jar
# `cdk deploy` builds this image (ContainerImage.fromAsset, context: the repository root, only this file and the jar).
FROM eclipse-temurin:17-jre

RUN groupadd --system --gid 10001 clickstream \
 && useradd --system --uid 10001 --gid clickstream --no-create-home --shell /usr/sbin/nologin clickstream \
 && printf '%s\n' '#!/bin/bash' \
      '# liveness: GET /health on the operations port answers 200 (bash only: the JRE image has no curl)' \
      'exec 3<>"/dev/tcp/127.0.0.1/${CLICKSTREAM_HTTP_OPS_PORT:-8082}" || exit 1' \
      'printf "GET /health HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3' \
      'read -r -t 2 status <&3 && [[ "$status" == *" 200 "* ]]' > /usr/local/bin/clickstream-healthcheck \
 && chmod 0755 /usr/local/bin/clickstream-healthcheck

COPY cli/target/clickstream.jar /app/clickstream.jar

USER 10001:10001
WORKDIR /app

# The heap follows the task's memory (75 % of the container limit): 768 MiB on a 1 GiB task. The rest is for
# metaspace, thread stacks and Jetty's direct buffers. A JVM that runs out of heap exits, so ECS replaces it.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"

# 8080: the API (http.port); 8082: /health, /ready, /metrics (http.ops-port), for health checks only: this
# HEALTHCHECK asks /health (liveness), the load balancer /ready (see docs/aws.md, "Health checks")
EXPOSE 8080 8082
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["/usr/local/bin/clickstream-healthcheck"]

ENTRYPOINT ["java", "-jar", "/app/clickstream.jar"]
CMD ["collector"]
