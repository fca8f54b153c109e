package dev.clickstream.collector;

import dev.clickstream.collector.config.CollectorKeys;
import dev.clickstream.collector.config.ConfigException;
import dev.clickstream.collector.config.Settings;
import dev.clickstream.collector.enrich.ClientAddress;
import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.collector.testing.ValidTraffic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.clickstream.collector.testing.CollectorHarness.KEY;
import static dev.clickstream.collector.testing.CollectorHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Who sent it (issue 11 §8): forwarding headers are believed only from trusted proxies (http.trusted-proxies, CIDRs),
 * walked from the right, IP literals only, so a client cannot choose the address recorded for it. The collector here
 * trusts its test client's own address, 127.0.0.1, as if it were a load balancer in 10.0.0.0/16. And one source's
 * messageId never pre-empts another's: the collector stores both (the warehouse's events model keeps one row per
 * (source, message_id), TestEventsAndIdentity).
 */
class TestTrustedProxies {
    @RegisterExtension
    static final CollectorHarness c = CollectorHarness.perClass(CollectorKeys.HTTP_TRUSTED_PROXIES, "127.0.0.1, 10.0.0.0/16");

    @Test
    void spoofedXForwardedFor() {
        try (ValidTraffic valid = ValidTraffic.start(c)) {
            // the client wrote 6.6.6.6 itself; the trusted proxy appended the address it saw
            assertThat(ipOf("spoof-1", "X-Forwarded-For", "6.6.6.6, 203.0.113.5")).isEqualTo("203.0.113.5");
            // two trusted hops: still the first untrusted address from the right
            assertThat(ipOf("spoof-2", "X-Forwarded-For", "6.6.6.6, 203.0.113.5, 10.0.7.8")).isEqualTo("203.0.113.5");
            // a name or garbage is never taken: the walk stops at the last trusted hop
            assertThat(ipOf("spoof-3", "X-Forwarded-For", "evil.example, 10.0.7.8")).isEqualTo("10.0.7.8");
            assertThat(ipOf("spoof-4", "X-Forwarded-For", "6.6.6.6, 203.0.113.5:443")).isEqualTo("127.0.0.1");
            // every hop trusted (an internal client): the leftmost of them
            assertThat(ipOf("spoof-5", "X-Forwarded-For", "10.0.0.1, 10.0.0.2")).isEqualTo("10.0.0.1");
        }
    }

    @Test
    void crossSourceDuplicateMessageId() throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(2);
        try (ValidTraffic valid = ValidTraffic.start(c)) {
            for (int i = 0; i < 10; i++) {
                String id = "cross-source-" + i;
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<Integer>> sent = new ArrayList<>();
                for (String key : List.of(KEY, "wk_java_test")) {
                    sent.add(senders.submit(() -> {
                        together.await(10, TimeUnit.SECONDS);
                        return c.post("/v1/t", "{\"event\":\"Order Completed\",\"userId\":\"u\",\"messageId\":\"" + id + "\"}",
                                "Authorization", basic(key)).statusCode();
                    }));
                }
                for (Future<Integer> status : sent) assertThat(status.get(30, TimeUnit.SECONDS)).isEqualTo(200);
                // both stored, each under its own source
                assertThat(c.count("payload->>'message_id' = ? AND payload->>'source' = 'test'", id)).as(id).isEqualTo(1);
                assertThat(c.count("payload->>'message_id' = ? AND payload->>'source' = 'java'", id)).as(id).isEqualTo(1);
            }
        } finally {
            senders.shutdownNow();
        }
        // ValidTraffic's close asserted: every valid event stored once, /health and /ready 200
    }

    @Test
    void apiGatewaysForwardedHeaderBehindTheLoadBalancer() {
        // API Gateway HTTP APIs send Forwarded (appending to a client's own), then the ALB appends the VPC link's address
        assertThat(ipOf("apigw-1", "Forwarded", "for=6.6.6.6, for=198.51.100.20;by=10.0.1.1;host=x.execute-api.eu-west-1.amazonaws.com;proto=https",
                "X-Forwarded-For", "10.0.3.4")).isEqualTo("198.51.100.20");
        assertThat(ipOf("apigw-2", "Forwarded", "for=\"[2001:db8::7]:4711\";proto=https", "X-Forwarded-For", "10.0.3.4"))
                .isEqualTo("2001:db8::7");
        assertThat(ipOf("apigw-3", "Forwarded", "for=unknown", "X-Forwarded-For", "10.0.3.4")).isEqualTo("10.0.3.4");
    }

    @Test
    void withNoTrustedProxyTheHeadersAreIgnored() {
        ClientAddress none = new ClientAddress("");
        assertThat(none.resolve("192.0.2.1", List.of("6.6.6.6"), List.of("for=7.7.7.7"))).isEqualTo("192.0.2.1");
        ClientAddress lb = new ClientAddress("10.0.0.0/16");
        assertThat(lb.resolve("192.0.2.1", List.of("6.6.6.6"), List.of())).as("the peer itself is not trusted").isEqualTo("192.0.2.1");
        assertThat(lb.resolve("10.0.9.9", List.of("6.6.6.6", "203.0.113.9"), List.of()))
                .as("several header lines form one list").isEqualTo("203.0.113.9");
        assertThat(new ClientAddress("::1/128, 2001:db8::/32").resolve("0:0:0:0:0:0:0:1", List.of("2001:db8::5, 2001:dbf::1"), List.of()))
                .isEqualTo("2001:dbf::1");
    }

    @Test
    void onlyAddressesAndBlocksAreAccepted() {
        assertThat(ClientAddress.problem("10.0.0.0/8, 192.168.1.7, fd00::/8")).isNull();
        assertThat(ClientAddress.problem("10.0.0.0/33")).contains("prefix length");
        assertThat(ClientAddress.problem("proxy.internal")).contains("not an IP address");
        assertThat(ClientAddress.problem("010.0.0.1")).contains("not an IP address");
        assertThatThrownBy(() -> Settings.load(CollectorKeys.ALL, Map.of("http.trusted-proxies", "1"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.trusted-proxies");
    }

    private static String ipOf(String messageId, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = basic(KEY);
        System.arraycopy(headers, 0, all, 2, headers.length);
        assertThat(c.post("/v1/t", "{\"event\":\"E\",\"userId\":\"u\",\"messageId\":\"" + messageId
                + "\",\"context\":{\"ip\":\"6.6.6.6\"}}", all).statusCode()).isEqualTo(200);
        // context.ip is the client's to set; request_ip is what the collector observed
        return c.event(messageId).path("request_ip").asString();
    }
}
