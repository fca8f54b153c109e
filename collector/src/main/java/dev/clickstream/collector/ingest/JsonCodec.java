package dev.clickstream.collector.ingest;

import dev.clickstream.collector.http.ApiError;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The one configured JSON reader and writer. Before a byte is parsed the body must be strict UTF-8 (no other
 * encoding is guessed); the tree is then bounded in depth, string, number and document length, and token count
 * (a body of {@code [{},{},…]} is cheap to send and dear to hold); no trailing garbage; lone surrogates replaced.
 */
public final class JsonCodec {
    public record Limits(int maxDepth, int maxStringLength, int maxNumberLength, long maxDocumentLength, long maxTokens) {}

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private final JsonMapper mapper;

    public JsonCodec(Limits limits) {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxDepth())
                .maxStringLength(limits.maxStringLength())
                .maxNumberLength(limits.maxNumberLength())
                .maxDocumentLength(limits.maxDocumentLength())
                .maxTokenCount(limits.maxTokens())
                .build();
        JsonFactory factory = JsonFactory.builder().streamReadConstraints(constraints)
                .disable(TokenStreamFactory.Feature.CHARSET_DETECTION) // UTF-8 only: no UTF-16 or UTF-32 bodies
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** Parses a request body; any problem is a 400 naming what was wrong. */
    public JsonNode parse(byte[] body) {
        if (body.length == 0) throw ApiError.badRequest("empty_body", "The request body is empty.");
        int offset = startsWithBom(body) ? UTF8_BOM.length : 0;
        int length = body.length - offset;
        if (!StrictUtf8.isValid(body, offset, length)) {
            throw ApiError.badRequest("invalid_utf8", "The body is not valid UTF-8.");
        }
        boolean replaced = LoneSurrogates.rewriteEscapes(body, offset, length);
        try {
            JsonNode node = mapper.readTree(body, offset, length);
            if (node == null || node.isMissingNode()) {
                throw ApiError.badRequest("empty_body", "The request body holds no JSON value.");
            }
            if (replaced) LoneSurrogates.markReplaced(node);
            return node;
        } catch (StreamConstraintsException e) {
            throw ApiError.badRequest("json_limit_exceeded", "The JSON exceeds a limit: " + firstLine(e.getOriginalMessage()));
        } catch (JacksonException e) {
            throw ApiError.badRequest("malformed_json", "The body is not valid JSON: " + firstLine(e.getOriginalMessage()));
        }
    }

    public byte[] write(JsonNode node) {
        return mapper.writeValueAsBytes(node);
    }

    /**
     * The size of an object's JSON text, counted as it is written and never stored; counting stops once past
     * {@code limit} (any result above {@code limit} means too large). Zero for anything but an object.
     */
    public long size(JsonNode node, long limit) {
        if (node == null || !node.isObject()) return 0;
        SizeCounter counter = new SizeCounter(limit);
        try {
            mapper.writeValue(counter, node);
        } catch (JacksonException e) {
            if (!(e.getCause() instanceof SizeCounter.Exceeded)) throw e;
        }
        return counter.count;
    }

    private static final class SizeCounter extends OutputStream {
        static final class Exceeded extends IOException {
            Exceeded() {
                super("size limit exceeded", null);
            }
        }

        private final long limit;
        long count;

        SizeCounter(long limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            add(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            add(len);
        }

        private void add(long n) throws IOException {
            count += n;
            if (count > limit) throw new Exceeded();
        }
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

    private static boolean startsWithBom(byte[] body) {
        return body.length >= 3 && body[0] == UTF8_BOM[0] && body[1] == UTF8_BOM[1] && body[2] == UTF8_BOM[2];
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable input";
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return Text.cut(line, 200);
    }
}
