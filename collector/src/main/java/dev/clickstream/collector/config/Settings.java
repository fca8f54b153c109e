package dev.clickstream.collector.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Resolved configuration values. Precedence: CLI flags, then environment variables, then the
 * properties file named by {@code config.file}, then each key's default.
 */
public final class Settings {
    private final Map<ConfigKey<?>, Object> values;

    private Settings(Map<ConfigKey<?>, Object> values) {
        this.values = values;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        if (!values.containsKey(key)) throw new IllegalArgumentException("unknown key " + key.name());
        return (T) values.get(key);
    }

    /** A copy with one value replaced; used by tests and embedders. */
    public <T> Settings with(ConfigKey<T> key, T value) {
        key.validate(value, "override");
        Map<ConfigKey<?>, Object> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new Settings(copy);
    }

    public static Settings defaults(List<ConfigKey<?>> keys) {
        return load(keys, Map.of(), Map.of());
    }

    /**
     * @param flags values by key name, as given on the command line
     * @param env   the process environment
     */
    public static Settings load(List<ConfigKey<?>> keys, Map<String, String> flags, Map<String, String> env) {
        Map<String, String> file = readFile(keys, flags, env);
        Map<ConfigKey<?>, Object> resolved = new LinkedHashMap<>();
        for (ConfigKey<?> key : keys) {
            resolved.put(key, resolve(key, flags, env, file));
        }
        return new Settings(resolved);
    }

    private static Object resolve(ConfigKey<?> key, Map<String, String> flags, Map<String, String> env, Map<String, String> file) {
        if (flags.containsKey(key.name())) return key.parse(flags.get(key.name()), key.flag());
        if (env.containsKey(key.envVar())) return key.parse(env.get(key.envVar()), key.envVar());
        if (file.containsKey(key.name())) return key.parse(file.get(key.name()), "config file");
        return key.defaultValue();
    }

    private static Map<String, String> readFile(List<ConfigKey<?>> keys, Map<String, String> flags, Map<String, String> env) {
        String name = CollectorKeys.CONFIG_FILE.name();
        String path = flags.getOrDefault(name, env.getOrDefault(CollectorKeys.CONFIG_FILE.envVar(), ""));
        if (path.isBlank()) return Map.of();
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(path))) {
            props.load(r);
        } catch (IOException e) {
            throw new ConfigException("config.file: cannot read " + path + ": " + e.getMessage());
        }
        Map<String, String> known = new HashMap<>();
        for (ConfigKey<?> k : keys) known.put(k.name(), "");
        Map<String, String> out = new HashMap<>();
        for (String k : props.stringPropertyNames()) {
            if (!known.containsKey(k)) throw new ConfigException("config.file " + path + ": unknown key '" + k + "'");
            out.put(k, props.getProperty(k));
        }
        return out;
    }
}
