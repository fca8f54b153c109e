package dev.clickstream.collector.enrich;

/**
 * The client's IP: the connection's peer, or with N trusted proxies in front, the address N hops from the
 * right of {@code X-Forwarded-For} + peer. Entries left of that are client-controlled and never trusted.
 */
public final class ClientAddress {
    private final int trustedProxies;

    public ClientAddress(int trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    public String resolve(String peer, String forwardedFor) {
        if (trustedProxies == 0 || forwardedFor == null || forwardedFor.isBlank()) return peer;
        String[] hops = forwardedFor.split(",");
        // chain = hops..., peer; the client sits trustedProxies places left of the end
        int index = hops.length - trustedProxies;
        if (index < 0) index = 0;
        String ip = hops[index].trim();
        return ip.isEmpty() ? peer : ip;
    }
}
