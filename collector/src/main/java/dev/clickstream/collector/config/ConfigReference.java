package dev.clickstream.collector.config;

import java.util.List;

/** Renders the configuration keys as the Markdown table the README carries (a test keeps the two identical). */
public final class ConfigReference {
    public static final String BEGIN = "<!-- config-reference:begin (generated from CollectorKeys; TestConfiguration checks it) -->";
    public static final String END = "<!-- config-reference:end -->";

    private ConfigReference() {}

    public static String markdown(List<ConfigKey<?>> keys) {
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

    public static void main(String[] args) {
        System.out.print(BEGIN + "\n" + markdown(CollectorKeys.ALL) + END + "\n");
    }
}
