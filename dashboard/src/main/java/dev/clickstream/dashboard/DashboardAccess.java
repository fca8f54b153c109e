package dev.clickstream.dashboard;

import io.javalin.http.Context;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Who may read the dashboard. Bound to a loopback address it is open to the machine's own users unless a token is
 * set; bound to anything else it refuses to start without one. The token is accepted as a Bearer token, or as the
 * password of HTTP Basic (any user name), so a browser can be prompted for it.
 */
public final class DashboardAccess {
    /** The environment variable holding the token, for both {@code clickstream dashboard} and {@code up}. */
    public static final String TOKEN_ENV = "CLICKSTREAM_DASHBOARD_ACCESS_TOKEN";
    static final String REALM = "Basic realm=\"clickstream dashboard\", charset=\"UTF-8\"";
    private final byte[] tokenDigest;

    private DashboardAccess(String token) {
        this.tokenDigest = token.isEmpty() ? null : sha256(token);
    }

    /**
     * @param tokenFlag the command-line flag that sets the token, for the message
     * @throws IllegalArgumentException (one line, for the command line) when the host is not loopback and no token
     *                                  is set, or the host does not resolve
     */
    public static DashboardAccess forBinding(String host, String token, String tokenFlag) {
        if (token.isEmpty() && !isLoopback(host)) {
            throw new IllegalArgumentException("refusing to serve the dashboard on " + host + " without an access token: set "
                    + TOKEN_ENV + " (or " + tokenFlag + "), or bind 127.0.0.1");
        }
        return new DashboardAccess(token);
    }

    static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) if (!a.isLoopbackAddress()) return false;
            return true;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("dashboard host " + host + " does not resolve");
        }
    }

    boolean open() {
        return tokenDigest == null;
    }

    /** True when the request may proceed; otherwise answers 401 with a Basic challenge. */
    boolean admit(Context ctx) {
        if (tokenDigest == null) return true;
        String presented = presented(ctx.header("Authorization"));
        // compare digests of equal length in constant time, so neither the token nor its length leaks
        if (presented != null && MessageDigest.isEqual(tokenDigest, sha256(presented))) return true;
        ctx.header("WWW-Authenticate", REALM).status(401).json(java.util.Map.of("error", "unauthorized",
                "message", "This dashboard needs its access token (Bearer, or as the Basic password)."));
        return false;
    }

    private static String presented(String authorization) {
        if (authorization == null) return null;
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return authorization.substring(7).strip();
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon < 0 ? null : pair.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
