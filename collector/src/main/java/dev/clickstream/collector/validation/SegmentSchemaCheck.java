package dev.clickstream.collector.validation;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.clickstream.collector.auth.Source;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates a message against the JSON Schema of its type, kept in {@code resources/segment-schemas/}.
 * Schema errors become stable reason codes such as {@code missing_event} or {@code missing_user_or_anonymous_id}.
 */
public final class SegmentSchemaCheck implements MessageCheck {
    public static final List<String> TYPES = List.of("identify", "track", "page", "screen", "group", "alias");

    private final Map<String, Schema> schemas = new HashMap<>();
    private final Schema common;

    public SegmentSchemaCheck() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        for (String type : TYPES) {
            schemas.put(type, load(registry, type));
        }
        common = load(registry, "common");
    }

    private static Schema load(SchemaRegistry registry, String name) {
        Schema s = registry.getSchema(SchemaLocation.of("classpath:segment-schemas/" + name + ".json"));
        s.initializeValidators();
        return s;
    }

    @Override
    public Rejection check(ObjectNode message, Source source, Verdict verdict) {
        JsonNode type = message.get("type");
        Schema schema = type != null && type.isString() ? schemas.get(type.stringValue()) : null;
        List<Error> errors = (schema != null ? schema : common).validate(message);
        if (errors.isEmpty()) return null;
        return toRejection(errors);
    }

    static Rejection toRejection(List<Error> errors) {
        Error chosen = errors.get(0);
        for (Error e : errors) {
            if (rank(e) < rank(chosen)) chosen = e;
        }
        return new Rejection(code(chosen), chosen.getMessage());
    }

    /** Lower is more telling: the type, then required fields, then field types, then the id alternatives. */
    private static int rank(Error e) {
        if ("type".equals(field(e))) return 0;
        if (fromIdAlternatives(e)) return 3;
        return "required".equals(e.getKeyword()) ? 1 : 2;
    }

    /** The validator reports a failed anyOf as the errors of its branches; only the id rule uses anyOf. */
    private static boolean fromIdAlternatives(Error e) {
        return e.getEvaluationPath().toString().contains("anyOf");
    }

    private static String code(Error e) {
        String keyword = e.getKeyword();
        if (fromIdAlternatives(e)) return "missing_user_or_anonymous_id";
        if ("required".equals(keyword)) return "missing_" + snake(e.getProperty());
        String field = field(e);
        if (field == null) return "invalid_message";
        if ("pattern".equals(keyword)) return "missing_" + snake(field);
        return "invalid_" + snake(field);
    }

    /** The top-level field an error is about, or null for the message itself. */
    private static String field(Error e) {
        String loc = e.getInstanceLocation().toString();
        int start = loc.indexOf('/');
        if (start < 0 || start == loc.length() - 1) return null;
        int end = loc.indexOf('/', start + 1);
        return end < 0 ? loc.substring(start + 1) : loc.substring(start + 1, end);
    }

    private static String snake(String camel) {
        if (camel == null) return "field";
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
