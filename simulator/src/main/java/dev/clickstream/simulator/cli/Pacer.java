package dev.clickstream.simulator.cli;

import dev.clickstream.simulator.send.Delivery;
import dev.clickstream.simulator.send.Sender;
import dev.clickstream.simulator.traffic.SimEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Sends a delivery plan as fast as possible, or paced so simulated time runs {@code speedup} times wall time. */
final class Pacer {
    private static final int CHUNK = 1_000;

    private Pacer() {}

    static void send(List<Delivery.Item> plan, List<SimEvent> events, Sender sender, double speedup, Instant start) {
        if (speedup <= 0) {
            for (int from = 0; from < plan.size(); from += CHUNK * 10) {
                sender.send(plan.subList(from, Math.min(plan.size(), from + CHUNK * 10)));
            }
            return;
        }
        java.util.Map<String, Instant> due = new java.util.HashMap<>();
        for (SimEvent e : events) due.put(e.messageId(), e.deliverAt());
        long wallStart = System.nanoTime();
        int from = 0;
        while (from < plan.size()) {
            Instant simulatedNow = start.plus(Duration.ofNanos((long) ((System.nanoTime() - wallStart) * speedup)));
            int to = from;
            while (to < plan.size() && to - from < CHUNK
                    && !due.get(plan.get(to).message().path("messageId").stringValue()).isAfter(simulatedNow)) to++;
            if (to > from) {
                sender.send(plan.subList(from, to));
                from = to;
            } else {
                try {
                    Thread.sleep(200); // a pacing clock, not synchronisation: wait for simulated time to reach the next event
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
