package dev.clickstream.collector.config;

import java.util.List;

/**
 * Renders configuration keys as the Markdown table the README carries between {@link #BEGIN} and {@link #END}.
 * {@code ./clickstream config-reference --write README.md} rewrites that block; a test keeps the two identical.
 */
public final class ConfigReference {
    public static final String BEGIN = "<!-- config-reference:begin (generated: ./clickstream config-reference --write README.md) -->";
    public static final String END = "<!-- config-reference:end -->";
    private static final String BEGIN_PREFIX = "<!-- config-reference:begin";

    /** A table of keys under a one-line heading (say which commands take them). */
    public record Section(String heading, List<ConfigKey<?>> keys) {}

    private ConfigReference() {}

    public static String markdown(List<Section> sections) {
        StringBuilder sb = new StringBuilder();
        for (Section section : sections) {
            if (sb.length() > 0) sb.append('\n');
            sb.append(section.heading()).append("\n\n");
            sb.append(markdownTable(section.keys()));
        }
        return sb.toString();
    }

    private static String markdownTable(List<ConfigKey<?>> keys) {
        StringBuilder sb = new StringBuilder();
        sb.append("| key | flag | environment | type | default | description |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (ConfigKey<?> k : keys) {
            sb.append("| `").append(k.name()).append("` | `").append(k.flag()).append("` | `").append(k.envVar())
                    .append("` | ").append(k.typeName().replace("|", "\\|")).append(" | ")
                    .append(k.secret() ? "(secret)" : "`" + k.describeDefault() + "`").append(" | ")
                    .append(k.description().replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }

    /** The table between the markers in {@code document}, or null when the markers are missing. */
    public static String extract(String document) {
        int[] block = block(document);
        return block == null ? null : document.substring(block[1], block[2]);
    }

    /** {@code document} with its marked block (markers included, whatever the begin marker's note said) rewritten. */
    public static String splice(String document, String table) {
        int[] block = block(document);
        if (block == null) throw new IllegalArgumentException("no " + BEGIN_PREFIX + " … " + END + " block");
        return document.substring(0, block[0]) + BEGIN + "\n" + table + document.substring(block[2]);
    }

    /** Start of the begin marker, start of the table after it, start of the end marker; null when absent. */
    private static int[] block(String document) {
        int begin = document.indexOf(BEGIN_PREFIX);
        if (begin < 0) return null;
        int tableStart = document.indexOf('\n', begin) + 1;
        int end = document.indexOf(END, begin);
        if (tableStart == 0 || end < tableStart) return null;
        return new int[] {begin, tableStart, end};
    }
}
