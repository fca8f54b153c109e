package dev.clickstream.simulator.traffic;

import java.time.Duration;

/**
 * A browser or phone: its anonymous id, network address, user agent and clock error. {@code loggedIn} is the user
 * the SDK remembers on it (null when logged out); a shared device is logged out at the start of every visit.
 */
final class Device {
    final String anonymousId;
    final String ip;
    final String userAgent;
    final Duration clockSkew;
    final boolean mobile;
    final boolean shared;
    String loggedIn;

    Device(String anonymousId, String ip, String userAgent, Duration clockSkew, boolean mobile, boolean shared) {
        this.anonymousId = anonymousId;
        this.ip = ip;
        this.userAgent = userAgent;
        this.clockSkew = clockSkew;
        this.mobile = mobile;
        this.shared = shared;
    }
}
