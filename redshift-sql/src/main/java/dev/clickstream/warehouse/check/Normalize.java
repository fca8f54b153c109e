package dev.clickstream.warehouse.check;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One text form per value, whichever engine produced it. JDBC and the Data API spell the same value differently:
 * {@code 20} and {@code 20.0}, {@code 4294967296} and {@code 4.294967296E9}, {@code 10:00:00} and
 * {@code 10:00:00.000000}, {@code {"a": 1}} (jsonb) and {@code {"a":1}} (JSON_SERIALIZE).
 */
final class Normalize {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private Normalize() {}

    static String value(String kind, String raw) {
        if (raw == null) return null;
        return switch (kind) {
            case "num" -> number(raw);
            case "ts" -> timestamp(raw);
            case "json" -> json(raw);
            default -> raw;
        };
    }

    /** Six decimal places, no trailing zeros, no exponent: what survives two engines' float arithmetic. */
    static String number(String raw) {
        try {
            BigDecimal d = new BigDecimal(raw.strip()).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros();
            return d.signum() == 0 ? "0" : d.toPlainString();
        } catch (NumberFormatException e) {
            return raw;
        }
    }

    static String timestamp(String raw) {
        String t = raw.replace('T', ' ');
        if (t.endsWith("+00")) t = t.substring(0, t.length() - 3);
        if (t.contains(".")) t = t.replaceAll("0+$", "").replaceAll("\\.$", "");
        return t;
    }

    /** Keys sorted, no spaces, numbers as {@link #number}; text that is not JSON stays as it is. */
    static String json(String raw) {
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), raw)) {
            p.nextToken();
            Object tree = read(p);
            if (p.nextToken() != null) return raw;
            StringBuilder out = new StringBuilder();
            write(tree, out);
            return out.toString();
        } catch (JacksonException e) {
            return raw;
        }
    }

    private static Object read(JsonParser p) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, Object> m = new TreeMap<>();
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                p.nextToken();
                m.put(name, read(p));
            }
            return m;
        }
        if (t == JsonToken.START_ARRAY) {
            List<Object> a = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) a.add(read(p));
            return a;
        }
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) return new BigDecimal(number(p.getText()));
        if (t == JsonToken.VALUE_STRING) return p.getText();
        if (t == JsonToken.VALUE_TRUE) return Boolean.TRUE;
        if (t == JsonToken.VALUE_FALSE) return Boolean.FALSE;
        return null;
    }

    private static void write(Object v, StringBuilder out) {
        if (v instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) out.append(',');
                first = false;
                string((String) e.getKey(), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (v instanceof List<?> a) {
            out.append('[');
            for (int i = 0; i < a.size(); i++) {
                if (i > 0) out.append(',');
                write(a.get(i), out);
            }
            out.append(']');
        } else if (v instanceof String s) {
            string(s, out);
        } else if (v instanceof BigDecimal d) {
            out.append(d.toPlainString());
        } else {
            out.append(v);
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        out.append('"');
    }
}
