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
            SimEvent order = events.stream().filter(e -> "Order Completed".equals(e.event())).findFirst().orElseThrow();
            assertThat(c.count("payload->>'message_id' = ? AND payload->'properties'->>'order_id' IS NOT NULL", order.messageId())).isPositive();
        }
    }
}
