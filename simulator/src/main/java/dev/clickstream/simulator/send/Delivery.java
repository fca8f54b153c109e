package dev.clickstream.simulator.send;

import dev.clickstream.simulator.traffic.SimEvent;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The exact sequence of messages put on the wire: every event in delivery order, plus each SDK retry's second copy
 * (same messageId) {@link #RETRY_DISTANCE} messages later, as when an acknowledgement was lost and the SDK re-sent.
 */
public final class Delivery {
    public static final int RETRY_DISTANCE = 250;

    /**
     * One message to send, with its device's clock error and the public address it comes from (null: none to present,
     * the collector sees this machine's).
     */
    public record Item(ObjectNode message, Duration clockSkew, String address) {
        public Item(ObjectNode message, Duration clockSkew) {
            this(message, clockSkew, null);
        }
    }

    private Delivery() {}

    public static List<Item> plan(List<SimEvent> events) {
        record Keyed(double key, Item item) {}
        List<Keyed> keyed = new ArrayList<>(events.size() + events.size() / 20);
        for (int i = 0; i < events.size(); i++) {
            SimEvent e = events.get(i);
            Item item = new Item(e.message(), e.clockSkew(), e.address());
            keyed.add(new Keyed(i, item));
            for (int r = 1; r <= e.resends(); r++) keyed.add(new Keyed(i + r * RETRY_DISTANCE + 0.5, item));
        }
        keyed.sort(java.util.Comparator.comparingDouble(Keyed::key));
        List<Item> items = new ArrayList<>(keyed.size());
        for (Keyed k : keyed) items.add(k.item());
        return items;
    }
}
