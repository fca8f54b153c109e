package dev.clickstream.collector.auth;

import dev.clickstream.collector.http.ApiError;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the request's write key and its source.
 * <p>Rule: the key of {@code Authorization: Basic base64(key:)} (colon optional) wins; otherwise the body's
 * {@code writeKey} (top level, batch envelope, or the events'). {@code Bearer} tokens are not write keys, so a
 * Bearer request needs the body key. Every key present in one request must be the same key; a request naming
 * two different keys is refused, so one request can never write to two sources.
 */
public final class WriteKeyResolver {
    private final SourceRegistry registry;

    public WriteKeyResolver(SourceRegistry registry) {
        this.registry = registry;
    }

    public Source resolve(String authorizationHeader, Collection<String> bodyKeys) {
        String key = basicKey(authorizationHeader);
        for (String k : bodyKeys) {
            if (k == null || k.isEmpty()) continue;
            if (key == null) {
                key = k;
            } else if (!key.equals(k)) {
                throw new ApiError(401, "write_key_mismatch", "The request carries more than one write key.");
            }
        }
        if (key == null) {
            throw new ApiError(401, "missing_write_key",
                    "No write key: send Authorization: Basic base64(writeKey:) or a writeKey field in the body.");
        }
        return registry.authenticate(key)
                .orElseThrow(() -> new ApiError(401, "invalid_write_key", "The write key is not known to this collector."));
    }

    /**
     * The source of the Authorization header's Basic key, checked before the body is read, so a request with an
     * unknown key is refused without receiving its body. Empty when the header carries no Basic key (the body may).
     */
    public Optional<Source> fromHeader(String authorizationHeader) {
        String key = basicKey(authorizationHeader);
        if (key == null) return Optional.empty();
        return Optional.of(registry.authenticate(key)
                .orElseThrow(() -> new ApiError(401, "invalid_write_key", "The write key is not known to this collector.")));
    }

    /** The user-name part of a Basic header, or null when there is none. */
    static String basicKey(String header) {
        if (header == null) return null;
        String h = header.trim();
        if (h.length() < 6 || !h.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) return null;
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiError(401, "invalid_authorization", "The Basic authorization header is not valid base64.");
        }
        int colon = decoded.indexOf(':');
        String user = colon < 0 ? decoded : decoded.substring(0, colon);
        return user.isEmpty() ? null : user;
    }
}
