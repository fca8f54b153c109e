package dev.clickstream.simulator.traffic;

import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;

/**
 * One message as an SDK would send it, plus what really happened: when, on which device, for whom.
 *
 * @param message    the Segment message, with {@code timestamp} already on the device's (possibly wrong) clock
 * @param trueTime   when it really happened
 * @param clockSkew  how wrong the device clock is; the sender stamps {@code sentAt} with the same skew
 * @param deliverAt  when it reaches the collector, in simulated time: later than trueTime for offline devices
 * @param resends    how many extra times an SDK retry re-sends it (same messageId)
 * @param truthKey   the person it belongs to, as far as the data can tell: their user id once they ever log in on
 *                   this device, else the device's anonymous id
 * @param botKind    null for people
 * @param population for people the bot rules must tell from bots (a crowd behind one address, a backend, a page's
 *                   automatic burst), which of them; otherwise null
 * @param address    the public address it is sent from, as the load balancer in front of a collector reports it
 *                   (X-Forwarded-For): the device's, or a backend's own; not in the message (browsers send none)
 */
public record SimEvent(ObjectNode message, Instant trueTime, Duration clockSkew, Instant deliverAt, int resends,
                       String truthKey, String botKind, String population, String address) {

    public String messageId() {
        return message.path("messageId").stringValue();
    }

    public String type() {
        return message.path("type").stringValue();
    }

    public String event() {
        return message.path("event").stringValue(null);
    }

    public String anonymousId() {
        return message.path("anonymousId").stringValue(null);
    }

    public String userId() {
        return message.path("userId").stringValue(null);
    }

    public boolean isLate() {
        return deliverAt.isAfter(trueTime);
    }
}
