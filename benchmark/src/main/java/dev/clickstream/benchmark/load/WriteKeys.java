package dev.clickstream.benchmark.load;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The Authorization header Segment's SDKs send: the write key as the Basic-auth user, no password. */
public final class WriteKeys {
    private WriteKeys() {}

    public static String basic(String writeKey) {
        return "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
    }
}
