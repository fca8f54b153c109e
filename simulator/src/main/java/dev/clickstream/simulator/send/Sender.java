package dev.clickstream.simulator.send;

import java.util.List;

/** Puts planned messages on the wire. Returns only when every message was acknowledged, or throws. */
public interface Sender extends AutoCloseable {
    void send(List<Delivery.Item> items);

    SendStats stats();

    @Override
    void close();
}
