package dev.clickstream.collector.ingest;

import dev.clickstream.collector.http.ApiError;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The one configured JSON reader and writer: bounded depth and string length, strict UTF-8, no trailing garbage. */
public final class JsonCodec {
    private final JsonMapper mapper;

    public JsonCodec(int maxDepth, int maxStringLength) {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(maxDepth)
                .maxStringLength(maxStringLength)
                .build();
        JsonFactory factory = JsonFactory.builder().streamReadConstraints(constraints).build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** Parses a request body; any problem is a 400 naming what was wrong. */
    public JsonNode parse(byte[] body) {
        if (body.length == 0) throw ApiError.badRequest("empty_body", "The request body is empty.");
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ApiError.badRequest("empty_body", "The request body holds no JSON value.");
            }
            return node;
        } catch (StreamConstraintsException e) {
            throw ApiError.badRequest("json_limit_exceeded", "The JSON exceeds a limit: " + firstLine(e.getOriginalMessage()));
        } catch (JacksonException e) {
            String msg = e.getOriginalMessage();
            if (msg != null && msg.contains("UTF-8")) {
                throw ApiError.badRequest("invalid_utf8", "The body is not valid UTF-8.");
            }
            throw ApiError.badRequest("malformed_json", "The body is not valid JSON: " + firstLine(msg));
        }
    }

    public byte[] write(JsonNode node) {
        return mapper.writeValueAsBytes(node);
    }

    public String writeString(JsonNode node) {
        return mapper.writeValueAsString(node);
    }

    public ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public JsonMapper mapper() {
        return mapper;
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable input";
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
