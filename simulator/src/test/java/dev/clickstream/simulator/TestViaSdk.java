package dev.clickstream.simulator;

import dev.clickstream.collector.testing.CollectorHarness;
import dev.clickstream.simulator.send.Delivery;
import dev.clickstream.simulator.send.SdkSender;
import dev.clickstream.simulator.traffic.Scenario;
import dev.clickstream.simulator.traffic.SimEvent;
import dev.clickstream.simulator.traffic.Simulation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** --via-sdk: the simulated traffic through the real analytics-java SDK lands whole, every call type included. */
class TestViaSdk {

    @Test
    void theSdkDeliversEveryMessageWithItsIdAndType() {
        List<SimEvent> events = Simulation.generate(Scenario.of(11, 15, 2));
        List<Delivery.Item> plan = Delivery.plan(events);
        try (CollectorHarness c = CollectorHarness.start()) {
            try (SdkSender sdk = new SdkSender(c.baseUrl(), CollectorHarness.KEY)) {
                sdk.send(plan);
                assertThat(sdk.stats().messages.get()).isEqualTo(plan.size());
            }
            assertThat(c.count("true")).isEqualTo(plan.size());
            assertThat(c.count("payload->>'kind' = 'event'")).isEqualTo(plan.size());
            for (String type : List.of("page", "identify", "alias", "group", "track")) {
                long sent = plan.stream().filter(i -> i.message().path("type").asString().equals(type)).count();
                assertThat(c.count("payload->>'type' = ?", type)).as(type).isEqualTo(sent);
            }
            // one machine sends for every device, as a relaying backend does: one observed address, and each device's
            // address in context.ip, where the bot rules do not look
            assertThat(c.count("payload->>'request_ip' = '127.0.0.1'")).isEqualTo(plan.size());
            assertThat(plan).as("people's messages claim no address themselves").anyMatch(i -> !i.message().path("context").has("ip"));
            for (Delivery.Item item : plan.subList(0, 50)) {
                String ip = item.message().path("context").path("ip").stringValue(item.address());
                assertThat(c.count("payload->>'message_id' = ? AND payload->>'ip' = ?", item.message().path("messageId").asString(), ip))
                        .as("the device's address in ip").isPositive();
            }
            SimEvent order = events.stream().filter(e -> "Order Completed".equals(e.event())).findFirst().orElseThrow();
            assertThat(c.count("payload->>'message_id' = ? AND payload->'properties'->>'order_id' IS NOT NULL", order.messageId())).isPositive();
        }
    }
}
