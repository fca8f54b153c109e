package dev.clickstream.collector.config;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration key: its name, type, default, validation and description, declared in one place.
 * The same key is read from a CLI flag ({@link #flag()}), an environment variable ({@link #envVar()})
 * or a properties file (by {@link #name()}).
 */
public final class ConfigKey<T> {
    /** Checks a parsed value; returns an error text, or null when the value is fine. */
    @FunctionalInterface
    public interface Check<T> {
        String problem(T value);
    }

    private final String name;
    private final String group;
    private final String typeName;
    private final Function<String, T> parser;
    private final T defaultValue;
    private final Check<T> check;
    private final String description;
    private final boolean secret;

    private ConfigKey(Builder<T> b) {
        this.name = Objects.requireNonNull(b.name);
        this.group = Objects.requireNonNull(b.group);
        this.typeName = Objects.requireNonNull(b.typeName);
        this.parser = Objects.requireNonNull(b.parser);
        this.defaultValue = b.defaultValue;
        this.check = b.check;
        this.description = Objects.requireNonNull(b.description);
        this.secret = b.secret;
    }

    public String name() { return name; }
    public String group() { return group; }
    public String typeName() { return typeName; }
    public T defaultValue() { return defaultValue; }
    public String description() { return description; }
    public boolean secret() { return secret; }

    public String flag() {
        return "--" + name.replace('.', '-');
    }

    public String envVar() {
        return "CLICKSTREAM_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Parses and validates a raw text value, throwing {@link ConfigException} with a one-line reason. */
    public T parse(String raw, String origin) {
        T value;
        try {
            value = parser.apply(raw.trim());
        } catch (RuntimeException e) {
            throw new ConfigException(name + " (" + origin + "): cannot read '" + raw + "' as " + typeName);
        }
        validate(value, origin);
        return value;
    }

    void validate(T value, String origin) {
        if (check == null) return;
        String problem = check.problem(value);
        if (problem != null) {
            throw new ConfigException(name + " (" + origin + "): " + problem);
        }
    }

    public String describeDefault() {
        if (defaultValue == null) return "(none)";
        String s = String.valueOf(defaultValue);
        return s.isEmpty() ? "(empty)" : s;
    }

    public static Builder<Integer> intKey(String name) {
        return new Builder<Integer>(name, "int", Integer::valueOf);
    }

    public static Builder<Long> longKey(String name) {
        return new Builder<Long>(name, "long", Long::valueOf);
    }

    public static Builder<String> stringKey(String name) {
        return new Builder<String>(name, "string", s -> s);
    }

    public static Builder<Boolean> boolKey(String name) {
        return new Builder<Boolean>(name, "boolean", ConfigKey::parseBool);
    }

    public static <E extends Enum<E>> Builder<E> enumKey(String name, Class<E> type) {
        StringBuilder names = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            if (names.length() > 0) names.append('|');
            names.append(e.name().toLowerCase(Locale.ROOT));
        }
        return new Builder<E>(name, names.toString(), s -> Enum.valueOf(type, s.toUpperCase(Locale.ROOT)));
    }

    private static Boolean parseBool(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "1": return Boolean.TRUE;
            case "false": case "no": case "0": return Boolean.FALSE;
            default: throw new IllegalArgumentException(s);
        }
    }

    public static <N extends Comparable<N>> Check<N> between(N min, N max) {
        return v -> v.compareTo(min) < 0 || v.compareTo(max) > 0 ? "must be between " + min + " and " + max : null;
    }

    public static final class Builder<T> {
        private final String name;
        private final String typeName;
        private final Function<String, T> parser;
        private String group = "general";
        private T defaultValue;
        private Check<T> check;
        private String description;
        private boolean secret;

        private Builder(String name, String typeName, Function<String, T> parser) {
            this.name = name;
            this.typeName = typeName;
            this.parser = parser;
        }

        public Builder<T> group(String g) { this.group = g; return this; }
        public Builder<T> defaultValue(T v) { this.defaultValue = v; return this; }
        public Builder<T> check(Check<T> c) { this.check = c; return this; }
        public Builder<T> description(String d) { this.description = d; return this; }
        public Builder<T> secret() { this.secret = true; return this; }

        public ConfigKey<T> build() {
            ConfigKey<T> key = new ConfigKey<>(this);
            if (key.defaultValue != null) key.validate(key.defaultValue, "default");
            return key;
        }
    }
}
