package dev.clickstream.collector.config;

import dev.clickstream.collector.enrich.ClientAddress;

import static dev.clickstream.collector.config.ConfigKey.between;

/**
 * The API and operations listeners (http.*) and the optional edge rate limit (ratelimit.*). Part of {@link
 * CollectorKeys}, which composes every group into {@link CollectorKeys#ALL}.
 */
public interface HttpKeys {
    ConfigKey<String> HTTP_HOST = ConfigKey.stringKey("http.host").group("http")
            .defaultValue("127.0.0.1")
            .description("Address to bind. The default accepts only local connections; use 0.0.0.0 behind a load balancer.")
            .build();

    ConfigKey<Integer> HTTP_PORT = ConfigKey.intKey("http.port").group("http")
            .defaultValue(8080).check(between(0, 65535))
            .description("Port to bind; 0 picks a free port.")
            .build();

    ConfigKey<String> HTTP_PUBLIC_HOST = ConfigKey.stringKey("http.public-host").group("http")
            .defaultValue("")
            .check(v -> v.contains("://") ? "must be host[:port] without a scheme" : null)
            .description("host[:port] that SDKs reach this collector on, served as apiHost by the mobile settings endpoint. Empty: the bound host and port.")
            .build();

    ConfigKey<String> HTTP_TRUSTED_PROXIES = ConfigKey.stringKey("http.trusted-proxies").group("http")
            .defaultValue("")
            .check(ClientAddress::problem)
            .description("Proxies whose forwarding headers are believed: comma-separated CIDRs or addresses (e.g. 10.0.0.0/16, ::1). The client IP is found by walking from the connection's peer leftwards through X-Forwarded-For, then through the for= values of Forwarded (RFC 7239), skipping trusted addresses: the first untrusted IP literal is the client. Anything else (a name, 'unknown', garbage) stops the walk at the last trusted hop. Empty: forwarding headers are ignored and the peer is the client.")
            .build();

    ConfigKey<Integer> HTTP_MAX_THREADS = ConfigKey.intKey("http.max-threads").group("http")
            .defaultValue(200).check(between(8, 2000))
            .description("Maximum Jetty worker threads of the API listener. Bodies are read without blocking and the sink is awaited without blocking, so a request holds a thread only while it is parsed and validated: slow clients and a slow sink cost in-flight slots and connections, never threads.")
            .build();

    ConfigKey<Integer> HTTP_MAX_CONNECTIONS = ConfigKey.intKey("http.max-connections").group("http")
            .defaultValue(1024).check(between(16, 100_000))
            .description("Open client connections at most; further connections wait in the accept backlog. Each costs heap (Jetty's parser and buffers), so this bounds memory under a connection flood. It must be at least http.max-inflight-requests (each request in flight holds one connection; checked at start-up); the default's margin keeps room for keep-alive clients between requests.")
            .build();

    ConfigKey<Integer> HTTP_MAX_INFLIGHT_REQUESTS = ConfigKey.intKey("http.max-inflight-requests").group("http")
            .defaultValue(512).check(between(1, 100_000))
            .description("Ingest requests being handled at once (body being received, validated or awaiting the sink) at most; beyond it a request gets 503 overloaded with Retry-After at once, before its body is read. Request bodies in memory are at most this many times (limits.batch-bytes + the batch's wire size): 512 x ~1 MB by default.")
            .build();

    ConfigKey<Long> HTTP_IDLE_TIMEOUT_MS = ConfigKey.longKey("http.idle-timeout-ms").group("http")
            .defaultValue(10_000L).check(between(1_000L, 600_000L))
            .description("A connection on which nothing arrives for this long is closed (an idle keep-alive connection, or a request whose body stalls).")
            .build();

    ConfigKey<Long> HTTP_BODY_TIMEOUT_MS = ConfigKey.longKey("http.body-timeout-ms").group("http")
            .defaultValue(10_000L).check(between(100L, 600_000L))
            .description("Time a request body may take to arrive, plus one second per http.body-min-rate bytes received; a body still incomplete then gets 408 body_timeout and its connection is closed. So a client sending one byte a second holds its slot about this long, a body arriving at http.body-min-rate or faster is never cut, and the longest any body can take is this plus limits.batch-bytes / http.body-min-rate (about 73 s by default).")
            .build();

    ConfigKey<Integer> HTTP_BODY_MIN_RATE = ConfigKey.intKey("http.body-min-rate").group("http")
            .defaultValue(8 * 1024).check(between(0, 1024 * 1024 * 1024))
            .description("Bytes per second that earn a body one more second beyond http.body-timeout-ms (see there). 0: the body must arrive within http.body-timeout-ms, whatever its size.")
            .build();

    ConfigKey<String> HTTP_OPS_HOST = ConfigKey.stringKey("http.ops-host").group("http")
            .defaultValue("127.0.0.1")
            .description("Address of the operations listener (GET /health, /ready, /metrics), which has its own small thread pool, so it answers however busy the API listener is. Keep it private: loopback, or in a container the task's address that only the load balancer's health check reaches.")
            .build();

    ConfigKey<Integer> HTTP_OPS_PORT = ConfigKey.intKey("http.ops-port").group("http")
            .defaultValue(8082).check(between(0, 65535))
            .description("Port of the operations listener; 0 picks a free port. It must differ from http.port.")
            .build();

    ConfigKey<Long> RATELIMIT_IP_PER_SECOND = ConfigKey.longKey("ratelimit.ip.per-second").group("ratelimit")
            .defaultValue(0L).check(between(0L, 1_000_000L))
            .description("Ingest requests per second one client IP may send (after http.trusted-proxies); above it, 429 with Retry-After before the body is read. 0: no limit. See docs/alerts.md on when to use it rather than the load balancer or a WAF.")
            .build();

    ConfigKey<Long> RATELIMIT_SOURCE_PER_SECOND = ConfigKey.longKey("ratelimit.source.per-second").group("ratelimit")
            .defaultValue(0L).check(between(0L, 10_000_000L))
            .description("Ingest requests per second one source (write key) may send from all clients together; above it, 429 with Retry-After. 0: no limit.")
            .build();

    ConfigKey<Long> RATELIMIT_BURST_SECONDS = ConfigKey.longKey("ratelimit.burst-seconds").group("ratelimit")
            .defaultValue(5L).check(between(1L, 3_600L))
            .description("How many seconds of its rate a client or source may spend at once after being idle (the token bucket's size).")
            .build();

    ConfigKey<Integer> RATELIMIT_MAX_IPS = ConfigKey.intKey("ratelimit.max-ips").group("ratelimit")
            .defaultValue(100_000).check(between(1_000, 10_000_000))
            .description("Client IPs whose buckets are kept at most (the least recently seen are forgotten), bounding memory under address rotation.")
            .build();
}
