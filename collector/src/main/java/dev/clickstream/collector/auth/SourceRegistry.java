package dev.clickstream.collector.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Maps write keys to sources. Keys are held only as SHA-256 digests and compared in constant time:
 * every configured digest is compared on every lookup, with no early exit.
 */
public final class SourceRegistry {
    private record Entry(byte[] digest, Source source) {}

    private final List<Entry> entries;
    private final Set<String> allOrigins;
    private final boolean anyOrigin;

    private SourceRegistry(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        Set<String> origins = new LinkedHashSet<>();
        boolean any = false;
        for (Entry e : entries) {
            origins.addAll(e.source.allowedOrigins());
            any |= e.source.allowsAnyOrigin();
        }
        this.allOrigins = Set.copyOf(origins);
        this.anyOrigin = any;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Source> authenticate(String writeKey) {
        if (writeKey == null || writeKey.isEmpty()) return Optional.empty();
        byte[] candidate = sha256(writeKey);
        Source match = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(candidate, e.digest) && match == null) {
                match = e.source;
            }
        }
        return Optional.ofNullable(match);
    }

    public int size() {
        return entries.size();
    }

    public List<Source> sources() {
        List<Source> out = new ArrayList<>();
        for (Entry e : entries) out.add(e.source);
        return out;
    }

    /** Whether any source accepts this browser origin; used before the request's source is known. */
    public boolean anySourceAllowsOrigin(String origin) {
        return anyOrigin || allOrigins.contains(origin);
    }

    public boolean anySourceAllowsAllOrigins() {
        return anyOrigin;
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();
        private final Set<String> names = new LinkedHashSet<>();

        public Builder add(String writeKey, Source source) {
            if (writeKey == null || writeKey.isBlank()) {
                throw new IllegalArgumentException("source " + source.name() + " has an empty write key");
            }
            if (!names.add(source.name())) {
                throw new IllegalArgumentException("source name '" + source.name() + "' is used twice");
            }
            byte[] digest = sha256(writeKey);
            for (Entry e : entries) {
                if (MessageDigest.isEqual(e.digest, digest)) {
                    throw new IllegalArgumentException("sources " + e.source.name() + " and " + source.name() + " share a write key");
                }
            }
            entries.add(new Entry(digest, source));
            return this;
        }

        public SourceRegistry build() {
            return new SourceRegistry(entries);
        }
    }
}
