package dev.clickstream.warehouse.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The models, loaded from the classpath ({@code sql/staging/}, {@code sql/models/}) and ordered by their dependencies. */
public final class ModelCatalog {
    /** Every shared model file under models/; a test checks this list against the folder. */
    public static final List<String> MODEL_FILES = List.of("events", "sessions", "funnels", "cart_abandonment",
            "bot_flags", "daily_metrics", "category_hourly", "brand_daily");

    private final Map<String, Model> byName = new LinkedHashMap<>();

    private ModelCatalog(List<Model> models) {
        for (Model m : models) byName.put(m.name(), m);
        for (Model m : models) {
            for (String dep : m.dependsOn()) {
                if (!byName.containsKey(dep)) throw new IllegalStateException(m.name() + " depends on unknown model " + dep);
            }
        }
    }

    public static ModelCatalog load(Dialect dialect) {
        List<Model> models = new ArrayList<>();
        models.add(Model.parse(resource("sql/staging/" + dialect.stagingFile())));
        for (String f : MODEL_FILES) models.add(Model.parse(resource("sql/models/" + f + ".sql")));
        return new ModelCatalog(models);
    }

    public static String resource(String path) {
        try (InputStream in = ModelCatalog.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of all models, staging included. */
    public Set<String> names() {
        return Collections.unmodifiableSet(byName.keySet());
    }

    public Model get(String name) {
        Model m = byName.get(name);
        if (m == null) throw new IllegalArgumentException("no model named " + name + "; models: " + byName.keySet());
        return m;
    }

    /** All models, each after the models it depends on (file order breaks ties); fails on a cycle. */
    public List<Model> ordered() {
        List<Model> out = new ArrayList<>();
        Map<String, Integer> state = new LinkedHashMap<>();
        for (String name : byName.keySet()) visit(name, state, out);
        return out;
    }

    private void visit(String name, Map<String, Integer> state, List<Model> out) {
        Integer s = state.get(name);
        if (s != null && s == 2) return;
        if (s != null && s == 1) throw new IllegalStateException("dependency cycle through model " + name);
        state.put(name, 1);
        for (String dep : byName.get(name).dependsOn()) visit(dep, state, out);
        state.put(name, 2);
        out.add(byName.get(name));
    }
}
