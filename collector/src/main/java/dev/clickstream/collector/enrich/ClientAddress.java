package dev.clickstream.collector.enrich;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The client's IP, as far as the proxies in front of the collector can be believed ({@code http.trusted-proxies}).
 * <p>The walk starts at the connection's peer and goes leftwards, hop by hop: first through {@code X-Forwarded-For}
 * (what an ALB or nginx appends), then through the {@code for=} values of RFC 7239 {@code Forwarded} (what API Gateway
 * HTTP APIs send, instead of X-Forwarded-For). As long as the current hop is a trusted proxy, the entry it wrote is
 * believed; the first untrusted address is the client. An entry that is not an IP literal (a name, {@code unknown},
 * an obfuscated {@code _hidden}, garbage) stops the walk at the last trusted hop, so a client can never choose the
 * answer by writing a header of its own: whatever it writes sits left of the first untrusted hop, which is itself.
 * No host name is ever resolved.
 */
public final class ClientAddress {
    private final List<Cidr> trusted;

    /** @param trustedProxies comma-separated CIDRs or addresses; empty trusts no one (forwarding headers ignored) */
    public ClientAddress(String trustedProxies) {
        this.trusted = parseList(trustedProxies);
    }

    /** Why {@code value} is not a list of CIDRs, or null when it is (the config key's check). */
    public static String problem(String value) {
        try {
            parseList(value);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * @param peer         the connection's remote address
     * @param forwardedFor every X-Forwarded-For header line, in the order received
     * @param forwarded    every Forwarded header line, in the order received
     */
    public String resolve(String peer, List<String> forwardedFor, List<String> forwarded) {
        InetAddress current = literal(peer);
        if (trusted.isEmpty() || current == null || !isTrusted(current)) return peer;
        String currentText = peer;
        List<String> hops = new ArrayList<>();
        for (String line : forwarded) hops.addAll(forwardedFor(line));
        for (String line : forwardedFor) {
            for (String entry : line.split(",", -1)) hops.add(entry.strip());
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            String text = hops.get(i);
            InetAddress hop = literal(text);
            if (hop == null) return currentText;
            currentText = text;
            if (!isTrusted(hop)) return text;
        }
        return currentText;
    }

    private boolean isTrusted(InetAddress address) {
        for (Cidr c : trusted) if (c.contains(address)) return true;
        return false;
    }

    /** Whether {@code host} names this machine's loopback interface: {@code localhost} or a loopback IP literal. */
    public static boolean isLoopback(String host) {
        String h = host.strip();
        if (h.equalsIgnoreCase("localhost")) return true;
        InetAddress a = literal(h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h);
        return a != null && a.isLoopbackAddress();
    }

    /** The node of each element's {@code for=}, as an IP literal's text (brackets, quotes and port removed). */
    static List<String> forwardedFor(String header) {
        List<String> nodes = new ArrayList<>();
        for (String element : splitOutsideQuotes(header, ',')) {
            String node = "";
            for (String pair : splitOutsideQuotes(element, ';')) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equalsIgnoreCase("for")) node = node(pair.substring(eq + 1).strip());
            }
            nodes.add(node);
        }
        return nodes;
    }

    private static String node(String value) {
        String v = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            return close < 0 ? "" : v.substring(1, close);
        }
        int colon = v.indexOf(':');
        return colon >= 0 && colon == v.lastIndexOf(':') ? v.substring(0, colon) : v; // IPv4 with a port
    }

    private static List<String> splitOutsideQuotes(String s, char separator) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') quoted = !quoted;
            else if (c == '\\' && quoted) i++;
            else if (c == separator && !quoted) {
                parts.add(s.substring(start, i).strip());
                start = i + 1;
            }
        }
        parts.add(s.substring(start).strip());
        return parts;
    }

    /**
     * A strict IP literal, or null. Dotted-quad IPv4 without leading zeros, or IPv6 in hex, colons and dots; nothing
     * else reaches {@link InetAddress}, and what does starts with a hex digit or a colon and contains a colon, which
     * the JDK parses as a literal without a name lookup.
     */
    public static InetAddress literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) return null;
        if (text.indexOf(':') < 0) return ipv4(text);
        char first = text.charAt(0);
        if (Character.digit(first, 16) < 0 && first != ':') return null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.') return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static InetAddress ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) return null;
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) return null;
            int v = 0;
            for (int j = 0; j < p.length(); j++) {
                char c = p.charAt(j);
                if (c < '0' || c > '9') return null;
                v = v * 10 + (c - '0');
            }
            if (v > 255) return null;
            bytes[i] = (byte) v;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static List<Cidr> parseList(String value) {
        List<Cidr> out = new ArrayList<>();
        if (value == null || value.isBlank()) return out;
        for (String item : value.split(",")) {
            String s = item.strip().toLowerCase(Locale.ROOT);
            if (!s.isEmpty()) out.add(Cidr.parse(s));
        }
        return List.copyOf(out);
    }

    /** An address block: the address's first {@code bits} bits. */
    private record Cidr(byte[] network, int bits) {
        static Cidr parse(String s) {
            int slash = s.indexOf('/');
            InetAddress a = literal(slash < 0 ? s : s.substring(0, slash));
            if (a == null) throw new IllegalArgumentException("'" + s + "' is not an IP address or CIDR block");
            int max = a.getAddress().length * 8;
            int bits = max;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(s.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > max) throw new IllegalArgumentException("'" + s + "' has a prefix length outside 0-" + max);
            }
            return new Cidr(a.getAddress(), bits);
        }

        boolean contains(InetAddress address) {
            byte[] b = address.getAddress();
            if (b.length != network.length) return false;
            int full = bits / 8;
            for (int i = 0; i < full; i++) if (b[i] != network[i]) return false;
            int rest = bits % 8;
            if (rest == 0) return true;
            int mask = 0xff << (8 - rest);
            return (b[full] & mask) == (network[full] & mask);
        }
    }
}
