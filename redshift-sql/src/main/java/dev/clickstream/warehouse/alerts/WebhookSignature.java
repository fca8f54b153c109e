package dev.clickstream.warehouse.alerts;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The webhook's signature header: {@code X-Clickstream-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>}, the HMAC
 * keyed with the shared secret over {@code <t>.<body>}. The timestamp is signed with the body, so a receiver that
 * refuses old timestamps refuses a replayed request. Each retry is signed anew.
 */
public final class WebhookSignature {
    public static final String HEADER = "X-Clickstream-Signature";

    private WebhookSignature() {}

    public static String header(String secret, Instant at, byte[] body) {
        long t = at.getEpochSecond();
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(hmac(secret, t, body));
    }

    /**
     * What a receiver does: parse the header, refuse a timestamp further than {@code tolerance} from now, recompute
     * the HMAC and compare in constant time.
     */
    public static boolean verify(String header, byte[] body, String secret, Instant now, Duration tolerance) {
        if (header == null) return false;
        Long t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            String p = part.strip();
            if (p.startsWith("t=")) {
                try {
                    t = Long.parseLong(p.substring(2));
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (p.startsWith("v1=")) {
                v1 = p.substring(3);
            }
        }
        if (t == null || v1 == null) return false;
        if (Math.abs(now.getEpochSecond() - t) > tolerance.toSeconds()) return false;
        byte[] expected = HexFormat.of().formatHex(hmac(secret, t, body)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, v1.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(String secret, long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
