package dev.clickstream.simulator.traffic;

import java.time.Duration;

/**
 * A browser, a phone or a backend: its anonymous id, public network address (what the collector's load balancer
 * reports in X-Forwarded-For; a browser SDK does not send it), user agent, clock error and the SDK it sends through.
 * {@code loggedIn} is the user the SDK remembers on it (null when logged out); a shared device is logged out at the
 * start of every visit. {@code claimedIp} is a {@code context.ip} the device writes into its messages itself (null:
 * none, as browsers do). {@code population} names the kind of people it stands for where the bot rules must tell
 * them from bots (null for an ordinary household device).
 */
final class Device {
    final String anonymousId;
    final String ip;
    final String userAgent;
    final Duration clockSkew;
    final boolean mobile;
    final boolean shared;
    final MessageFactory.Library library;
    final String population;
    String loggedIn;
    String claimedIp;

    Device(String anonymousId, String ip, String userAgent, Duration clockSkew, boolean mobile, boolean shared) {
        this(anonymousId, ip, userAgent, clockSkew, mobile, shared, MessageFactory.SIMULATOR, null);
    }

    Device(String anonymousId, String ip, String userAgent, Duration clockSkew, boolean mobile, boolean shared,
           MessageFactory.Library library, String population) {
        this.anonymousId = anonymousId;
        this.ip = ip;
        this.userAgent = userAgent;
        this.clockSkew = clockSkew;
        this.mobile = mobile;
        this.shared = shared;
        this.library = library;
        this.population = population;
    }
}
