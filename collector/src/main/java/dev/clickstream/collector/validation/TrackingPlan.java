package dev.clickstream.collector.validation;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * A source's tracking plan: one JSON Schema per track event name, read from {@code <dir>/<Event Name>.json}
 * and applied to the whole message (so a schema constrains {@code properties.revenue}, say).
 * {@code flag} delivers a violating event with a {@code violations} list; {@code quarantine} turns it into a rejection.
 */
public final class TrackingPlan {
    public enum Mode { FLAG, QUARANTINE }

    private final Mode mode;
    private final Map<String, Schema> byEvent;

    public TrackingPlan(Mode mode, Map<String, Schema> byEvent) {
        this.mode = mode;
        this.byEvent = Map.copyOf(byEvent);
    }

    public Mode mode() { return mode; }

    public int size() { return byEvent.size(); }

    /** Violations of the plan, empty when the event has no schema or passes it. */
    public List<String> violations(String event, JsonNode message) {
        Schema schema = byEvent.get(event);
        if (schema == null) return List.of();
        List<Error> errors = schema.validate(message);
        return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }

    public static TrackingPlan load(Path dir, Mode mode) throws IOException {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        Map<String, Schema> schemas = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                try (InputStream in = Files.newInputStream(f)) {
                    schemas.put(name.substring(0, name.length() - ".json".length()), registry.getSchema(in));
                }
            }
        }
        return new TrackingPlan(mode, schemas);
    }
}
